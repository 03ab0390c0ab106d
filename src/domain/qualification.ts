import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What a person can choose for one werkproces: the code of a level of the qualification's scale
 * (`Bg`, `G`, `Bk` for ICT-beheerder) or its "not possible here" code (`nvt`). Which codes exist is
 * data; check a value with {@link isLevelChoice}.
 */
export type LevelChoice = string;

/**
 * A label in the qualification's official Dutch, with optional renderings for other UI languages
 * (keyed by language, e.g. `en`), shown beside the Dutch where the UI is in that language.
 */
export type Translations = Readonly<Record<string, string>>;

/** One lettered criterion heading of the scale (a: Beoordeling, b: Werktempo, ...). */
export interface CriterionHeading {
  /** Letter as printed on the form: `a`, `b`, ... */
  readonly key: string;
  /** Heading of the criterion, e.g. `Sturing / instructie`. */
  readonly label: string;
}

/** One criterion as it reads for one level: its heading and this level's wording. */
export interface LevelCriterion extends CriterionHeading {
  /** Wording of the criterion for this level. */
  readonly text: string;
}

/** A level of the scale (for ICT-beheerder Bg, G or Bk) with the criteria that define it. */
export interface Level {
  /** Code as printed on the form and stored as the choice, e.g. `Bg`. */
  readonly code: string;
  /** Full name, e.g. `Beginnend`. */
  readonly label: string;
  readonly translations: Translations;
  /** One per {@link Qualification.criteria} heading, in the headings' order. */
  readonly criteria: readonly LevelCriterion[];
}

/** The "not possible at this company" option offered next to the levels. */
export interface NotApplicable {
  /** Code stored as the choice, e.g. `nvt`. */
  readonly code: string;
  readonly label: string;
  readonly translations: Translations;
}

/** One werkproces (work process) of a kerntaak, e.g. `1.1`. */
export interface Werkproces {
  /** Code starting with its kerntaak code, e.g. `2.3` under kerntaak `2`. */
  readonly code: string;
  readonly title: string;
  /** The full "Omschrijving" paragraph from the form. */
  readonly omschrijving: string;
}

/** One kerntaak (core task) grouping werkprocessen. */
export interface Kerntaak {
  readonly code: string;
  readonly title: string;
  readonly werkprocessen: readonly Werkproces[];
}

/**
 * A qualification's afsprakenlijst, loaded from a JSON data file: its rating scale (criterion
 * headings, levels in ascending order, the not-applicable option) and its kerntaken and werkprocessen.
 */
export interface Qualification {
  /** Stable slug used in storage and commands, e.g. `ict-beheerder`. */
  readonly id: string;
  readonly title: string;
  /** Title of the paper form this data was copied from. */
  readonly formTitle: string;
  /** Five-digit crebo number, or `null` when the source form does not state it. */
  readonly crebo: string | null;
  /** The column headings of the scale; every level words each of them. */
  readonly criteria: readonly CriterionHeading[];
  /** The levels, lowest first. */
  readonly levels: readonly Level[];
  readonly notApplicable: NotApplicable;
  readonly kerntaken: readonly Kerntaak[];
}

/** A werkproces together with its kerntaak and its 1-based position across the whole qualification. */
export interface WerkprocesEntry extends Werkproces {
  readonly kerntaak: Kerntaak;
  /** 1-based position in form order over all kerntaken (1..{@link werkprocesCount}). */
  readonly index: number;
}

/** One validation problem: a dotted/bracketed field path (empty for the document root) and what is wrong. */
export interface QualificationIssue {
  readonly path: string;
  readonly message: string;
}

/** Thrown when qualification data is invalid; the message names the source and every failing field path. */
export class QualificationDataError extends Error {
  override readonly name = 'QualificationDataError';

  constructor(
    /** Where the data came from, usually the JSON file name. */
    readonly source: string,
    readonly issues: readonly QualificationIssue[],
  ) {
    super(issues.map((issue) => formatIssue(source, issue)).join('\n'));
  }
}

function formatIssue(source: string, issue: QualificationIssue): string {
  return issue.path ? `${source}: ${issue.path}: ${issue.message}` : `${source}: ${issue.message}`;
}

