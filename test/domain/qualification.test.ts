import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  allWerkprocessen,
  findLevel,
  findWerkproces,
  isLevelChoice,
  levelChoices,
  parseQualification,
  type Qualification,
  QualificationDataError,
  werkprocesCount,
} from '../../src/domain/qualification';
import { projectRoot } from '../../src/project-root';

// The paper form the qualification data was taken from, kept with the data itself.
const SEED_PATH = path.join(
  projectRoot(),
  'src',
  'qualifications',
  'sources',
  'afsprakenlijst-ict-beheerder.txt',
);
const DATA_PATH = path.join(projectRoot(), 'src', 'qualifications', 'ict-beheerder.json');
const SOURCE = 'ict-beheerder.json';

const EXPECTED_CODES = [
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '1.5',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '3.1',
  '3.2',
  '3.3',
  '3.4',
  '3.5',
  '4.1',
  '4.2',
  '4.3',
];

interface SeedWerkproces {
  code: string;
  title: string;
  omschrijving: string;
}

interface SeedKerntaak {
  code: string;
  title: string;
  werkprocessen: SeedWerkproces[];
}

interface SeedCriterion {
  key: string;
  /** Text after the "x)" marker, whitespace collapsed; still includes any "Label:" prefix. */
  line: string;
}

interface SeedLevel {
  code: string;
  label: string;
  criteria: SeedCriterion[];
}

interface SeedForm {
  formTitle: string;
  kerntaken: SeedKerntaak[];
  levels: SeedLevel[];
}

/**
 * Joins PDF-extracted lines the way the form means them: lines are separated by a space, except that
 * "ICT-" at a line end followed by "beheerder" is one word split by the extraction.
 */
function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (out === '') out = line;
    else if (out.endsWith('ICT-') && line.startsWith('beheerder')) out += line;
    else out += ` ${line}`;
  }
  return out.replace(/\s+/g, ' ');
}

/** An independent reading of the seed text; deliberately not shared with any production code. */
function parseSeed(content: string): SeedForm {
  const lines = content.split(/\r?\n/).map((line) => line.trim());
  const formTitle = lines.find((line) => line.startsWith('Afspraken deelnemer'));
  if (!formTitle) throw new Error('seed: form title not found');

  const kerntaken: SeedKerntaak[] = [];
  const levels: SeedLevel[] = [];
  let paragraph: string[] | undefined;
  let werkproces: SeedWerkproces | undefined;
  let inLegend = false;

  const closeParagraph = () => {
    if (paragraph && werkproces) werkproces.omschrijving = joinLines(paragraph);
    paragraph = undefined;
  };

  for (const line of lines) {
    if (inLegend) {
      const level = /^(\S+) = (\S+)$/.exec(line);
      const criterion = /^([a-z])\)\s+(.*)$/.exec(line);
      const current = levels[levels.length - 1];
      const currentCriterion = current?.criteria[current.criteria.length - 1];
      if (level?.[1] && level[2]) levels.push({ code: level[1], label: level[2], criteria: [] });
      else if (criterion?.[1] && criterion[2] !== undefined && current)
        current.criteria.push({ key: criterion[1], line: criterion[2] });
      else if (line !== '' && currentCriterion)
        currentCriterion.line = joinLines([currentCriterion.line, line]);
      continue;
    }

    const kerntaak = /^Kerntaak (\d+) (.+)$/.exec(line);
    const werkprocesLine = /^(\d+\.\d+) werkproces (.+)$/.exec(line);
    if (kerntaak || werkprocesLine || line === 'Specifieke' || line.startsWith('*Omschrijving')) {
      closeParagraph();
    }
    if (kerntaak?.[1] && kerntaak[2]) {
      kerntaken.push({ code: kerntaak[1], title: kerntaak[2].trim(), werkprocessen: [] });
    } else if (werkprocesLine?.[1] && werkprocesLine[2]) {
      const owner = kerntaken[kerntaken.length - 1];
      if (!owner) throw new Error(`seed: werkproces ${werkprocesLine[1]} before any kerntaak`);
      werkproces = { code: werkprocesLine[1], title: werkprocesLine[2].trim(), omschrijving: '' };
      owner.werkprocessen.push(werkproces);
    } else if (line.startsWith('Omschrijving ')) {
      paragraph = [line.slice('Omschrijving '.length)];
    } else if (line.startsWith('*Omschrijving niveau-aanduiding')) {
      inLegend = true;
    } else if (paragraph) {
      paragraph.push(line);
    }
  }
  closeParagraph();
  return { formTitle, kerntaken, levels };
}

