import type { Role } from './placement';
import {
  allWerkprocessen,
  isLevelChoice,
  type LevelChoice,
  type Qualification,
  type WerkprocesEntry,
} from './qualification';
import { type RoundState, transition } from './round-state';

/** The three check-ins of a placement: at the start, halfway, and at the end. */
export type RoundKind = 'start' | 'tussentijds' | 'eind';
export const ROUND_KINDS: readonly RoundKind[] = ['start', 'tussentijds', 'eind'];

/** The two roles that fill in the list. */
export type PartRole = Extract<Role, 'student' | 'trainer'>;
export const PART_ROLES: readonly PartRole[] = ['student', 'trainer'];

/** The other one of the two who fill in the list. */
export function otherPartRole(role: PartRole): PartRole {
  return role === 'student' ? 'trainer' : 'student';
}

/** Most characters (UTF-16 code units, as a card input counts them) in a note on a werkproces. */
export const MAX_NOTE_LENGTH = 500;
/** Most characters in a kerntaak's "Specifieke werkzaamheden", in a part or in the agreement. */
export const MAX_TEXT_LENGTH = 2000;
/** Most characters in a remark that sends the list back. */
export const MAX_REMARK_LENGTH = 1000;

/** One person's answer for one werkproces. */
export interface Answer {
  readonly level: LevelChoice;
  readonly note?: string;
}

/** One person's pass through the list. */
export interface Part {
  readonly answers: Readonly<Record<string, Answer>>;
  /** "Specifieke werkzaamheden" per kerntaak code. */
  readonly texts: Readonly<Record<string, string>>;
  /** Index into {@link checkInSteps}; equal to its length on the overview. */
  readonly cursor: number;
  readonly doneAt?: string;
  /** Bumped on every change, so a card from before the change can be recognised as stale. */
  readonly rev: number;
}

/** The agreed list the trainer settles and the student confirms. */
export interface Agreement {
  readonly levels: Readonly<Record<string, LevelChoice>>;
  readonly texts: Readonly<Record<string, string>>;
}

/** A remark that sent the list back: from the student to the trainer, or from the supervisor. */
export interface Remark {
  readonly by: Role;
  readonly text: string;
  readonly at: string;
}

/** Who did something, and when: an Entra object id (never a name) and an ISO time. */
export interface Signature {
  readonly by: string;
  readonly at: string;
}

/** The supervisor's decision on one submitted version. */
export interface Decision {
  readonly outcome: 'approved' | 'changes_requested';
  readonly by: string;
  readonly at: string;
  readonly version: number;
  readonly remark?: string;
}

/** One check-in round of a placement: both parts, the agreement, and where it stands. */
export interface CheckInRound {
  readonly placementId: string;
  readonly number: number;
  readonly kind: RoundKind;
  readonly qualificationId: string;
  readonly state: RoundState;
  readonly openedAt: string;
  readonly parts: Readonly<Record<PartRole, Part>>;
  readonly agreement?: Agreement;
  /** When the state last changed: reminders and the supervisor's overview count from here. */
  readonly stateSince: string;
  readonly remark?: Remark;
  /** Submitted versions so far; the supervisor decides on `version`. Each is kept whole as an agreement version (agreement-version.ts). */
  readonly version: number;
  /** Who settled the agreement last, and when: the trainer's Entra id goes into the next version. */
  readonly settled?: Signature;
  readonly decisions: readonly Decision[];
  /** Bumped on every change to the agreement phase. */
  readonly rev: number;
  /**
   * What the previous round agreed, copied when this round opened (null: no earlier round was
   * approved). Only the latest round can be reopened, so this stays true while the round is open.
   * Absent in a first round and in rounds opened before it was kept.
   */
  readonly agreedBefore?: AgreedLevels | null;
}

/** The levels agreed in an earlier round: its approved version. */
export interface AgreedLevels {
  readonly round: number;
  readonly kind: RoundKind;
  readonly version: number;
  /** The agreed level per werkproces code; a werkproces without a level is absent. */
  readonly levels: Readonly<Record<string, LevelChoice>>;
}

/** A step of a part: a werkproces, or a kerntaak's "Specifieke werkzaamheden". */
export type Step =
  | { readonly kind: 'werkproces'; readonly werkproces: WerkprocesEntry }
  | { readonly kind: 'werkzaamheden'; readonly kerntaakCode: string; readonly kerntaakTitle: string };

