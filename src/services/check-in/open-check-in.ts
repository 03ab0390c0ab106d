import { type CheckInRound, openRound, type PartRole, ROUND_KINDS } from '../../domain/check-in';
import type { Placement } from '../../domain/placement';
import type { Membership } from '../identify-user';
import { currentRound } from '../rounds';
import { type Actor, auditEvent, holding } from './actor';
import type { CheckInDeps } from './ports';

/** A person's check-in in one placement: the round they work on now. */
export interface ActiveCheckIn {
  readonly placement: Placement;
  readonly role: PartRole;
  readonly round: CheckInRound;
}

/** The round people work on now: the latest, or the next one once the latest is approved. */
export async function activeRound(
  deps: CheckInDeps,
  actor: Actor,
  placement: Placement,
  role: PartRole,
): Promise<CheckInRound> {
  const latest = await currentRound(placement, deps, { id: actor.aadObjectId, role }, actor.now);
  const nextKind = ROUND_KINDS[latest.round.number];
  if (latest.round.state !== 'approved' || !nextKind) return latest.round;
  const next = openRound({
    placementId: placement.id,
    number: latest.round.number + 1,
    kind: nextKind,
    qualificationId: placement.qualificationId,
    now: actor.now,
  });
  await deps.rounds.create(next, [auditEvent(actor, role, 'round_opened', next.number, { kind: nextKind })]);
  const stored = await deps.rounds.get(placement.id, next.number);
  return stored?.round ?? next;
}

/** Opens the check-in of one placement the actor holds as student or trainer. */
export async function openCheckIn(
  deps: CheckInDeps,
  actor: Actor,
  command: { placementId: string; role: PartRole },
): Promise<ActiveCheckIn> {
  const placement = holding(actor, command.placementId, command.role);
  return { placement, role: command.role, round: await activeRound(deps, actor, placement, command.role) };
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
  const role = only.role as PartRole;
  return {
    kind: 'one',
    checkIn: { placement: only.placement, role, round: await activeRound(deps, actor, only.placement, role) },
  };
}

/** Opens the first round of each placement a student or trainer holds, so reminders count from now. */
export async function ensureRounds(deps: CheckInDeps, actor: Actor): Promise<void> {
  for (const m of actor.memberships) {
    if (m.role !== 'supervisor') {
      await currentRound(m.placement, deps, { id: actor.aadObjectId, role: m.role }, actor.now);
    }
  }
}
