import { parseQualification, type Qualification, QualificationDataError } from './qualification';

/**
 * Reads the text of a school's "Afsprakenlijst deelnemer – praktijkopleider" form into a
 * {@link Qualification}. The text is what a PDF or Word file holds once extracted: the title,
 * the header fields, per kerntaak a "Kerntaak <code> <title>" line, per werkproces a
 * "<code> werkproces <title>" line and its "Omschrijving", the page header repeated on every page,
 * and at the end the legend of the scale. Nothing the form does not say is filled in: levels get
 * no translations; a form without a not-applicable entry in its legend gets the product's own
 * "Niet mogelijk bij dit bedrijf".
 */

/** Why a form could not be read: the 1-based line (0 for the form as a whole) and what was expected. */
export interface FormProblem {
  readonly line: number;
  readonly message: string;
}

/** Thrown when a form cannot be read; {@link problems} says where and what was expected. */
export class QualificationFormError extends Error {
  override readonly name = 'QualificationFormError';

  constructor(readonly problems: readonly FormProblem[]) {
    super(problems.map((p) => (p.line > 0 ? `regel ${p.line}: ${p.message}` : p.message)).join('\n'));
  }
}

/** The not-applicable option of a form whose legend names none: the product's own. */
export const DEFAULT_NOT_APPLICABLE = {
  code: 'nvt',
  label: 'Niet mogelijk bij dit bedrijf',
  translations: { en: 'not possible at this company' },
} as const;

// Headings the afsprakenlijst template prints without a colon ("d) Gewenst resultaat komt tot stand
// door …"): the line starts with its heading.
const KNOWN_HEADINGS = ['Beoordeling', 'Werktempo', 'Sturing / instructie', 'Gewenst resultaat'];

const CODE = '[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*';
const TITLE_LINE = /^Afspraken deelnemer\s*[-–—]\s*praktijkopleider\s+(.+)$/i;
const KERNTAAK_LINE = new RegExp(String.raw`^Kerntaak\s+(${CODE})\s+(.+)$`, 'i');
const KERNTAAK_WITHOUT_TITLE = new RegExp(String.raw`^Kerntaak\s+(${CODE})$`, 'i');
const WERKPROCES_LINE = new RegExp(String.raw`^(${CODE})\s+werkproces\s+(.+)$`, 'i');
const WERKPROCES_WITHOUT_TITLE = new RegExp(String.raw`^(${CODE})\s+werkproces$`, 'i');
const OMSCHRIJVING_LINE = /^Omschrijving(?:\s+(.*))?$/;
const SPECIFIEKE_LINE = /^Specifieke(?:\s+werkzaamheden)?:?$/i;
const LEGEND_LINE = /^\*?\s*Omschrijving niveau-aanduiding\s*:?$/i;
const LEVEL_LINE = /^([A-Za-z0-9.]{1,8})\s*=\s*(.+)$/;
const CRITERION_LINE = /^([a-z])\)\s*(.+)$/;
const CREBO = /\bcrebo(?:nummer)?\s*:?\s*(\d{5})\b/i;
const PAGE_HEADER_LINES = [
  /^Kerntaken, werkprocessen en omschrijving werkprocessen$/i,
  /^Afsprakenlijst$/i,
  /^Niveau\*?$/i,
];
// Words Dutch leaves after a hyphen at a line end ("informatie- en communicatie"): keep the space.
const AFTER_DANGLING_HYPHEN = /^(?:en|of|en\/of|tot|t\/m)\b/;

interface Line {
  readonly n: number;
  readonly text: string;
}

interface DraftWerkproces {
  code: string;
  line: number;
  title: string[];
  omschrijving: string[] | undefined;
}

interface DraftKerntaak {
  code: string;
  line: number;
  title: string[];
  werkprocessen: DraftWerkproces[];
}

interface DraftLevel {
  code: string;
  label: string;
  line: number;
  criteria: { key: string; line: number; parts: string[] }[];
}

