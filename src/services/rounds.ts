import type { VersionRecords } from '../domain/agreement-version';
import type { AuditEvent } from '../domain/audit';
import {
  type CheckInRound,
  openRound,
  otherPartRole,
  type PartRole,
  ROUND_KINDS,
  type RoundKind,
} from '../domain/check-in';
import { type Placement, trainerByEmail } from '../domain/placement';
import { nextRound, type RoundScheduleRules, type ScheduledRound } from '../domain/round-schedule';
import type { RoundHolder, RoundStore, StoredRound } from './check-in/ports';
import { ConcurrentUpdateError, NotYoursError } from './errors';
import { agreedBeforeRound } from './progression';

const MAX_ATTEMPTS = 5;

/** Who does something: an Entra object id in a role, or the system (the reminder sweep). */
export interface Actor {
  readonly id: string;
  readonly role: AuditEvent['actorRole'];
}

/**
 * The placement's latest round, opening the first one when there is none yet (the first time
 * one of its people uses the bot). Two people arriving together open it once; `opened` tells the
 * one whose call opened it.
 */
export async function currentRound(
  placement: Placement,
  deps: { rounds: RoundStore },
  actor: Actor,
  now: Date,
): Promise<StoredRound & { readonly opened: boolean }> {
  let opened = false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rounds = await deps.rounds.list(placement.id);
    const latest = rounds.at(-1);
    if (latest) return { ...latest, opened };
    const round = openRound({
      placementId: placement.id,
      number: 1,
      kind: ROUND_KINDS[0] ?? 'start',
      qualificationId: placement.qualificationId,
      now,
    });
    opened = await deps.rounds.create(round, [
      {
        at: now.toISOString(),
        actorRole: actor.role,
        actorId: actor.id,
        event: 'round_opened',
        round: 1,
        detail: { kind: round.kind },
      },
    ]);
  }
  throw new ConcurrentUpdateError();
}

/**
 * Opens round `next` of a placement with its audit event; false when it exists already because
 * someone else (`start`, the sweep, the trainer) opened it first. The round is inserted, never
 * overwritten, so however many race for it, it is opened exactly once.
 */
export async function openScheduledRound(
  deps: { rounds: RoundStore },
  placement: Pick<Placement, 'id' | 'qualificationId'>,
  next: { readonly number: number; readonly kind: RoundKind },
  actor: Actor,
  now: Date,
  options: { early?: boolean } = {},
): Promise<boolean> {
  const round = openRound({
    placementId: placement.id,
    number: next.number,
    kind: next.kind,
    qualificationId: placement.qualificationId,
    now,
    // Read once here, so that no step of the round's parts reads the versions again.
    agreedBefore: await agreedBeforeRound(deps, placement.id, next.number),
  });
  return deps.rounds.create(round, [
    {
      at: now.toISOString(),
      actorRole: actor.role,
      actorId: actor.id,
      event: options.early ? 'round_opened_early' : 'round_opened',
      round: next.number,
      detail: { kind: next.kind },
    },
  ]);
}

/** What a student or trainer works on, or looks at, now. */
export interface ActiveRound {
  readonly round: CheckInRound;
  /** Who else is to be told that `round` has just opened: this call opened it because it was due. */
  readonly tell: readonly PartRole[];
  /** The latest round is approved and the next one is not due yet: that round and when it opens. */
  readonly upcoming?: ScheduledRound;
}

/**
 * The round for `start`: the latest one (the first is opened on first use). Once the latest is
 * approved, the next one is opened only when the round rule says it is due; before that the
 * approved round stays, with the date the next one opens.
 */
export async function activeRound(
  placement: Placement,
  deps: { rounds: RoundStore },
  actor: Actor & { readonly role: PartRole },
  now: Date,
  rules: RoundScheduleRules,
): Promise<ActiveRound> {
  const latest = await currentRound(placement, deps, actor, now);
  const schedule = nextRound(placement, latest.round, now, rules);
  if (schedule.status === 'upcoming') return { round: latest.round, tell: [], upcoming: schedule.next };
  if (schedule.status !== 'due')
    return { round: latest.round, tell: latest.opened ? invited(placement, actor.role) : [] };
  const opened = await openScheduledRound(deps, placement, schedule.next, actor, now);
  const stored = await deps.rounds.get(placement.id, schedule.next.number);
  if (!stored) throw new RoundNotFoundError();
  // Whoever opened it tells the others; the sweep invites both, `start` the other part.
  return { round: stored.round, tell: opened ? [otherPartRole(actor.role)] : [] };
}