const seed = parseSeed(readFileSync(SEED_PATH, 'utf8'));
const rawData: unknown = JSON.parse(readFileSync(DATA_PATH, 'utf8'));
const data: Qualification = parseQualification(rawData, SOURCE);

const seedWerkprocessen = seed.kerntaken.flatMap((kerntaak) => kerntaak.werkprocessen);
const seedCriteria = seed.levels.flatMap((level) =>
  level.criteria.map((criterion) => ({ level: level.code, ...criterion })),
);

describe('seed reading (guards the test parser itself)', () => {
  it('finds 4 kerntaken, the 17 expected werkprocessen, 3 levels and 12 criteria', () => {
    expect(seed.kerntaken.map((k) => k.code)).toEqual(['1', '2', '3', '4']);
    expect(seedWerkprocessen.map((w) => w.code)).toEqual(EXPECTED_CODES);
    expect(seedWerkprocessen.every((w) => w.omschrijving.length > 50)).toBe(true);
    expect(seed.levels.map((l) => [l.code, l.label])).toEqual([
      ['Bg', 'Beginnend'],
      ['G', 'Gevorderd'],
      ['Bk', 'Bekwaam'],
    ]);
    expect(seedCriteria.map((c) => c.key).join('')).toBe('abcd'.repeat(3));
  });

  it('keeps the awkward spots exactly as the form has them', () => {
    const byCode = new Map(seedWerkprocessen.map((w) => [w.code, w.omschrijving]));
    // "ICT-" / "beheerder" split across lines is one word.
    expect(byCode.get('1.5')).toContain('De ICT-beheerder houdt het globale overzicht');
    expect(byCode.get('2.2')).toContain('Tenslotte zorgt de ICT-beheerder ervoor');
    expect(byCode.get('2.3')).toContain('De ICT-beheerder noteert');
    // "De" at a line end followed by "ICT-beheerder" is two words.
    expect(byCode.get('4.2')).toContain('uit. De ICT-beheerder draagt');
    // The form itself drops the hyphen here.
    expect(byCode.get('2.4')).toContain('De ICTbeheerder legt');
    expect(byCode.get('2.4')).toContain('geëvalueerd');
    expect(byCode.get('1.5')).toContain('collega\u2019s');
    expect(byCode.get('2.2')).toContain('installatie- en configuratiewerkzaamheden');
  });
});

describe('ict-beheerder.json matches the seed form', () => {
  it('has the form title and identity', () => {
    expect(data.formTitle).toBe(seed.formTitle);
    expect(data.id).toBe('ict-beheerder');
    expect(data.title).toBe('ICT-beheerder');
    expect(data.crebo).toBeNull();
    expect(data.notApplicable).toMatchObject({ code: 'nvt', label: 'Niet mogelijk bij dit bedrijf' });
  });

  it('has exactly the kerntaken and werkprocessen of the form, in order', () => {
    expect(data.kerntaken).toEqual(seed.kerntaken);
  });

  it.each(seed.kerntaken)('kerntaak $code title', ({ code, title }) => {
    expect(data.kerntaken.find((k) => k.code === code)?.title).toBe(title);
  });

  it.each(seedWerkprocessen)('werkproces $code title and omschrijving', ({ code, title, omschrijving }) => {
    const werkproces = findWerkproces(data, code);
    expect(werkproces?.title).toBe(title);
    expect(werkproces?.omschrijving).toBe(omschrijving);
  });

  it('has the three levels in form order with four criteria each', () => {
    expect(data.levels.map((l) => [l.code, l.label])).toEqual(seed.levels.map((l) => [l.code, l.label]));
    expect(data.levels.map((l) => l.criteria.map((c) => c.key).join(''))).toEqual(['abcd', 'abcd', 'abcd']);
  });

  it.each(seedCriteria)('level $level criterion $key', ({ level, key, line }) => {
    const criterion = data.levels.find((l) => l.code === level)?.criteria.find((c) => c.key === key);
    if (!criterion) throw new Error(`criterion ${level} ${key} missing from data`);
    const labelled = /^([^:]+):\s*(.*)$/.exec(line);
    if (labelled) {
      // "a)  Beoordeling: kan ..." → label before the colon, text after it.
      expect(criterion.label).toBe(labelled[1]);
      expect(criterion.text).toBe(labelled[2]);
    } else {
      // "d)  Gewenst resultaat komt tot stand ..." has no colon: the whole sentence is the text and the
      // label is its opening words.
      expect(criterion.text).toBe(line);
      expect(line.startsWith(`${criterion.label} `)).toBe(true);
    }
  });

  it('has the four criterion headings once, and every level worded along them', () => {
    expect(data.criteria).toEqual([
      { key: 'a', label: 'Beoordeling' },
      { key: 'b', label: 'Werktempo' },
      { key: 'c', label: 'Sturing / instructie' },
      { key: 'd', label: 'Gewenst resultaat' },
    ]);
    for (const level of data.levels) {
      expect(level.criteria.map(({ key, label }) => ({ key, label }))).toEqual(data.criteria);
    }
  });
});