/** Renders a zod path as `kerntaken[1].werkprocessen[2].omschrijving`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${part}` : part;
  }, '');
}

// Texts are copied from PDFs; surrounding or doubled whitespace means a line break slipped through.
const text = z
  .string()
  .min(1, 'must not be empty')
  .refine((s) => s === s.replace(/\s+/g, ' ').trim(), {
    message: 'must not contain line breaks, tabs, repeated or surrounding whitespace',
  });

// Allows both old-style codes ("2", "2.3") and newer dossier codes ("B1-K1", "B1-K1-W1").
const code = z
  .string()
  .regex(/^[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$/, 'must be letters/digits separated by "." or "-"');

const criterionKey = z.string().regex(/^[a-z]$/, 'must be a single lowercase letter');

// A choice code is what a card sends back and storage keeps: short, without spaces or punctuation.
const choiceCode = z.string().regex(/^[A-Za-z0-9]{1,8}$/, 'must be 1 to 8 letters or digits, such as "Bg"');

const translations = z
  .record(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as "en"'), text)
  .default({});

const criterionHeadingSchema = z.object({ key: criterionKey, label: text }).strict();

const levelSchema = z
  .object({
    code: choiceCode,
    label: text,
    translations,
    criteria: z.array(z.object({ key: criterionKey, text }).strict()),
  })
  .strict();

const notApplicableSchema = z.object({ code: choiceCode, label: text, translations }).strict();

const werkprocesSchema = z.object({ code, title: text, omschrijving: text }).strict();

const kerntaakSchema = z
  .object({
    code,
    title: text,
    werkprocessen: z.array(werkprocesSchema).min(1, 'must list at least one werkproces'),
  })
  .strict();

const rawQualificationSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "ict-beheerder"'),
    title: text,
    formTitle: text,
    crebo: z
      .string()
      .regex(/^\d{5}$/, 'must be a five-digit crebo number')
      .nullable(),
    criteria: z.array(criterionHeadingSchema).min(1, 'must list at least one criterion heading'),
    levels: z.array(levelSchema).min(2, 'must list at least two levels'),
    notApplicable: notApplicableSchema,
    kerntaken: z.array(kerntaakSchema).min(1, 'must list at least one kerntaak'),
  })
  .strict();

type RawQualification = z.infer<typeof rawQualificationSchema>;

function checkScale(q: RawQualification, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });

  const headings = new Map<string, string>();
  q.criteria.forEach((heading, i) => {
    if (headings.has(heading.key)) issue(['criteria', i, 'key'], `duplicate criterion key "${heading.key}"`);
    headings.set(heading.key, heading.label);
  });

  // Codes that differ only in case would look alike on a card and in the legend.
  const seenCodes = new Map<string, string>();
  q.levels.forEach((level, i) => {
    const first = seenCodes.get(level.code.toLowerCase());
    if (first !== undefined) {
      issue(['levels', i, 'code'], `duplicate level code "${level.code}" (also at ${first})`);
    } else {
      seenCodes.set(level.code.toLowerCase(), `levels[${i}]`);
    }
    const worded = new Set<string>();
    level.criteria.forEach((criterion, j) => {
      if (worded.has(criterion.key)) {
        issue(['levels', i, 'criteria', j, 'key'], `duplicate criterion key "${criterion.key}"`);
      } else if (!headings.has(criterion.key)) {
        issue(['levels', i, 'criteria', j, 'key'], `criterion "${criterion.key}" has no heading in criteria`);
      }
      worded.add(criterion.key);
    });
    for (const [key, label] of headings) {
      if (!worded.has(key)) issue(['levels', i, 'criteria'], `missing criterion "${key}" (${label})`);
    }
  });
  const clash = seenCodes.get(q.notApplicable.code.toLowerCase());
  if (clash !== undefined) {
    issue(['notApplicable', 'code'], `"${q.notApplicable.code}" is also the code of ${clash}`);
  }
}

function checkKerntaken(q: RawQualification, ctx: z.RefinementCtx): void {
  const seenKerntaken = new Map<string, number>();
  const seenWerkprocessen = new Map<string, string>();
  q.kerntaken.forEach((kerntaak, k) => {
    const first = seenKerntaken.get(kerntaak.code);
    if (first !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['kerntaken', k, 'code'],
        message: `duplicate kerntaak code "${kerntaak.code}" (also at kerntaken[${first}])`,
      });
    } else {
      seenKerntaken.set(kerntaak.code, k);
    }
    kerntaak.werkprocessen.forEach((werkproces, w) => {
      const path = ['kerntaken', k, 'werkprocessen', w, 'code'];
      if (
        !werkproces.code.startsWith(`${kerntaak.code}.`) &&
        !werkproces.code.startsWith(`${kerntaak.code}-`)
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `werkproces code "${werkproces.code}" must start with its kerntaak code "${kerntaak.code}."`,
        });
      }
      const firstAt = seenWerkprocessen.get(werkproces.code);
      if (firstAt !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `duplicate werkproces code "${werkproces.code}" (also at ${firstAt})`,
        });
      } else {
        seenWerkprocessen.set(werkproces.code, formatFieldPath(path.slice(0, -1)));
      }
    });
  });
}

/** Every level worded along the scale's headings, in their order, with each criterion's heading. */
function withHeadings(q: RawQualification): Qualification {
  return {
    ...q,
    levels: q.levels.map((level) => ({
      ...level,
      criteria: q.criteria.map((heading) => ({
        ...heading,
        text: level.criteria.find((criterion) => criterion.key === heading.key)?.text ?? '',
      })),
    })),
  };
}