/** The steps of one part in order: each kerntaak's werkprocessen, then its specifieke werkzaamheden. */
export function checkInSteps(q: Qualification): Step[] {
  const steps: Step[] = [];
  const entries = allWerkprocessen(q);
  for (const kerntaak of q.kerntaken) {
    for (const entry of entries.filter((e) => e.kerntaak.code === kerntaak.code)) {
      steps.push({ kind: 'werkproces', werkproces: entry });
    }
    steps.push({ kind: 'werkzaamheden', kerntaakCode: kerntaak.code, kerntaakTitle: kerntaak.title });
  }
  return steps;
}

/** Why a check-in action was refused; the bot turns each into a clear answer. */
export class CheckInError extends Error {
  constructor(
    readonly reason:
      | 'wrong_state'
      | 'wrong_role'
      | 'stale'
      | 'unknown_step'
      | 'level_required'
      | 'invalid_level'
      | 'note_too_long'
      | 'text_too_long'
      | 'remark_required'
      | 'remark_too_long'
      | 'incomplete',
    readonly detail: Record<string, string | number> = {},
  ) {
    super(reason);
    this.name = 'CheckInError';
  }
}

const emptyPart: Part = { answers: {}, texts: {}, cursor: 0, rev: 0 };

/** A new round, as it opens for both. */
export function openRound(input: {
  placementId: string;
  number: number;
  kind: RoundKind;
  qualificationId: string;
  now: Date;
  /** For a later round: what the previous round agreed (null: nothing approved before). */
  agreedBefore?: AgreedLevels | null;
}): CheckInRound {
  const at = input.now.toISOString();
  return {
    ...(input.agreedBefore !== undefined ? { agreedBefore: input.agreedBefore } : {}),
    placementId: input.placementId,
    number: input.number,
    kind: input.kind,
    qualificationId: input.qualificationId,
    state: 'open',
    openedAt: at,
    stateSince: at,
    parts: { student: emptyPart, trainer: emptyPart },
    version: 0,
    decisions: [],
    rev: 0,
  };
}

/** What a person filled in on a step's card. Absent fields leave the saved answer as it is. */
export interface StepInput {
  readonly level?: string;
  readonly note?: string;
  readonly text?: string;
}

export type Navigation = 'next' | 'back' | 'stay' | 'overview';

function withState(round: CheckInRound, state: RoundState, now: Date): CheckInRound {
  return state === round.state ? round : { ...round, state, stateSince: now.toISOString() };
}

function checkRev(expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) throw new CheckInError('stale');
}

/**
 * Saves what was filled in on step `stepIndex` and moves the cursor. "Next" needs a level on a
 * werkproces; "back" and "later" save what there is. Text limits are checked here, not only by
 * the card.
 */
export function answerStep(
  round: CheckInRound,
  q: Qualification,
  command: { role: PartRole; stepIndex: number; rev?: number; input: StepInput; navigation: Navigation },
): CheckInRound {
  transition(round.state, 'answer', command.role);
  const part = round.parts[command.role];
  checkRev(command.rev, part.rev);
  const steps = checkInSteps(q);
  const step = steps[command.stepIndex];
  if (!step) throw new CheckInError('unknown_step');
  let answers = part.answers;
  let texts = part.texts;
  if (step.kind === 'werkproces') {
    const code = step.werkproces.code;
    const level = command.input.level?.trim() || undefined;
    if (level !== undefined && !isLevelChoice(q, level)) throw new CheckInError('invalid_level');
    const note = command.input.note?.trim() ?? answers[code]?.note;
    if (note && note.length > MAX_NOTE_LENGTH) {
      throw new CheckInError('note_too_long', {
        werkproces: code,
        length: note.length,
        max: MAX_NOTE_LENGTH,
      });
    }
    const chosen = level ?? answers[code]?.level;
    // A note is kept with its level; without one it could not be saved, so say so rather than drop it.
    if (!chosen && (command.navigation === 'next' || note)) throw new CheckInError('level_required');
    if (chosen) answers = { ...answers, [code]: { level: chosen, ...(note ? { note } : {}) } };
  } else if (command.input.text !== undefined) {
    const text = command.input.text.trim();
    if (text.length > MAX_TEXT_LENGTH) {
      throw new CheckInError('text_too_long', {
        kerntaak: step.kerntaakCode,
        length: text.length,
        max: MAX_TEXT_LENGTH,
      });
    }
    // Leaving an untouched field empty is not an answer; clearing a written text is.
    if (text || texts[step.kerntaakCode] !== undefined) texts = { ...texts, [step.kerntaakCode]: text };
  }
  const cursor =
    command.navigation === 'next'
      ? command.stepIndex + 1
      : command.navigation === 'back'
        ? Math.max(0, command.stepIndex - 1)
        : command.navigation === 'overview'
          ? steps.length
          : command.stepIndex;
  const updated: Part = { ...part, answers, texts, cursor, rev: part.rev + 1 };
  return { ...round, parts: { ...round.parts, [command.role]: updated } };
}

