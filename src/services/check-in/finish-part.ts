import { completePart, otherPartRole, type PartRole } from '../../domain/check-in';
import { type Actor, auditEvent, holding, roundFor } from './actor';
import { applyToRound, type RoundResult, tellRoles } from './outcome';
import type { CheckInDeps } from './ports';

/** Which part a "finish" click was for, and the revision its card showed. */
export interface FinishCommand {
  readonly placementId: string;
  readonly round: number;
  readonly role: PartRole;
  readonly rev: number;
}

/**
 * Marks a part done. When the other part is done too the round moves on to the agreement, and the
 * other person is told. A second click on a part already done changes nothing.
 */
export async function finishPart(
  deps: CheckInDeps,
  actor: Actor,
  command: FinishCommand,
): Promise<RoundResult> {
  const placement = holding(actor, command.placementId, command.role);
  const q = await deps.qualifications.forPlacement(placement);
  const other = otherPartRole(command.role);
  const agreementStarts = (before: { state: string }, after: { state: string }) =>
    before.state === 'open' && after.state === 'settling';
  return applyToRound(deps, placement, roundFor(actor, command.round, placement, command.role), {
    decide: (round) => {
      const part = round.parts[command.role];
      if (part.doneAt && command.rev !== part.rev) return { round, events: [] };
      return {
        round: completePart(round, q, { role: command.role, rev: command.rev, now: actor.now }),
        events: [auditEvent(actor, command.role, 'part_completed', round.number)],
      };
    },
    tell: (before, after) =>
      agreementStarts(before, after) ? tellRoles(placement, 'agreement_ready', [other]) : [],
    redraw: agreementStarts,
  });
}