/** Joins wrapped lines as a person reads them: a space between, none after a word broken at a hyphen. */
export function joinWrapped(parts: readonly string[]): string {
  let out = '';
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    if (!out) out = part;
    else if (/\p{L}-$/u.test(out) && /^\p{L}/u.test(part) && !AFTER_DANGLING_HYPHEN.test(part)) out += part;
    else out += ` ${part}`;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** A lowercase slug of a qualification's name, e.g. `ICT-beheerder` → `ict-beheerder`. */
export function qualificationSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function normalizeLines(text: string): Line[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({
      n: i + 1,
      text: raw
        .replace(/[\u00A0\u2007\u202F\t\f\v]/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim(),
    }));
}

function isPageHeader(text: string): boolean {
  return PAGE_HEADER_LINES.some((pattern) => pattern.test(text));
}

/**
 * Reads a form's text into a validated qualification.
 * @param options.id The qualification's id; by default the slug of the name in the title.
 * @throws QualificationFormError naming the line and what was expected there.
 */
export function readQualificationForm(text: string, options: { id?: string } = {}): Qualification {
  const lines = normalizeLines(text);
  const problems: FormProblem[] = [];
  const fail = (line: number, message: string) => problems.push({ line, message });

  const titleAt = lines.findIndex((line) => line.text !== '');
  const titleLine = titleAt >= 0 ? lines[titleAt] : undefined;
  const titleMatch = titleLine ? TITLE_LINE.exec(titleLine.text) : null;
  if (!titleLine || !titleMatch?.[1]) {
    throw new QualificationFormError([
      {
        line: titleLine?.n ?? 0,
        message: titleLine
          ? `verwacht de titel "Afspraken deelnemer - praktijkopleider <kwalificatie>", gevonden "${clip(titleLine.text)}"`
          : 'het formulier bevat geen tekst',
      },
    ]);
  }
  const name = titleMatch[1].trim();
  const legendAt = lines.findIndex((line) => LEGEND_LINE.test(line.text));

  const kerntaken: DraftKerntaak[] = [];
  let crebo: string | null = null;
  let scaleRow: { codes: string[]; line: number } | undefined;
  let expectScaleRow = false;
  // What the next text line continues: a kerntaak title, a werkproces title, its omschrijving.
  let open: 'none' | 'kerntaakTitle' | 'werkprocesTitle' | 'omschrijving' | 'specifieke' = 'none';
  const body = lines.slice(titleAt + 1, legendAt >= 0 ? legendAt : lines.length);

  for (const { n, text: line } of body) {
    if (line === '') continue;
    if (isPageHeader(line)) {
      expectScaleRow = /^Niveau/i.test(line);
      continue;
    }
    if (expectScaleRow) {
      expectScaleRow = false;
      const codes = line.split(' ');
      if (!scaleRow) scaleRow = { codes, line: n };
      else if (codes.join(' ') !== scaleRow.codes.join(' ')) {
        fail(
          n,
          `verwacht de niveaus "${scaleRow.codes.join(' ')}" van regel ${scaleRow.line}, gevonden "${clip(line)}"`,
        );
      }
      continue;
    }
    const kerntaak = kerntaken.at(-1);
    const werkproces = kerntaak?.werkprocessen.at(-1);
    const kerntaakMatch = KERNTAAK_LINE.exec(line) ?? KERNTAAK_WITHOUT_TITLE.exec(line);
    const werkprocesMatch = WERKPROCES_LINE.exec(line) ?? WERKPROCES_WITHOUT_TITLE.exec(line);
    const omschrijvingMatch = OMSCHRIJVING_LINE.exec(line);
    if (kerntaakMatch) {
      const match = kerntaakMatch;
      const code = match[1] as string;
      const earlier = kerntaken.find((k) => k.code === code);
      if (earlier) fail(n, `kerntaak ${code} staat al op regel ${earlier.line}`);
      kerntaken.push({ code, line: n, title: match[2] ? [match[2]] : [], werkprocessen: [] });
      open = 'kerntaakTitle';
      continue;
    }
    if (werkprocesMatch) {
      const match = werkprocesMatch;
      const code = match[1] as string;
      if (!kerntaak) {
        fail(n, `werkproces ${code} staat vóór de eerste regel "Kerntaak <code> <titel>"`);
        continue;
      }
      if (!code.startsWith(`${kerntaak.code}.`) && !code.startsWith(`${kerntaak.code}-`)) {
        fail(
          n,
          `werkproces ${code} hoort niet bij kerntaak ${kerntaak.code} (regel ${kerntaak.line}); verwacht een code die begint met "${kerntaak.code}"`,
        );
      }
      const earlier = kerntaken.flatMap((k) => k.werkprocessen).find((w) => w.code === code);
      if (earlier) fail(n, `werkproces ${code} staat al op regel ${earlier.line}`);
      kerntaak.werkprocessen.push({
        code,
        line: n,
        title: match[2] ? [match[2]] : [],
        omschrijving: undefined,
      });
      open = 'werkprocesTitle';
      continue;
    }
    if (omschrijvingMatch) {
      const match = omschrijvingMatch;
      if (!werkproces || open === 'specifieke') {
        fail(n, '"Omschrijving" zonder werkproces erboven; verwacht eerst "<code> werkproces <titel>"');
      } else if (werkproces.omschrijving) {
        fail(n, `werkproces ${werkproces.code} heeft al een "Omschrijving"`);
      } else {
        werkproces.omschrijving = match[1] ? [match[1]] : [];
        open = 'omschrijving';
      }
      continue;
    }
    if (SPECIFIEKE_LINE.test(line)) {
      if (!kerntaak) fail(n, '"Specifieke werkzaamheden" vóór de eerste kerntaak');
      open = 'specifieke';
      continue;
    }
    if (open === 'specifieke' && /^werkzaamheden:?$/i.test(line)) continue;
    if (!kerntaak) {
      // The header fields (BPV-bedrijf:, Naam deelnemer: …) and perhaps the crebo number.
      const creboMatch = CREBO.exec(line);
      if (creboMatch?.[1]) crebo = creboMatch[1];
      else if (!line.includes(':')) {
        fail(n, `verwacht de kopvelden of "Kerntaak <code> <titel>", gevonden "${clip(line)}"`);
      }
      continue;
    }
    if (open === 'kerntaakTitle') kerntaak.title.push(line);
    else if (open === 'werkprocesTitle' && werkproces) werkproces.title.push(line);
    else if (open === 'omschrijving' && werkproces?.omschrijving) werkproces.omschrijving.push(line);
    else {
      fail(
        n,
        `verwacht "Kerntaak <code> <titel>", "<code> werkproces <titel>" of de legenda "*Omschrijving niveau-aanduiding:", gevonden "${clip(line)}"`,
      );
    }
  }

  if (kerntaken.length === 0 && problems.length === 0) {
    fail(0, 'geen enkele regel "Kerntaak <code> <titel>" gevonden');
  }
  for (const kerntaak of kerntaken) {
    if (joinWrapped(kerntaak.title) === '') fail(kerntaak.line, `kerntaak ${kerntaak.code} heeft geen titel`);
    if (kerntaak.werkprocessen.length === 0) {
      fail(
        kerntaak.line,
        `kerntaak ${kerntaak.code} heeft geen werkprocessen; verwacht "<code> werkproces <titel>"`,
      );
    }
    for (const werkproces of kerntaak.werkprocessen) {
      if (joinWrapped(werkproces.title) === '')
        fail(werkproces.line, `werkproces ${werkproces.code} heeft geen titel`);
      if (!werkproces.omschrijving) {
        fail(werkproces.line, `werkproces ${werkproces.code} heeft geen regel "Omschrijving <tekst>"`);
      } else if (joinWrapped(werkproces.omschrijving) === '') {
        fail(werkproces.line, `de omschrijving van werkproces ${werkproces.code} is leeg`);
      }
    }
  }

  if (legendAt < 0) {
    fail(
      0,
      'geen legenda gevonden; verwacht na het laatste werkproces de regel "*Omschrijving niveau-aanduiding:"',
    );
  }
  const scale =
    legendAt >= 0 ? readLegend(lines.slice(legendAt + 1), lines[legendAt]?.n ?? 0, fail) : undefined;
  if (scale && scaleRow) {
    const legendCodes = scale.levels.map((level) => level.code).join(' ');
    if (scaleRow.codes.join(' ') !== legendCodes) {
      fail(
        scaleRow.line,
        `de niveaus "${scaleRow.codes.join(' ')}" verschillen van die in de legenda ("${legendCodes}")`,
      );
    }
  }
  if (problems.length > 0 || !scale) throw new QualificationFormError(sortProblems(problems));

  const raw = {
    id: options.id ?? qualificationSlug(name),
    title: name,
    formTitle: joinWrapped([titleLine.text]),
    crebo,
    criteria: scale.criteria,
    levels: scale.levels,
    notApplicable: scale.notApplicable,
    kerntaken: kerntaken.map((kerntaak) => ({
      code: kerntaak.code,
      title: joinWrapped(kerntaak.title),
      werkprocessen: kerntaak.werkprocessen.map((werkproces) => ({
        code: werkproces.code,
        title: joinWrapped(werkproces.title),
        omschrijving: joinWrapped(werkproces.omschrijving ?? []),
      })),
    })),
  };
  try {
    return parseQualification(raw, 'formulier');
  } catch (error) {
    if (error instanceof QualificationDataError) {
      throw new QualificationFormError(
        error.issues.map((issue) => ({ line: 0, message: `${issue.path}: ${issue.message}` })),
      );
    }
    throw error;
  }
}

interface Scale {
  criteria: { key: string; label: string }[];
  levels: {
    code: string;
    label: string;
    translations: Record<string, string>;
    criteria: { key: string; text: string }[];
  }[];
  notApplicable: { code: string; label: string; translations: Record<string, string> };
}

function readLegend(
  legend: readonly Line[],
  legendLine: number,
  fail: (line: number, message: string) => void,
): Scale | undefined {
  const drafts: DraftLevel[] = [];
  for (const { n, text: line } of legend) {
    if (line === '') continue;
    const level = drafts.at(-1);
    const criterion = level?.criteria.at(-1);
    const criterionMatch = CRITERION_LINE.exec(line);
    const levelMatch = LEVEL_LINE.exec(line);
    if (criterionMatch) {
      const match = criterionMatch;
      if (!level) {
        fail(n, `criterium ${match[1]}) vóór het eerste niveau; verwacht "<code> = <naam>"`);
        continue;
      }
      const key = match[1] as string;
      if (level.criteria.some((c) => c.key === key))
        fail(n, `niveau ${level.code} heeft criterium ${key}) al`);
      level.criteria.push({ key, line: n, parts: [match[2] as string] });
    } else if (levelMatch) {
      const match = levelMatch;
      const code = match[1] as string;
      const earlier = drafts.find((d) => d.code.toLowerCase() === code.toLowerCase());
      if (earlier) fail(n, `niveau ${code} staat al op regel ${earlier.line}`);
      drafts.push({ code, label: (match[2] as string).trim(), line: n, criteria: [] });
    } else if (criterion) {
      criterion.parts.push(line);
    } else {
      fail(
        n,
        `verwacht in de legenda "<code> = <naam>" of "a) <criterium>: <omschrijving>", gevonden "${clip(line)}"`,
      );
    }
  }

  // An entry without criteria is the "not possible here" option (e.g. "nvt = Niet mogelijk bij dit bedrijf").
  const rated = drafts.filter((d) => d.criteria.length > 0);
  const unrated = drafts.filter((d) => d.criteria.length === 0);
  if (unrated.length > 1) {
    for (const extra of unrated.slice(1)) {
      fail(
        extra.line,
        `niveau ${extra.code} heeft geen criteria; verwacht "a) <criterium>: <omschrijving>" eronder`,
      );
    }
  }
  if (rated.length < 2) {
    fail(
      legendLine,
      `de legenda noemt ${rated.length} niveau(s) met criteria; verwacht er minstens twee ("<code> = <naam>" met "a) …" eronder)`,
    );
    return undefined;
  }

  const first = rated[0] as DraftLevel;
  const keys = first.criteria.map((c) => c.key);
  const split = rated.map((level) =>
    level.criteria.map((c) => ({ ...c, ...splitCriterion(joinWrapped(c.parts)) })),
  );
  const criteria = keys.map((key) => {
    const worded = split.map((level) => level.find((c) => c.key === key));
    const withColon = worded.find((c) => c?.label !== undefined);
    return { key, label: withColon?.label ?? headingOf(worded.map((c) => c?.text ?? '')) };
  });
  rated.forEach((level, i) => {
    const got = level.criteria.map((c) => c.key).join(', ');
    if (got !== keys.join(', ')) {
      fail(
        level.line,
        `niveau ${level.code} heeft de criteria ${got || '(geen)'}; verwacht ${keys.join(', ')} zoals niveau ${first.code}`,
      );
    }
    for (const c of split[i] ?? []) {
      const heading = criteria.find((h) => h.key === c.key);
      if (c.label !== undefined && heading && c.label !== heading.label) {
        fail(
          c.line,
          `criterium ${c.key}) heet hier "${c.label}", bij niveau ${first.code} "${heading.label}"`,
        );
      }
      if (c.text === '') fail(c.line, `criterium ${c.key}) van niveau ${level.code} heeft geen omschrijving`);
    }
  });

  const notApplicable = unrated[0]
    ? { code: unrated[0].code, label: unrated[0].label, translations: {} }
    : { ...DEFAULT_NOT_APPLICABLE, translations: { ...DEFAULT_NOT_APPLICABLE.translations } };
  return {
    criteria,
    levels: rated.map((level, i) => ({
      code: level.code,
      label: level.label,
      translations: {},
      criteria: (split[i] ?? []).map((c) => ({ key: c.key, text: c.text })),
    })),
    notApplicable,
  };
}

/** `Werktempo: 40-60 %` → heading and wording; a line without a colon is all wording. */
function splitCriterion(text: string): { label?: string; text: string } {
  const colon = text.indexOf(':');
  if (colon <= 0) return { text };
  return { label: text.slice(0, colon).trim(), text: text.slice(colon + 1).trim() };
}

/** The heading of a criterion printed without a colon: a known heading it starts with, else the words all levels share. */
function headingOf(texts: readonly string[]): string {
  const known = KNOWN_HEADINGS.find((heading) => texts.every((text) => text.startsWith(`${heading} `)));
  if (known) return known;
  const words = texts.map((text) => text.split(' '));
  const shared: string[] = [];
  for (let i = 0; words.every((w) => w[i] !== undefined && w[i] === words[0]?.[i]); i += 1) {
    shared.push(words[0]?.[i] as string);
  }
  return shared.join(' ') || (words[0]?.[0] ?? '');
}

function sortProblems(problems: FormProblem[]): FormProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
