import type {
  AgreedLevels,
  Agreement,
  Answer,
  CheckInRound,
  Decision,
  Part,
  PartRole,
  Remark,
  RoundKind,
  Signature,
} from '../domain/check-in';
import type { LevelChoice } from '../domain/qualification';
import type { RoundState } from '../domain/round-state';

/*
 * How a round is stored. Table Storage allows 32K UTF-16 characters in a string property and 1 MiB
 * in an entity, and a batch may carry 100 actions and 4 MiB. Free text escapes up to six-fold in
 * JSON (a control character becomes `\u0001`), so a whole part as one JSON property overflows long
 * before its notes reach their limits. Instead:
 *
 * - the round row (`round|001`) keeps the state and the structure: per part its cursor, rev,
 *   completion and levels; the agreement's levels; the remark. Its ETag guards every step.
 * - every free text (notes, werkzaamheden, agreement texts, decisions) is one plain string property,
 *   not escaped at all, packed up to a size budget well under the entity limit: the first pack in
 *   the round row itself, any further ones in text rows (`round|001|texts|000`, …). So a round
 *   whose texts fit one pack (every round people write) is read with one point read, and any
 *   number of texts still fits in some number of rows.
 * - a save writes the round row and all its text rows in one atomic batch; the round row counts
 *   its text rows, so a text row left over from a longer version is ignored.
 *
 * A round row records its layout (3); a row of any other layout is refused rather than misread. A
 * `previousAgreement` that earlier versions kept is read past and dropped by the next save: each
 * submitted version is now kept whole in its own rows (version-rows.ts).
 */

const LAYOUT = 3;
const TEXT_ROWS = 'texts';

/** Keeps a text row well inside 1 MiB as stored (UTF-16) and a batch inside 4 MiB on the wire. */
const TEXT_ROW_BUDGET_BYTES = 512 * 1024;
/** An entity holds at most 255 properties, three of them system properties. */
const TEXT_ROW_MAX_ENTRIES = 200;
/** Table Storage's limit on one string property, in UTF-16 code units. */
export const MAX_PROPERTY_CHARS = 32 * 1024;

export const roundRow = (n: number) => `round|${String(n).padStart(3, '0')}`;
export const ROUND_PREFIX = 'round|';
export const textRow = (n: number, index: number) =>
  `${roundRow(n)}|${TEXT_ROWS}|${String(index).padStart(3, '0')}`;

type PartRow = {
  cursor: number;
  rev: number;
  doneAt?: string;
  levels: Record<string, LevelChoice>;
};

/** The round row as stored now. */
export type RoundEntity = {
  partitionKey: string;
  rowKey: string;
  layout: typeof LAYOUT;
  kind: RoundKind;
  qualificationId: string;
  state: RoundState;
  openedAt: string;
  stateSince: string;
  version: number;
  rev: number;
  student: string;
  trainer: string;
  agreement?: string;
  /** Written by earlier versions (the agreement last sent back); read past, never written. */
  previousAgreement?: string;
  settled?: string;
  remark?: string;
  /** JSON: the previous round's agreed levels, or null (see CheckInRound.agreedBefore). */
  agreedBefore?: string;
  /** Text rows beyond the texts this row holds itself. */
  textRows: number;
  /** JSON: the keys of the texts this row holds as `v0`, `v1`, … (layout 3). */
  keys?: string;
  /**
   * JSON: a copy of the placement row, changed in the same batch as the placement row itself
   * (placement-rows.ts); absent on rows written before copies existed.
   */
  placement?: string;
} & Record<`v${number}`, string>;

/** A row of free texts: `keys` names each value `v0`, `v1`, … in order. */
export type TextEntity = {
  partitionKey: string;
  rowKey: string;
  keys: string;
} & Record<`v${number}`, string>;

/** A round row as read: the current layout, unless storage holds a row this version does not know. */
export type StoredRoundEntity = Omit<RoundEntity, 'layout'> & { layout?: unknown };

/** A round row of a layout this version does not read (the row's keys only: nothing personal). */
export class UnknownRoundLayoutError extends Error {
  constructor(placementId: string, rowKey: string, layout: unknown) {
    super(
      `round row ${placementId}/${rowKey} has layout ${String(layout)}; this version reads layout ${LAYOUT}`,
    );
    this.name = 'UnknownRoundLayoutError';
  }
}

