import { sendBackAgreement as sendBackInRound } from '../../domain/check-in';
import { type Actor, auditEvent, holding, roundFor } from './actor';
import type { AgreementAddress } from './agreement-address';
import { applyToRound, type RoundResult, tellRoles } from './outcome';
import type { CheckInDeps } from './ports';

/** The student sends the settled list back to the trainer with a remark. */
export async function sendBackAgreement(
  deps: CheckInDeps,
  actor: Actor,
  command: AgreementAddress & { readonly remark: string },
): Promise<RoundResult> {
  const placement = holding(actor, command.placementId, 'student');
  return applyToRound(deps, placement, roundFor(actor, command.round, placement, 'student'), {
    decide: (round) => ({
      round: sendBackInRound(round, { rev: command.rev, remark: command.remark, now: actor.now }),
      events: [auditEvent(actor, 'student', 'sent_back', round.number)],
    }),
    tell: () => tellRoles(placement, 'sent_back', ['trainer']),
    redraw: () => true,
  });
}
