import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readQualificationForm } from '../../src/domain/qualification-form';
import { projectRoot } from '../../src/project-root';

const ICT_SOURCE = path.join(
  projectRoot(),
  'src',
  'qualifications',
  'sources',
  'afsprakenlijst-ict-beheerder.txt',
);
const ICT_JSON = path.join(projectRoot(), 'src', 'qualifications', 'ict-beheerder.json');

describe('the ICT-beheerder form', () => {
  it('reads back as the kerntaken, werkprocessen, descriptions and scale of ict-beheerder.json', () => {
    const read = readQualificationForm(readFileSync(ICT_SOURCE, 'utf8'));
    const expected = JSON.parse(readFileSync(ICT_JSON, 'utf8'));
    expect(read.id).toBe(expected.id);
    expect(read.title).toBe(expected.title);
    expect(read.formTitle).toBe(expected.formTitle);
    expect(read.crebo).toBe(expected.crebo);
    expect(read.criteria).toEqual(expected.criteria);
    expect(read.levels.map((l) => l.code)).toEqual(expected.levels.map((l: { code: string }) => l.code));
    read.levels.forEach((level, i) => {
      const want = expected.levels[i];
      expect(level.label).toBe(want.label);
      level.criteria.forEach((criterion, j) => {
        expect(criterion.key).toBe(want.criteria[j].key);
        expect(criterion.text).toBe(want.criteria[j].text);
      });
      // The form has no English: nothing is invented.
      expect(level.translations).toEqual({});
    });
    expect(read.notApplicable).toEqual(expected.notApplicable);
    expect(read.kerntaken.length).toBe(expected.kerntaken.length);
    read.kerntaken.forEach((kerntaak, k) => {
      const want = expected.kerntaken[k];
      expect(kerntaak.code).toBe(want.code);
      expect(kerntaak.title).toBe(want.title);
      expect(kerntaak.werkprocessen.length).toBe(want.werkprocessen.length);
      kerntaak.werkprocessen.forEach((werkproces, w) => {
        expect(werkproces.code).toBe(want.werkprocessen[w].code);
        expect(werkproces.title).toBe(want.werkprocessen[w].title);
        expect(werkproces.omschrijving).toBe(want.werkprocessen[w].omschrijving);
      });
    });
  });
});
