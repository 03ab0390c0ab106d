import { readFileSync } from 'node:fs';
import path from 'node:path';
import { QualificationFormError, readQualificationForm } from '../../src/domain/qualification-form';
import { projectRoot } from '../../src/project-root';
import { formText } from '../../src/qualifications/form-text';
import { formDocx, formPdf } from '../support/form-files';

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

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'qualifications');
const KOK = readFileSync(path.join(FIXTURES, 'afsprakenlijst-zelfstandig-werkend-kok.txt'), 'utf8');
const VIER_NIVEAUS = readFileSync(path.join(FIXTURES, 'afsprakenlijst-vier-niveaus.txt'), 'utf8');

describe('a form in the B1-K1-W1 style', () => {
  it('reads three kerntaken and seven werkprocessen, wrapped titles and descriptions joined', () => {
    const q = readQualificationForm(KOK);
    expect(q.id).toBe('zelfstandig-werkend-kok');
    expect(q.title).toBe('Zelfstandig werkend kok');
    expect(q.crebo).toBe('25180');
    expect(q.kerntaken.map((k) => k.code)).toEqual(['B1-K1', 'B1-K2', 'P1-K1']);
    expect(q.kerntaken.flatMap((k) => k.werkprocessen.map((w) => w.code))).toEqual([
      'B1-K1-W1',
      'B1-K1-W2',
      'B1-K1-W3',
      'B1-K2-W1',
      'B1-K2-W2',
      'P1-K1-W1',
      'P1-K1-W2',
    ]);
    expect(q.kerntaken[0]?.title).toBe(
      'Bereidt gerechten voor en bereidt ze volgens recept, met aandacht voor hygiëne, voedselveiligheid en de wensen van de gast',
    );
    expect(q.kerntaken[0]?.werkprocessen[1]?.title).toBe(
      'Maakt ingrediënten schoon, snijdt en portioneert ze volgens de receptuur en de geldende normen voor voedselveiligheid',
    );
    expect(q.kerntaken[1]?.werkprocessen[1]?.omschrijving).toBe(
      'Na de service maakt de kok zijn werkplek, de apparatuur en het keukengerei schoon volgens het schoonmaakrooster. Hij registreert de temperaturen van koel- en vriescellen en meldt afwijkingen aan de chef.',
    );
    expect(q.levels.map((l) => l.code)).toEqual(['Bg', 'G', 'Bk']);
    expect(q.notApplicable.code).toBe('nvt');
  });

  it('takes the id it is given instead of the one from the title', () => {
    expect(readQualificationForm(KOK, { id: 'kok-2025' }).id).toBe('kok-2025');
  });
});

describe('a form with a scale of its own', () => {
  it('reads four levels, three criteria and the not-applicable option from the legend', () => {
    const q = readQualificationForm(VIER_NIVEAUS);
    expect(q.levels.map((l) => `${l.code}=${l.label}`)).toEqual([
      'N1=Oriënterend',
      'N2=Meewerkend',
      'N3=Zelfstandig',
      'N4=Vakkundig',
    ]);
    expect(q.criteria).toEqual([
      { key: 'a', label: 'Zelfstandigheid' },
      { key: 'b', label: 'Complexiteit' },
      { key: 'c', label: 'Verantwoordelijkheid' },
    ]);
    expect(q.levels[3]?.criteria[2]).toEqual({
      key: 'c',
      label: 'Verantwoordelijkheid',
      text: 'voor het werk van het team',
    });
    expect(q.notApplicable).toEqual({
      code: 'nb',
      label: 'Komt bij dit bedrijf niet voor',
      translations: {},
    });
    expect(q.crebo).toBeNull();
  });
});

