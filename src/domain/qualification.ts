import { z } from 'zod';

/** The three competence levels of the afsprakenlijst, in ascending order: Beginnend, Gevorderd, Bekwaam. */
export const LEVEL_CODES = ['Bg', 'G', 'Bk'] as const;

/** Code of a competence level as printed on the form. */
export type LevelCode = (typeof LEVEL_CODES)[number];

/** Code used when a werkproces cannot be practised at the company ("niet van toepassing"). */
export const NOT_APPLICABLE_CODE = 'nvt';

/** Type of {@link NOT_APPLICABLE_CODE}. */
export type NotApplicableCode = typeof NOT_APPLICABLE_CODE;

/** What student and trainer can agree on for one werkproces: a level, or "not possible here". */
export type LevelChoice = LevelCode | NotApplicableCode;

/** One lettered criterion (a–d) that defines a level, e.g. `Werktempo`. */
export interface LevelCriterion {
  /** Letter as printed on the form: `a`, `b`, ... */
  readonly key: string;
  /** Heading of the criterion, e.g. `Sturing / instructie`. */
  readonly label: string;
  /** Wording of the criterion for this level. */
  readonly text: string;
}

/** A competence level (Bg, G or Bk) with the criteria that define it. */
export interface Level {
  readonly code: LevelCode;
  /** Full name, e.g. `Beginnend`. */
  readonly label: string;
  readonly criteria: readonly LevelCriterion[];
}

/** The "not possible at this company" option offered next to the levels. */
export interface NotApplicable {
  readonly code: NotApplicableCode;
  readonly label: string;
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

/** A qualification's afsprakenlijst: levels, kerntaken and werkprocessen, loaded from a JSON data file. */
export interface Qualification {
  /** Stable slug used in storage and commands, e.g. `ict-beheerder`. */
  readonly id: string;
  readonly title: string;
  /** Title of the paper form this data was copied from. */
  readonly formTitle: string;
  /** Five-digit crebo number, or `null` when the source form does not state it. */
  readonly crebo: string | null;
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

const criterionSchema = z
  .object({
    key: z.string().regex(/^[a-z]$/, 'must be a single lowercase letter'),
    label: text,
    text,
  })
  .strict();

const levelSchema = z
  .object({
    code: z.enum(LEVEL_CODES),
    label: text,
    criteria: z.array(criterionSchema).min(1, 'must list at least one criterion'),
  })
  .strict();

const werkprocesSchema = z.object({ code, title: text, omschrijving: text }).strict();

const kerntaakSchema = z
  .object({
    code,
    title: text,
    werkprocessen: z.array(werkprocesSchema).min(1, 'must list at least one werkproces'),
  })
  .strict();

/** Zod schema for a qualification data file, including cross-field rules (unique, correctly prefixed codes). */
export const qualificationSchema: z.ZodType<Qualification, z.ZodTypeDef, unknown> = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "ict-beheerder"'),
    title: text,
    formTitle: text,
    crebo: z
      .string()
      .regex(/^\d{5}$/, 'must be a five-digit crebo number')
      .nullable(),
    levels: z.array(levelSchema),
    notApplicable: z.object({ code: z.literal(NOT_APPLICABLE_CODE), label: text }).strict(),
    kerntaken: z.array(kerntaakSchema).min(1, 'must list at least one kerntaak'),
  })
  .strict()
  .superRefine((q, ctx) => {
    const seenLevels = new Map<string, number>();
    q.levels.forEach((level, i) => {
      const first = seenLevels.get(level.code);
      if (first !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['levels', i, 'code'],
          message: `duplicate level code "${level.code}" (also at levels[${first}])`,
        });
      } else {
        seenLevels.set(level.code, i);
      }
      const seenKeys = new Set<string>();
      level.criteria.forEach((criterion, j) => {
        if (seenKeys.has(criterion.key)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['levels', i, 'criteria', j, 'key'],
            message: `duplicate criterion key "${criterion.key}"`,
          });
        }
        seenKeys.add(criterion.key);
      });
    });
    for (const levelCode of LEVEL_CODES) {
      if (!seenLevels.has(levelCode)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['levels'],
          message: `missing level "${levelCode}"`,
        });
      }
    }

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
  });

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

/** True when `value` is one of {@link LEVEL_CODES}. */
export function isLevelCode(value: unknown): value is LevelCode {
  return (LEVEL_CODES as readonly unknown[]).includes(value);
}

/** The level with the given code; every valid qualification has all of {@link LEVEL_CODES}. */
export function findLevel(q: Qualification, levelCode: LevelCode): Level | undefined {
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