/** Zod schema for a qualification data file, including cross-field rules (a consistent scale; unique, correctly prefixed codes). */
export const qualificationSchema: z.ZodType<Qualification, z.ZodTypeDef, unknown> = rawQualificationSchema
  .superRefine((q, ctx) => {
    checkScale(q, ctx);
    checkKerntaken(q, ctx);
  })
  .transform(withHeadings);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates raw (JSON-parsed) data as a {@link Qualification}.
 * The result is deeply frozen because one catalog instance is shared by all conversations.
 * @param source Name used in error messages, normally the data file's name.
 * @throws QualificationDataError listing every failing field path.
 */
export function parseQualification(raw: unknown, source: string): Qualification {
  const result = qualificationSchema.safeParse(raw);
  if (!result.success) {
    throw new QualificationDataError(
      source,
      result.error.issues.map((issue) => ({ path: formatFieldPath(issue.path), message: issue.message })),
    );
  }
  return deepFreeze(result.data);
}

/** The codes a person can choose for a werkproces: the levels, lowest first, then the not-applicable code. */
export function levelChoices(q: Qualification): string[] {
  return [...q.levels.map((level) => level.code), q.notApplicable.code];
}

/** True when `value` is a level code of the qualification's scale or its not-applicable code (exact case). */
export function isLevelChoice(q: Qualification, value: unknown): value is LevelChoice {
  return typeof value === 'string' && levelChoices(q).includes(value);
}

/** The level with exactly this code, or `undefined` (also for the not-applicable code). */
export function findLevel(q: Qualification, levelCode: string): Level | undefined {
  return q.levels.find((level) => level.code === levelCode);
}

/** All werkprocessen in form order, each with its kerntaak and 1-based overall index. */
export function allWerkprocessen(q: Qualification): WerkprocesEntry[] {
  const entries: WerkprocesEntry[] = [];
  for (const kerntaak of q.kerntaken) {
    for (const werkproces of kerntaak.werkprocessen) {
      entries.push({ ...werkproces, kerntaak, index: entries.length + 1 });
    }
  }
  return entries;
}

/** The werkproces with exactly this code (e.g. `3.2`), or `undefined`. */
export function findWerkproces(q: Qualification, werkprocesCode: string): WerkprocesEntry | undefined {
  return allWerkprocessen(q).find((entry) => entry.code === werkprocesCode);
}

/** Number of werkprocessen over all kerntaken. */
export function werkprocesCount(q: Qualification): number {
  return q.kerntaken.reduce((sum, kerntaak) => sum + kerntaak.werkprocessen.length, 0);
}

/**
 * A fingerprint of a qualification's content (SHA-256 of its JSON): two versions with the same
 * digest say the same, and a preview's digest names exactly what it showed.
 */
export function qualificationDigest(q: Qualification): string {
  return createHash('sha256').update(JSON.stringify(q), 'utf8').digest('hex');
}

/**
 * The data a qualification is read from (as in a data file): each level's criteria without the
 * headings {@link parseQualification} adds. `parseQualification(qualificationData(q))` equals `q`.
 */
export function qualificationData(q: Qualification): unknown {
  return {
    ...q,
    levels: q.levels.map((level) => ({
      ...level,
      criteria: level.criteria.map(({ key, text }) => ({ key, text })),
    })),
  };
}