/** The form's text with `from` replaced by `to` (which must occur). */
function changed(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

function problemsOf(text: string): { line: number; message: string }[] {
  try {
    readQualificationForm(text);
  } catch (error) {
    if (error instanceof QualificationFormError) return [...error.problems];
    throw error;
  }
  throw new Error('the form was read');
}

const lineOf = (text: string, fragment: string) =>
  text.split('\n').findIndex((l) => l.includes(fragment)) + 1;

describe('a form that cannot be read', () => {
  it.each([
    {
      name: 'no title',
      text: changed(KOK, 'Afspraken deelnemer - praktijkopleider', 'Stageovereenkomst'),
      at: 'Stageovereenkomst',
      expected: 'verwacht de titel "Afspraken deelnemer - praktijkopleider <kwalificatie>"',
    },
    {
      name: 'a werkproces before any kerntaak',
      text: changed(KOK, 'Kerntaak B1-K1 Bereidt', 'Kerntaken B1-K1 Bereidt'),
      at: 'Kerntaken B1-K1 Bereidt',
      expected: 'verwacht de kopvelden of "Kerntaak <code> <titel>"',
    },
    {
      name: 'a werkproces under the wrong kerntaak',
      text: changed(KOK, 'B1-K2-W1 werkproces', 'B1-K3-W1 werkproces'),
      at: 'B1-K3-W1 werkproces',
      expected: 'werkproces B1-K3-W1 hoort niet bij kerntaak B1-K2',
    },
    {
      name: 'a werkproces twice',
      text: changed(KOK, 'B1-K1-W3 werkproces', 'B1-K1-W2 werkproces'),
      at: 'B1-K1-W2 werkproces Bereidt gerechten',
      expected: 'werkproces B1-K1-W2 staat al op regel',
    },
    {
      name: 'a werkproces without its Omschrijving',
      text: changed(KOK, 'Omschrijving De kok richt de borden', 'De kok richt de borden'),
      at: 'B1-K2-W1 werkproces',
      expected: 'werkproces B1-K2-W1 heeft geen regel "Omschrijving <tekst>"',
    },
    {
      name: 'a kerntaak without werkprocessen',
      text: changed(
        KOK,
        'Kerntaak B1-K2 Geeft gerechten uit en houdt de keuken schoon',
        'Kerntaak B1-K2 Geeft gerechten uit en houdt de keuken schoon\n\nSpecifieke\nwerkzaamheden\n\nKerntaak B1-K9 Leeg',
      ),
      at: 'Kerntaak B1-K2 Geeft',
      expected: 'kerntaak B1-K2 heeft geen werkprocessen',
    },
    {
      name: 'text where a kerntaak or werkproces was expected',
      text: changed(
        KOK,
        'Specifieke\nwerkzaamheden\n\nKerntaken',
        'Specifieke\nwerkzaamheden\nSoep koken op dinsdag\n\nKerntaken',
      ),
      at: 'Soep koken op dinsdag',
      expected: 'verwacht "Kerntaak <code> <titel>", "<code> werkproces <titel>" of de legenda',
    },
    {
      name: 'a level without one of the criteria',
      text: changed(KOK, 'c) Sturing / instructie: gedeeld (deelnemer/begeleider) gestuurd\n', ''),
      at: 'G = Gevorderd',
      expected: 'niveau G heeft de criteria a, b, d; verwacht a, b, c, d',
    },
    {
      name: 'a criterion with another heading than the first level',
      text: changed(KOK, 'b) Werktempo: 60-80 %', 'b) Tempo: 60-80 %'),
      at: 'b) Tempo: 60-80 %',
      expected: 'criterium b) heet hier "Tempo", bij niveau Bg "Werktempo"',
    },
    {
      name: 'page header levels that differ from the legend',
      text: changed(KOK, 'Bk = Bekwaam', 'V = Vakbekwaam'),
      at: 'Bg G Bk',
      expected: 'de niveaus "Bg G Bk" verschillen van die in de legenda ("Bg G V")',
    },
    {
      name: 'a legend text that is not a level or a criterion',
      text: changed(KOK, 'Bg = Beginnend\n', 'Bg Beginnend\n'),
      at: 'Bg Beginnend',
      expected: 'verwacht in de legenda "<code> = <naam>" of "a) <criterium>: <omschrijving>"',
    },
  ])('$name: the line and what was expected', ({ text, at, expected }) => {
    const problems = problemsOf(text);
    expect(problems).toContainEqual({ line: lineOf(text, at), message: expect.stringContaining(expected) });
  });

  it('without a legend: says which line it expected', () => {
    const text = KOK.slice(0, KOK.indexOf('*Omschrijving niveau-aanduiding:'));
    expect(problemsOf(text)).toEqual([
      {
        line: 0,
        message: expect.stringContaining(
          'verwacht na het laatste werkproces de regel "*Omschrijving niveau-aanduiding:"',
        ),
      },
    ]);
  });

  it('an empty file', () => {
    expect(problemsOf('\n \n')).toEqual([{ line: 0, message: 'het formulier bevat geen tekst' }]);
  });
});

describe('the text of a form file', () => {
  it.each([
    ['.txt', async (text: string) => Buffer.from(text, 'utf8')],
    ['.pdf', formPdf],
    ['.docx', formDocx],
  ])('reads the same qualification from %s', async (type, make) => {
    const bytes = await make(KOK);
    const q = readQualificationForm(await formText(bytes, `afsprakenlijst-kok${type}`));
    expect(q).toEqual(readQualificationForm(KOK));
  });

  it.each([
    ['a spreadsheet', Buffer.from('a,b'), 'form.xlsx', 'verwacht een .pdf, .docx of .txt'],
    ['text that is not UTF-8', Buffer.from([0x41, 0xe9, 0x42]), 'form.txt', 'geen UTF-8'],
    [
      'a damaged PDF',
      Buffer.from('%PDF-1.7 nonsense'),
      'form.pdf',
      'het PDF-bestand kan niet gelezen worden',
    ],
    [
      'a damaged Word file',
      Buffer.from('PK not a zip'),
      'form.docx',
      'het Word-bestand kan niet gelezen worden',
    ],
  ])('refuses %s with a reason', async (_name, bytes, fileName, reason) => {
    await expect(formText(bytes, fileName)).rejects.toThrow(
      expect.objectContaining({ name: 'FormFileError', message: expect.stringContaining(reason) }),
    );
  });
});
