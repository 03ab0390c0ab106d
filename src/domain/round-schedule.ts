import { type CheckInRound, ROUND_KINDS, type RoundKind } from './check-in';
import { localTime } from './local-time';
import type { Placement } from './placement';

/** The settings behind the due dates of a placement's check-ins. */
export interface RoundScheduleRules {
  /** The last check-in is due this many days before the end date. */
  readonly finalRoundDaysBeforeEnd: number;
  /** IANA time zone in which a due date begins (at local midnight), e.g. Europe/Amsterdam. */
  readonly timeZone: string;
}

/** The round that comes after a placement's latest one. */
export interface ScheduledRound {
  readonly number: number;
  readonly kind: RoundKind;
  /** The local date (YYYY-MM-DD) on which it opens. */
  readonly dueOn: string;
}

/**
 * Where a placement stands with its next check-in:
 * - `in_progress`: the latest round is not approved yet, so nothing new opens;
 * - `upcoming`: the next round opens on `next.dueOn`, not yet;
 * - `due`: the next round is due and should be opened now;
 * - `finished`: no round will open any more (the last one is done, or the placement has ended).
 */
export type RoundSchedule =
  | { readonly status: 'in_progress' }
  | { readonly status: 'upcoming'; readonly next: ScheduledRound }
  | { readonly status: 'due'; readonly next: ScheduledRound }
  | { readonly status: 'finished'; readonly reason: 'last_round' | 'ended' };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The dates (YYYY-MM-DD) on which each check-in round is due: the start date, halfway, and
 * `finalRoundDaysBeforeEnd` days before the end date. Each comes after the one before it and
 * none after the end date, also for a placement of a few days.
 */
export function roundDueDates(
  placement: Pick<Placement, 'startDate' | 'endDate'>,
  rules: Pick<RoundScheduleRules, 'finalRoundDaysBeforeEnd'>,
): Record<RoundKind, string> {
  // Whole calendar days, counted in UTC: a daylight-saving change does not shift a date.
  const start = Date.parse(`${placement.startDate}T00:00:00Z`);
  const end = Date.parse(`${placement.endDate}T00:00:00Z`);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const halfway = start + Math.round((end - start) / 2 / DAY_MS) * DAY_MS;
  const nearEnd = Math.max(halfway + DAY_MS, end - rules.finalRoundDaysBeforeEnd * DAY_MS);
  return { start: iso(start), tussentijds: iso(halfway), eind: iso(Math.min(nearEnd, end)) };
}

/** The calendar date (YYYY-MM-DD) that `now` falls on in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return localTime(now, timeZone).date;
}

/**
 * The one rule for when a round opens, asked by the reminder sweep and by `start` alike: after
 * the latest round (none yet: the first) is approved, the next one opens on its due date, from
 * local midnight in the rules' time zone, until the placement's end date has passed.
 */
export function nextRound(
  placement: Pick<Placement, 'startDate' | 'endDate'>,
  latest: Pick<CheckInRound, 'number' | 'state'> | undefined,
  now: Date,
  rules: RoundScheduleRules,
): RoundSchedule {
  if (latest && latest.state !== 'approved') return { status: 'in_progress' };
  const number = (latest?.number ?? 0) + 1;
  const kind = ROUND_KINDS[number - 1];
  if (!kind) return { status: 'finished', reason: 'last_round' };
  const today = localDate(now, rules.timeZone);
  if (today > placement.endDate) return { status: 'finished', reason: 'ended' };
  const next: ScheduledRound = { number, kind, dueOn: roundDueDates(placement, rules)[kind] };
  return today >= next.dueOn ? { status: 'due', next } : { status: 'upcoming', next };
}
