import type { CheckInRound, PartRole } from '../../domain/check-in';
import type { Placement } from '../../domain/placement';
import type { ScheduledRound } from '../../domain/round-schedule';
import type { Membership } from '../identify-user';
import { activeRound, currentRound, invited, openNextRoundEarly } from '../rounds';
import { type Actor, holding } from './actor';
import type { CheckInDeps } from './ports';

/** A person's check-in in one placement: the round they work on now. */
export interface ActiveCheckIn {
  readonly placement: Placement;
  readonly role: PartRole;
  readonly round: CheckInRound;
  /** The other part, when opening this check-in opened a round that had become due. */
  readonly tell: readonly PartRole[];
  /** The latest round is approved and the next is not due yet: the next one and when it opens. */
  readonly upcoming?: ScheduledRound;
}

async function checkIn(
  deps: CheckInDeps,
  actor: Actor,
  placement: Placement,
  role: PartRole,
): Promise<ActiveCheckIn> {
  const active = await activeRound(
    placement,
    deps,
    { id: actor.aadObjectId, role },
    actor.now,
    deps.schedule,
  );
  return { placement, role, ...active };
}

/** Opens the check-in of one placement the actor holds as student or trainer. */
export async function openCheckIn(
  deps: CheckInDeps,
  actor: Actor,
  command: { placementId: string; role: PartRole },
): Promise<ActiveCheckIn> {
  return checkIn(deps, actor, holding(actor, command.placementId, command.role), command.role);
}

/** What `start` leads to: nothing to fill in, the one check-in, or a choice between several. */
export type StartResult =
  | { readonly kind: 'nothing_to_fill_in' }
  | { readonly kind: 'one'; readonly checkIn: ActiveCheckIn }
  | { readonly kind: 'pick'; readonly choices: readonly Membership[] };

/** `start`: the actor's one check-in, or the list to pick from (a trainer with several students). */
export async function startCheckIn(deps: CheckInDeps, actor: Actor): Promise<StartResult> {
  const parts = actor.memberships.filter((m) => m.role !== 'supervisor');
  const [only] = parts;
  if (!only) return { kind: 'nothing_to_fill_in' };
  if (parts.length > 1) return { kind: 'pick', choices: parts };
  return { kind: 'one', checkIn: await checkIn(deps, actor, only.placement, only.role as PartRole) };
}

/**
 * Opens the first round of each placement a student or trainer holds, so reminders count from now.
 * Returns the check-ins whose round this opened, with who is to be invited to it.
 */
export async function ensureRounds(deps: CheckInDeps, actor: Actor): Promise<ActiveCheckIn[]> {
  const opened: ActiveCheckIn[] = [];
  for (const m of actor.memberships) {
    if (m.role !== 'supervisor') {
      const role = m.role as PartRole;
      const stored = await currentRound(m.placement, deps, { id: actor.aadObjectId, role }, actor.now);
      if (stored.opened) {
        opened.push({ placement: m.placement, role, round: stored.round, tell: invited(m.placement, role) });
      }
    }
  }
  return opened;
}

/** What came of "start the next check-in now". */
export type EarlyOpeningResult =
  | { readonly outcome: 'opened'; readonly checkIn: ActiveCheckIn }
  | {
      readonly outcome: 'unchanged';
      readonly reason: 'already_open' | 'not_possible';
      readonly checkIn: ActiveCheckIn;
    };

/**
 * The trainer opens the check-in after the approved round `from` before its date; the student is
 * to be told. A second click, or a round opened meanwhile, changes nothing and shows where it stands.
 */
export async function openNextCheckIn(
  deps: CheckInDeps,
  actor: Actor,
  command: { placementId: string; from: number },
): Promise<EarlyOpeningResult> {
  const placement = holding(actor, command.placementId, 'trainer');
  const trainer = { id: actor.aadObjectId, role: 'trainer' as const };
  const opened = await openNextRoundEarly(placement, deps, trainer, command.from, actor.now, deps.schedule);
  if (opened.outcome === 'opened') {
    return {
      outcome: 'opened',
      checkIn: { placement, role: 'trainer', round: opened.round, tell: opened.tell },
    };
  }
  return {
    outcome: 'unchanged',
    reason: opened.reason === 'already_open' ? 'already_open' : 'not_possible',
    checkIn: await checkIn(deps, actor, placement, 'trainer'),
  };
}
