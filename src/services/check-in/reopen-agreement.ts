import { CheckInError, reopenApproved } from '../../domain/check-in';
import { type Actor, auditEvent, holding, roundFor } from './actor';
import type { AgreementAddress } from './agreement-address';
import { applyToRound, type RoundResult, tellRoles } from './outcome';
import type { CheckInDeps } from './ports';

/** The trainer reopens an approved list to change it: the approval is withdrawn and all three hear of it. */
export async function reopenAgreement(
  deps: CheckInDeps,
  actor: Actor,
  command: AgreementAddress,
): Promise<RoundResult> {
  const placement = holding(actor, command.placementId, 'trainer');
  // Only the latest round can be reopened: reminders, `start` and `status` follow that one.
  const latest = (await deps.rounds.list(placement.id)).at(-1)?.round;
  return applyToRound(deps, placement, roundFor(actor, command.round, placement, 'trainer'), {
    decide: (round) => {
      if (latest && latest.number !== round.number) throw new CheckInError('wrong_state');
      return {
        round: reopenApproved(round, { rev: command.rev, now: actor.now }),
        events: [
          auditEvent(actor, 'trainer', 'approval_withdrawn', round.number, { version: round.version }),
        ],
      };
    },
    tell: () => tellRoles(placement, 'withdrawn', ['student', 'supervisor']),
    redraw: () => true,
  });
}