/**
 * Who is invited when `by` opens a placement's first round: a trainer who works by e-mail has no
 * chat where the round shows up, so they are mailed the moment it opens. People in Teams find it
 * when they write to the bot.
 */
export function invited(placement: Placement, by: AuditEvent['actorRole']): PartRole[] {
  return by !== 'trainer' && trainerByEmail(placement) ? ['trainer'] : [];
}

/** What came of the trainer's "start the next check-in now". */
export type EarlyOpening =
  | { readonly outcome: 'opened'; readonly round: CheckInRound; readonly tell: readonly PartRole[] }
  | {
      readonly outcome: 'unchanged';
      readonly reason: 'not_allowed' | 'already_open' | 'not_approved' | 'finished';
    };

/**
 * The trainer opens the round after the approved round `from` before it is due. Only the trainer,
 * only on purpose (a button), recorded as an early opening in the audit trail; the student is
 * to be told. A second click, or a round opened meanwhile by someone else, changes nothing.
 */
export async function openNextRoundEarly(
  placement: Placement,
  deps: { rounds: RoundStore },
  actor: Actor,
  from: number,
  now: Date,
  rules: RoundScheduleRules,
): Promise<EarlyOpening> {
  if (actor.role !== 'trainer') return { outcome: 'unchanged', reason: 'not_allowed' };
  const latest = (await deps.rounds.list(placement.id)).at(-1)?.round;
  if (!latest) return { outcome: 'unchanged', reason: 'not_approved' };
  if (latest.number > from) return { outcome: 'unchanged', reason: 'already_open' };
  const schedule = nextRound(placement, latest, now, rules);
  if (latest.number < from || schedule.status === 'in_progress')
    return { outcome: 'unchanged', reason: 'not_approved' };
  if (schedule.status === 'finished') return { outcome: 'unchanged', reason: 'finished' };
  const early = schedule.status === 'upcoming';
  if (!(await openScheduledRound(deps, placement, schedule.next, actor, now, { early })))
    return { outcome: 'unchanged', reason: 'already_open' };
  const stored = await deps.rounds.get(placement.id, schedule.next.number);
  if (!stored) throw new RoundNotFoundError();
  return { outcome: 'opened', round: stored.round, tell: ['student'] };
}

/**
 * A change decided by domain code: the new round, what to append to the audit trail, and the
 * version or decision records it creates (agreement-versions.ts), all written together.
 */
export interface RoundChange {
  readonly round: CheckInRound;
  readonly events: readonly AuditEvent[];
  readonly records?: VersionRecords;
}

/**
 * Reads a round (or starts from `read`, when that is the round), lets `decide` change it, and
 * writes it back with the ETag it read. When someone else wrote in between, it reads again and
 * decides again on the fresh round, so concurrent answers by student and trainer are both kept.
 * `decide` throws to refuse.
 */
export async function changeRound(
  deps: { rounds: RoundStore },
  placementId: string,
  number: number,
  decide: (round: CheckInRound) => RoundChange,
  read?: StoredRound,
  holder?: RoundHolder,
): Promise<{ before: CheckInRound; after: CheckInRound }> {
  // A round read a moment ago in this turn (to check who acts) is the first attempt's; a conflict
  // reads it again.
  let first = read?.round.placementId === placementId && read.round.number === number ? read : undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = first ?? (await deps.rounds.get(placementId, number));
    first = undefined;
    if (!stored) throw new RoundNotFoundError();
    // Read again after a concurrent write: the role may have been released and bound to someone
    // else meanwhile (the round carries its placement's bindings).
    if (holder && stored.placement && stored.placement[holder.role].aadObjectId !== holder.aadObjectId)
      throw new NotYoursError(holder.role);
    const change = decide(stored.round);
    if (change.round === stored.round) return { before: stored.round, after: stored.round };
    try {
      await deps.rounds.save(change.round, stored.etag, change.events, change.records, stored.placement);
      return { before: stored.round, after: change.round };
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) continue;
      throw error;
    }
  }
  throw new ConcurrentUpdateError();
}

/** A card named a round that does not exist (tampered, or from another environment). */
export class RoundNotFoundError extends Error {
  constructor() {
    super('round not found');
    this.name = 'RoundNotFoundError';
  }
}