/** A free text that could not be stored as one property; the domain's limits keep this from happening. */
export class TextTooLargeError extends Error {
  constructor(readonly key: string) {
    super(`text ${key} is larger than a table property can hold`);
    this.name = 'TextTooLargeError';
  }
}

const PARTS: readonly PartRole[] = ['student', 'trainer'];

/** Every free text of a round, under a key saying where it belongs, in a fixed order. */
function textsOf(round: CheckInRound): [string, string][] {
  const texts: [string, string][] = [];
  for (const role of PARTS) {
    const part = round.parts[role];
    for (const [code, answer] of Object.entries(part.answers)) {
      if (answer.note !== undefined) texts.push([`${role}.note.${code}`, answer.note]);
    }
    for (const [code, text] of Object.entries(part.texts)) texts.push([`${role}.text.${code}`, text]);
  }
  for (const [code, text] of Object.entries(round.agreement?.texts ?? {}))
    texts.push([`agreement.text.${code}`, text]);
  round.decisions.forEach((decision, i) => {
    texts.push([`decision.${String(i).padStart(4, '0')}`, JSON.stringify(decision)]);
  });
  return texts;
}

// Bytes as Table Storage counts a string property (UTF-16 plus its length) and as the batch body
// carries it (escaped JSON in UTF-8); a text row is closed when either would pass the budget.
const storedBytes = (key: string, value: string) =>
  8 + 2 * `v000`.length + 4 + 2 * value.length + 2 * key.length;
const wireBytes = (value: string) => Buffer.byteLength(JSON.stringify(value)) + 16;

/**
 * Packs free texts into as many text rows as they need, each within the budgets above; `rowKey`
 * names the n-th row. Also used for the texts of agreement versions (version-rows.ts).
 */
export function packTexts(
  placementId: string,
  rowKey: (index: number) => string,
  texts: [string, string][],
): TextEntity[] {
  const rows: TextEntity[] = [];
  let keys: string[] = [];
  let values: string[] = [];
  let stored = 0;
  let wire = 0;
  const close = () => {
    if (keys.length === 0) return;
    const row: TextEntity = {
      partitionKey: placementId,
      rowKey: rowKey(rows.length),
      keys: JSON.stringify(keys),
    };
    values.forEach((value, i) => {
      row[`v${i}`] = value;
    });
    rows.push(row);
    keys = [];
    values = [];
    stored = 0;
    wire = 0;
  };
  for (const [key, value] of texts) {
    if (value.length > MAX_PROPERTY_CHARS) throw new TextTooLargeError(key);
    const s = storedBytes(key, value);
    const w = wireBytes(value) + key.length;
    if (
      keys.length >= TEXT_ROW_MAX_ENTRIES ||
      stored + s > TEXT_ROW_BUDGET_BYTES ||
      wire + w > TEXT_ROW_BUDGET_BYTES
    )
      close();
    keys.push(key);
    values.push(value);
    stored += s;
    wire += w;
  }
  close();
  return rows;
}

function partRow(part: Part): string {
  const levels: Record<string, LevelChoice> = {};
  for (const [code, answer] of Object.entries(part.answers)) levels[code] = answer.level;
  const row: PartRow = {
    cursor: part.cursor,
    rev: part.rev,
    ...(part.doneAt !== undefined ? { doneAt: part.doneAt } : {}),
    levels,
  };
  return JSON.stringify(row);
}

/** The rows a round is written as: the round row first, then its text rows. */
export function toRows(round: CheckInRound): { round: RoundEntity; texts: TextEntity[] } {
  // The first pack goes into the round row; `rowKey` numbers the rest from 0.
  const [inline, ...texts] = packTexts(
    round.placementId,
    (index) => (index === 0 ? roundRow(round.number) : textRow(round.number, index - 1)),
    textsOf(round),
  );
  const { partitionKey: _p, rowKey: _r, ...inlineTexts } = inline ?? { partitionKey: '', rowKey: '' };
  return {
    round: {
      ...inlineTexts,
      partitionKey: round.placementId,
      rowKey: roundRow(round.number),
      layout: LAYOUT,
      kind: round.kind,
      qualificationId: round.qualificationId,
      state: round.state,
      openedAt: round.openedAt,
      stateSince: round.stateSince,
      version: round.version,
      rev: round.rev,
      student: partRow(round.parts.student),
      trainer: partRow(round.parts.trainer),
      ...(round.agreement ? { agreement: JSON.stringify({ levels: round.agreement.levels }) } : {}),
      ...(round.settled ? { settled: JSON.stringify(round.settled) } : {}),
      ...(round.remark ? { remark: JSON.stringify(round.remark) } : {}),
      ...(round.agreedBefore !== undefined ? { agreedBefore: JSON.stringify(round.agreedBefore) } : {}),
      textRows: texts.length,
    },
    texts,
  };
}