describe('helpers', () => {
  it('flattens werkprocessen in order with kerntaak and 1-based index', () => {
    const entries = allWerkprocessen(data);
    expect(entries.map((e) => e.code)).toEqual(EXPECTED_CODES);
    expect(entries.map((e) => e.index)).toEqual(EXPECTED_CODES.map((_, i) => i + 1));
    expect(entries.every((e) => e.code.startsWith(`${e.kerntaak.code}.`))).toBe(true);
    expect(werkprocesCount(data)).toBe(17);
  });

  it('finds a werkproces by code', () => {
    const entry = findWerkproces(data, '2.3');
    expect(entry).toMatchObject({
      code: '2.3',
      title: 'Biedt ondersteuning bij de acceptatietest',
      index: 8,
    });
    expect(entry?.kerntaak.code).toBe('2');
    expect(findWerkproces(data, '9.9')).toBeUndefined();
    expect(findWerkproces(data, '2')).toBeUndefined();
  });

  it('recognises the choices of the scale and finds levels', () => {
    expect(levelChoices(data)).toEqual(['Bg', 'G', 'Bk', 'nvt']);
    expect(['Bg', 'G', 'Bk', 'nvt'].every((value) => isLevelChoice(data, value))).toBe(true);
    expect(
      ['bg', 'BK', 'NVT', 'Beginnend', '', 1, undefined].some((value) => isLevelChoice(data, value)),
    ).toBe(false);
    expect(findLevel(data, 'G')?.label).toBe('Gevorderd');
    expect(findLevel(data, 'nvt')).toBeUndefined();
  });

  it('returns frozen data so a shared catalog cannot be altered by accident', () => {
    expect(Object.isFrozen(data)).toBe(true);
    expect(Object.isFrozen(data.kerntaken[0]?.werkprocessen[0])).toBe(true);
  });
});

