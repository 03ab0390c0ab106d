import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { levelChoices, QualificationDataError, werkprocesCount } from '../../src/domain/qualification';
import { projectRoot } from '../../src/project-root';
import {
  defaultQualificationsDir,
  loadQualificationCatalog,
  UnknownQualificationError,
} from '../../src/qualifications/catalog';

const FOUR_LEVELS = path.join(projectRoot(), 'test', 'fixtures', 'qualifications', 'vier-niveaus.json');

const SECOND = {
  id: 'testkwalificatie',
  title: 'Testkwalificatie',
  formTitle: 'Afspraken deelnemer - praktijkopleider Testkwalificatie',
  crebo: '12345',
  criteria: [{ key: 'a', label: 'Beoordeling' }],
  levels: ['Bg', 'G', 'Bk'].map((code) => ({
    code,
    label: `Niveau ${code}`,
    criteria: [{ key: 'a', text: `Criterium voor ${code}` }],
  })),
  notApplicable: { code: 'nvt', label: 'Niet mogelijk bij dit bedrijf' },
  kerntaken: [
    {
      code: 'B1-K1',
      title: 'Eerste kerntaak',
      werkprocessen: [
        { code: 'B1-K1-W1', title: 'Eerste werkproces', omschrijving: 'De deelnemer doet iets.' },
        { code: 'B1-K1-W2', title: 'Tweede werkproces', omschrijving: 'De deelnemer doet nog iets.' },
      ],
    },
  ],
};

describe('loadQualificationCatalog', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'qualifications-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(fileName: string, content: unknown): void {
    writeFileSync(
      path.join(dir, fileName),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
      'utf8',
    );
  }

  function loadError(): Error {
    try {
      loadQualificationCatalog(dir);
    } catch (error) {
      if (error instanceof Error) return error;
      throw error;
    }
    throw new Error('expected loadQualificationCatalog to throw');
  }

  it('reads the real catalog from the source folder', () => {
    expect(defaultQualificationsDir()).toBe(path.join(projectRoot(), 'src', 'qualifications'));
    const catalog = loadQualificationCatalog();
    expect(catalog.ids()).toContain('ict-beheerder');
    const ict = catalog.require('ict-beheerder');
    expect(ict.kerntaken).toHaveLength(4);
    expect(werkprocesCount(ict)).toBe(17);
    expect(catalog.get('ict-beheerder')).toBe(ict);
  });

  it('loads every valid file in a folder, in file name order', () => {
    const ictBeheerder: unknown = JSON.parse(
      readFileSync(path.join(defaultQualificationsDir(), 'ict-beheerder.json'), 'utf8'),
    );
    write('b-ict.json', ictBeheerder);
    write('a-test.json', SECOND);
    write('notes.txt', 'not a qualification');

    const catalog = loadQualificationCatalog(dir);
    expect(catalog.ids()).toEqual(['testkwalificatie', 'ict-beheerder']);
    expect(catalog.require('testkwalificatie').crebo).toBe('12345');
    expect(catalog.get('ict-beheerder')?.title).toBe('ICT-beheerder');
  });

  it('names the file and the field of a broken qualification', () => {
    write('a-test.json', SECOND);
    const broken = structuredClone(SECOND);
    broken.kerntaken[0]?.werkprocessen.splice(1, 1, {
      code: 'B1-K1-W2',
      title: '',
      omschrijving: 'Iets.',
    });
    write('broken.json', broken);

    const error = loadError();
    expect(error).toBeInstanceOf(QualificationDataError);
    expect(error.message).toBe('broken.json: kerntaken[0].werkprocessen[1].title: must not be empty');
  });

  it('loads a qualification with a scale of its own: other codes, four levels, three criteria', () => {
    write('a-test.json', readFileSync(FOUR_LEVELS, 'utf8'));
    const q = loadQualificationCatalog(dir).require('vier-niveaus');
    expect(levelChoices(q)).toEqual(['N1', 'N2', 'N3', 'N4', 'nb']);
    expect(q.criteria.map((c) => c.label)).toEqual([
      'Zelfstandigheid',
      'Complexiteit',
      'Verantwoordelijkheid',
    ]);
    expect(q.levels[3]?.criteria[1]).toEqual({
      key: 'b',
      label: 'Complexiteit',
      text: 'nieuwe, onvoorspelbare taken',
    });
    expect(q.levels[0]?.translations).toEqual({ en: 'exploring' });
    expect(q.levels[1]?.translations).toEqual({});
  });

  it.each<{ name: string; change: (q: typeof SECOND) => void; expected: string }>([
    {
      name: 'a level that does not word every criterion',
      change: (q) => {
        q.criteria.push({ key: 'b', label: 'Werktempo' });
        for (const level of q.levels.slice(1)) level.criteria.push({ key: 'b', text: '60-80 %' });
      },
      expected: 'bad-scale.json: levels[0].criteria: missing criterion "b" (Werktempo)',
    },
    {
      name: 'a single level',
      change: (q) => {
        q.levels.splice(1);
      },
      expected: 'bad-scale.json: levels: must list at least two levels',
    },
    {
      name: 'a not-applicable code that is a level code',
      change: (q) => {
        q.notApplicable.code = 'bk';
      },
      expected: 'bad-scale.json: notApplicable.code: "bk" is also the code of levels[2]',
    },
  ])('refuses a bad scale at start, naming file and field: $name', ({ change, expected }) => {
    const broken = structuredClone(SECOND);
    change(broken);
    write('bad-scale.json', broken);
    const error = loadError();
    expect(error).toBeInstanceOf(QualificationDataError);
    expect(error.message).toBe(expected);
  });

  it('names the file when it is not valid JSON', () => {
    write('truncated.json', '{ "id": "x", ');
    const error = loadError();
    expect(error).toBeInstanceOf(QualificationDataError);
    expect(error.message).toMatch(/^truncated\.json: invalid JSON: /);
  });

  it('refuses two files with the same id and names both', () => {
    write('first.json', SECOND);
    write('second.json', { ...SECOND, title: 'Kopie' });
    const error = loadError();
    expect(error.message).toBe(
      'second.json: id: duplicate qualification id "testkwalificatie", already defined in first.json',
    );
  });

  it('refuses a folder without qualification files', () => {
    expect(loadError().message).toBe(`No qualification data files (*.json) found in ${dir}`);
  });

  it('get returns undefined and require throws for an unknown id', () => {
    write('a-test.json', SECOND);
    const catalog = loadQualificationCatalog(dir);
    expect(catalog.get('onbekend')).toBeUndefined();
    expect(() => catalog.require('onbekend')).toThrow(UnknownQualificationError);
    expect(() => catalog.require('onbekend')).toThrow(
      'Unknown qualification "onbekend"; known qualifications: testkwalificatie',
    );
  });

  it('returns a copy of the ids so callers cannot change the catalog', () => {
    write('a-test.json', SECOND);
    const catalog = loadQualificationCatalog(dir);
    catalog.ids().push('extra');
    expect(catalog.ids()).toEqual(['testkwalificatie']);
  });
});