/** Moves a person's cursor to a step (from the overview), without changing answers. */
export function goToStep(
  round: CheckInRound,
  q: Qualification,
  command: { role: PartRole; stepIndex: number; rev?: number },
): CheckInRound {
  transition(round.state, 'answer', command.role);
  const part = round.parts[command.role];
  checkRev(command.rev, part.rev);
  if (command.stepIndex < 0 || command.stepIndex > checkInSteps(q).length)
    throw new CheckInError('unknown_step');
  return {
    ...round,
    parts: { ...round.parts, [command.role]: { ...part, cursor: command.stepIndex, rev: part.rev + 1 } },
  };
}

/** Werkproces codes without an answer in a part. */
export function missingAnswers(part: Part, q: Qualification): string[] {
  return allWerkprocessen(q)
    .map((w) => w.code)
    .filter((code) => !part.answers[code]);
}

/** Werkproces codes where student and trainer chose differently. */
export function differences(round: CheckInRound, q: Qualification): string[] {
  return allWerkprocessen(q)
    .map((w) => w.code)
    .filter((code) => round.parts.student.answers[code]?.level !== round.parts.trainer.answers[code]?.level);
}

function initialAgreement(round: CheckInRound, q: Qualification): Agreement {
  const { student, trainer } = round.parts;
  const levels: Record<string, LevelChoice> = {};
  for (const { code } of allWerkprocessen(q)) {
    const level = trainer.answers[code]?.level ?? student.answers[code]?.level;
    if (level) levels[code] = level;
  }
  const texts: Record<string, string> = {};
  for (const { code } of q.kerntaken) {
    // The trainer writes the agreed text, starting from their own; the settle card shows both
    // texts attributed, and the student's stays in their part.
    const text = trainer.texts[code] || student.texts[code];
    if (text) texts[code] = text;
  }
  return { levels, texts };
}

/**
 * Marks a part done once every werkproces has an answer. When the other part is done too the
 * round moves on to settling, with the trainer's levels (or the student's where the trainer has
 * none) and the trainer's texts (or the student's) as the starting point.
 */
export function completePart(
  round: CheckInRound,
  q: Qualification,
  command: { role: PartRole; rev?: number; now: Date },
): CheckInRound {
  const part = round.parts[command.role];
  const other = round.parts[otherPartRole(command.role)];
  const state = transition(round.state, 'completePart', command.role, { otherPartDone: !!other.doneAt });
  checkRev(command.rev, part.rev);
  const missing = missingAnswers(part, q);
  if (missing.length > 0) throw new CheckInError('incomplete', { missing: missing.join(', ') });
  const done: Part = {
    ...part,
    doneAt: part.doneAt ?? command.now.toISOString(),
    cursor: checkInSteps(q).length,
    rev: part.rev + 1,
  };
  const next = { ...round, parts: { ...round.parts, [command.role]: done } };
  if (state === 'settling')
    return {
      ...withState(next, state, command.now),
      agreement: initialAgreement(next, q),
      rev: round.rev + 1,
    };
  return next;
}

/** Kerntaak codes whose agreed text is over {@link MAX_TEXT_LENGTH}, with its length: to shorten before settling. */
export function overLongTexts(agreement: Agreement | undefined): { kerntaak: string; length: number }[] {
  return Object.entries(agreement?.texts ?? {})
    .filter(([, text]) => text.length > MAX_TEXT_LENGTH)
    .map(([kerntaak, text]) => ({ kerntaak, length: text.length }));
}

function checkAgreement(
  levels: Record<string, string | undefined>,
  texts: Record<string, string | undefined>,
  q: Qualification,
): Agreement {
  const agreedLevels: Record<string, LevelChoice> = {};
  for (const { code } of allWerkprocessen(q)) {
    const level = levels[code]?.trim();
    if (!level) throw new CheckInError('incomplete', { missing: code });
    if (!isLevelChoice(q, level)) throw new CheckInError('invalid_level');
    agreedLevels[code] = level;
  }
  const agreedTexts: Record<string, string> = {};
  for (const { code } of q.kerntaken) {
    const text = texts[code]?.trim();
    if (text && text.length > MAX_TEXT_LENGTH)
      throw new CheckInError('text_too_long', { kerntaak: code, length: text.length, max: MAX_TEXT_LENGTH });
    if (text) agreedTexts[code] = text;
  }
  return { levels: agreedLevels, texts: agreedTexts };
}