describe('parseQualification rejects broken data', () => {
  const REMOVE = Symbol('remove');
  type Key = string | number;

  /** A copy of the valid data file with one field replaced (or removed). */
  function withChange(fieldPath: readonly Key[], value: unknown): unknown {
    const root: unknown = structuredClone(rawData);
    let node = root as Record<Key, unknown>;
    for (const key of fieldPath.slice(0, -1)) node = node[key] as Record<Key, unknown>;
    const last = fieldPath[fieldPath.length - 1];
    if (last === undefined) throw new Error('empty path');
    if (value === REMOVE) delete node[last];
    else node[last] = value;
    return root;
  }

  function errorFor(raw: unknown): QualificationDataError {
    try {
      parseQualification(raw, SOURCE);
    } catch (error) {
      if (error instanceof QualificationDataError) return error;
      throw error;
    }
    throw new Error('expected parseQualification to throw');
  }

  it.each<{ name: string; field: Key[]; value: unknown; expected: string }>([
    {
      name: 'missing omschrijving',
      field: ['kerntaken', 1, 'werkprocessen', 2, 'omschrijving'],
      value: REMOVE,
      expected: 'kerntaken[1].werkprocessen[2].omschrijving: Required',
    },
    {
      name: 'duplicate werkproces code',
      field: ['kerntaken', 0, 'werkprocessen', 1, 'code'],
      value: '1.1',
      expected: 'kerntaken[0].werkprocessen[1].code: duplicate werkproces code "1.1"',
    },
    {
      name: 'werkproces code not prefixed by its kerntaak',
      field: ['kerntaken', 1, 'werkprocessen', 0, 'code'],
      value: '3.9',
      expected:
        'kerntaken[1].werkprocessen[0].code: werkproces code "3.9" must start with its kerntaak code "2."',
    },
    {
      name: 'prefix that only looks right',
      field: ['kerntaken', 0, 'werkprocessen', 0, 'code'],
      value: '11.1',
      expected: 'kerntaken[0].werkprocessen[0].code: werkproces code "11.1" must start',
    },
    {
      name: 'level code that cannot be a choice',
      field: ['levels', 2, 'code'],
      value: 'B k',
      expected: 'levels[2].code: must be 1 to 8 letters or digits, such as "Bg"',
    },
    {
      name: 'duplicate level code',
      field: ['levels', 1, 'code'],
      value: 'Bg',
      expected: 'levels[1].code: duplicate level code "Bg" (also at levels[0])',
    },
    {
      name: 'level codes that differ only in case',
      field: ['levels', 2, 'code'],
      value: 'bg',
      expected: 'levels[2].code: duplicate level code "bg" (also at levels[0])',
    },
    {
      name: 'not-applicable code that is also a level code',
      field: ['notApplicable', 'code'],
      value: 'G',
      expected: 'notApplicable.code: "G" is also the code of levels[1]',
    },
    {
      name: 'criterion worded without a heading',
      field: ['levels', 1, 'criteria', 3, 'key'],
      value: 'e',
      expected: 'levels[1].criteria[3].key: criterion "e" has no heading in criteria',
    },
    {
      name: 'criterion worded twice',
      field: ['levels', 0, 'criteria', 1, 'key'],
      value: 'a',
      expected: 'levels[0].criteria[1].key: duplicate criterion key "a"',
    },
    {
      name: 'duplicate criterion heading',
      field: ['criteria', 3, 'key'],
      value: 'c',
      expected: 'criteria[3].key: duplicate criterion key "c"',
    },
    {
      name: 'criterion heading left empty',
      field: ['criteria', 1, 'label'],
      value: '',
      expected: 'criteria[1].label: must not be empty',
    },
    {
      name: 'translation keyed by something other than a language',
      field: ['levels', 0, 'translations'],
      value: { english: 'beginning' },
      expected: 'levels[0].translations.english: must be a two-letter language code such as "en"',
    },
    {
      name: 'empty kerntaak title',
      field: ['kerntaken', 3, 'title'],
      value: '',
      expected: 'kerntaken[3].title: must not be empty',
    },
    {
      name: 'line break left in a text',
      field: ['kerntaken', 0, 'werkprocessen', 0, 'omschrijving'],
      value: 'De ICT-beheerder inventariseert\nde informatiebehoefte',
      expected: 'kerntaken[0].werkprocessen[0].omschrijving: must not contain line breaks',
    },
    {
      name: 'empty criterion text',
      field: ['levels', 0, 'criteria', 3, 'text'],
      value: '',
      expected: 'levels[0].criteria[3].text: must not be empty',
    },
    {
      name: 'duplicate kerntaak code',
      field: ['kerntaken', 2, 'code'],
      value: '1',
      expected: 'kerntaken[2].code: duplicate kerntaak code "1"',
    },
    {
      name: 'misspelt field',
      field: ['kerntaken', 0, 'werkprocessen', 0, 'omschrijvng'],
      value: 'x',
      expected: "kerntaken[0].werkprocessen[0]: Unrecognized key(s) in object: 'omschrijvng'",
    },
    {
      name: 'malformed crebo',
      field: ['crebo'],
      value: '2516',
      expected: 'crebo: must be a five-digit crebo number',
    },
    {
      name: 'missing crebo (must be explicit null)',
      field: ['crebo'],
      value: REMOVE,
      expected: 'crebo: Required',
    },
    {
      name: 'id that is not a slug',
      field: ['id'],
      value: 'ICT beheerder',
      expected: 'id: must be a lowercase slug',
    },
  ])('$name', ({ field, value, expected }) => {
    const error = errorFor(withChange(field, value));
    expect(error.source).toBe(SOURCE);
    expect(error.message).toContain(`${SOURCE}: ${expected}`);
  });

  it('refuses a scale of fewer than two levels', () => {
    const raw = withChange(['levels'], []);
    expect(errorFor(raw).message).toBe(`${SOURCE}: levels: must list at least two levels`);
  });

  it('names the level and the heading of a criterion a level does not word', () => {
    const raw = structuredClone(rawData) as { levels: { criteria: unknown[] }[] };
    raw.levels[1]?.criteria.splice(1, 1);
    expect(errorFor(raw).message).toBe(`${SOURCE}: levels[1].criteria: missing criterion "b" (Werktempo)`);
  });

  it('reads the criteria of a level in the order of the headings, whatever order the file has', () => {
    const raw = structuredClone(rawData) as { levels: { criteria: unknown[] }[] };
    raw.levels[0]?.criteria.reverse();
    const parsed = parseQualification(raw, SOURCE);
    expect(parsed.levels[0]?.criteria).toEqual(data.levels[0]?.criteria);
  });

  it('reports every problem, one per line', () => {
    const raw = withChange(['kerntaken', 0, 'title'], '');
    const error = errorFor(
      Object.assign(raw as Record<string, unknown>, {
        title: undefined,
        notApplicable: { code: 'n v t', label: 'y' },
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['title', 'notApplicable.code', 'kerntaken[0].title']);
    expect(error.message.split('\n')).toHaveLength(3);
  });

  it('rejects a document that is not an object', () => {
    expect(errorFor([]).message).toBe(`${SOURCE}: Expected object, received array`);
  });
});