/** The round number a round row or text row belongs to, and whether it is a text row. */
export function rowOf(rowKey: string): { number: number; text: boolean } | undefined {
  const match = /^round\|(\d{3})(\|texts\|\d{3})?$/.exec(rowKey);
  return match ? { number: Number(match[1]), text: match[2] !== undefined } : undefined;
}

/** The texts of `count` text rows named by `rowKey`, by their keys; a missing row is an error. */
export function readTexts(
  count: number,
  rowKey: (index: number) => string,
  rows: readonly TextEntity[],
): Map<string, string> {
  const texts = new Map<string, string>();
  for (let index = 0; index < count; index++) {
    const row = rows.find((r) => r.rowKey === rowKey(index));
    if (!row) throw new Error(`text row ${index} of ${rowKey(index)} is missing`);
    (JSON.parse(row.keys) as string[]).forEach((key, i) => {
      texts.set(key, row[`v${i}`] ?? '');
    });
  }
  return texts;
}

function withPrefix(texts: Map<string, string>, prefix: string): [string, string][] {
  return [...texts]
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, value]) => [key.slice(prefix.length), value]);
}

function readPart(json: string, role: PartRole, texts: Map<string, string>): Part {
  const row = JSON.parse(json) as PartRow;
  const notes = new Map(withPrefix(texts, `${role}.note.`));
  const answers: Record<string, Answer> = {};
  for (const [code, level] of Object.entries(row.levels)) {
    const note = notes.get(code);
    answers[code] = { level, ...(note !== undefined ? { note } : {}) };
  }
  return {
    answers,
    texts: Object.fromEntries(withPrefix(texts, `${role}.text.`)),
    cursor: row.cursor,
    ...(row.doneAt !== undefined ? { doneAt: row.doneAt } : {}),
    rev: row.rev,
  };
}

function readAgreement(json: string, name: string, texts: Map<string, string>): Agreement {
  const { levels } = JSON.parse(json) as { levels: Record<string, LevelChoice> };
  return { levels, texts: Object.fromEntries(withPrefix(texts, `${name}.text.`)) };
}

function common(entity: StoredRoundEntity) {
  return {
    placementId: entity.partitionKey,
    number: Number(entity.rowKey.slice(ROUND_PREFIX.length)),
    kind: entity.kind,
    qualificationId: entity.qualificationId,
    state: entity.state,
    openedAt: entity.openedAt,
    stateSince: entity.stateSince,
    version: entity.version,
    rev: entity.rev,
  };
}

/** A round from its round row and the text rows read with it. */
export function fromRows(entity: StoredRoundEntity, rows: readonly TextEntity[]): CheckInRound {
  if (entity.layout !== LAYOUT)
    throw new UnknownRoundLayoutError(entity.partitionKey, entity.rowKey, entity.layout);
  const number = Number(entity.rowKey.slice(ROUND_PREFIX.length));
  const texts = readTexts(entity.textRows, (index) => textRow(number, index), rows);
  if (entity.keys) {
    (JSON.parse(entity.keys) as string[]).forEach((key, i) => {
      texts.set(key, entity[`v${i}`] ?? '');
    });
  }
  return {
    ...common(entity),
    parts: {
      student: readPart(entity.student, 'student', texts),
      trainer: readPart(entity.trainer, 'trainer', texts),
    },
    ...(entity.agreement ? { agreement: readAgreement(entity.agreement, 'agreement', texts) } : {}),
    ...(entity.settled ? { settled: JSON.parse(entity.settled) as Signature } : {}),
    ...(entity.remark ? { remark: JSON.parse(entity.remark) as Remark } : {}),
    ...(entity.agreedBefore !== undefined
      ? { agreedBefore: JSON.parse(entity.agreedBefore) as AgreedLevels | null }
      : {}),
    decisions: withPrefix(texts, 'decision.')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, json]) => JSON.parse(json) as Decision),
  };
}