/**
 * The trainer settles the agreed list (every werkproces a level) and passes it to the student.
 * `by` (the trainer's Entra id) is recorded: the version the student confirms says who settled it.
 */
export function settleAgreement(
  round: CheckInRound,
  q: Qualification,
  command: {
    rev?: number;
    levels: Record<string, string | undefined>;
    texts: Record<string, string | undefined>;
    by: string;
    now: Date;
  },
): CheckInRound {
  const state = transition(round.state, 'settle', 'trainer');
  checkRev(command.rev, round.rev);
  const agreement = checkAgreement(command.levels, command.texts, q);
  return {
    ...withState(round, state, command.now),
    agreement,
    settled: { by: command.by, at: command.now.toISOString() },
    rev: round.rev + 1,
  };
}

/** The student says "akkoord": the list is submitted to the supervisor as a new version. */
export function confirmAgreement(round: CheckInRound, command: { rev?: number; now: Date }): CheckInRound {
  const state = transition(round.state, 'confirm', 'student');
  checkRev(command.rev, round.rev);
  const { remark: _cleared, ...rest } = round;
  return { ...withState(rest, state, command.now), version: round.version + 1, rev: round.rev + 1 };
}

function checkRemark(text: string): string {
  const remark = text.trim();
  if (!remark) throw new CheckInError('remark_required');
  if (remark.length > MAX_REMARK_LENGTH)
    throw new CheckInError('remark_too_long', { length: remark.length, max: MAX_REMARK_LENGTH });
  return remark;
}

/** The student sends the list back to the trainer with a remark (required). */
export function sendBackAgreement(
  round: CheckInRound,
  command: { rev?: number; remark: string; now: Date },
): CheckInRound {
  const state = transition(round.state, 'sendBack', 'student');
  checkRev(command.rev, round.rev);
  const text = checkRemark(command.remark);
  return {
    ...withState(round, state, command.now),
    remark: { by: 'student', text, at: command.now.toISOString() },
    rev: round.rev + 1,
  };
}

/** The earliest step without an answer, or the overview when all are answered: where `start` resumes. */
export function resumeStep(part: Part, q: Qualification): number {
  const steps = checkInSteps(q);
  if (part.doneAt) return Math.min(part.cursor, steps.length);
  const firstOpen = steps.findIndex((s) => s.kind === 'werkproces' && !part.answers[s.werkproces.code]);
  return firstOpen === -1 ? Math.min(part.cursor, steps.length) : Math.min(firstOpen, part.cursor);
}

/**
 * The supervisor approves the submitted version. A click on an older version's card is stale; a
 * second click on the version already approved changes nothing.
 */
export function approveRound(
  round: CheckInRound,
  command: { version: number; by: string; now: Date },
): CheckInRound {
  if (round.state === 'approved' && lastDecision(round)?.version === command.version) return round;
  const state = transition(round.state, 'approve', 'supervisor');
  if (command.version !== round.version) throw new CheckInError('stale');
  const decision: Decision = {
    outcome: 'approved',
    by: command.by,
    at: command.now.toISOString(),
    version: round.version,
  };
  return {
    ...withState(round, state, command.now),
    decisions: [...round.decisions, decision],
    rev: round.rev + 1,
  };
}

/**
 * The supervisor asks for changes with a remark (required, checked here and not only by the card).
 * The round goes back to the trainer; the version decided on stays as it was submitted, as its
 * agreement version (agreement-version.ts), to show what changed.
 */
export function requestChanges(
  round: CheckInRound,
  command: { version: number; by: string; remark: string; now: Date },
): CheckInRound {
  const state = transition(round.state, 'requestChanges', 'supervisor');
  if (command.version !== round.version) throw new CheckInError('stale');
  const text = checkRemark(command.remark);
  const at = command.now.toISOString();
  const decision: Decision = {
    outcome: 'changes_requested',
    by: command.by,
    at,
    version: round.version,
    remark: text,
  };
  return {
    ...withState(round, state, command.now),
    remark: { by: 'supervisor', text, at },
    decisions: [...round.decisions, decision],
    rev: round.rev + 1,
  };
}

/**
 * The trainer reopens an approved list to change it; the approval no longer stands. The approved
 * version and its decision stay as they were stored.
 */
export function reopenApproved(round: CheckInRound, command: { rev?: number; now: Date }): CheckInRound {
  const state = transition(round.state, 'reopenApproved', 'trainer');
  checkRev(command.rev, round.rev);
  return { ...withState(round, state, command.now), rev: round.rev + 1 };
}

/** The supervisor's latest decision, if any. */
export function lastDecision(round: CheckInRound): Decision | undefined {
  return round.decisions.at(-1);
}
