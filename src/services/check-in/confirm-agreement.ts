import { confirmAgreement as confirmInRound } from '../../domain/check-in';
import { confirmationRecords } from '../agreement-versions';
import { type Actor, auditEvent, holding, roundFor } from './actor';
import type { AgreementAddress } from './agreement-address';
import { applyToRound, type RoundResult, tellRoles } from './outcome';
import type { CheckInDeps } from './ports';

/**
 * The student says "akkoord": the list goes to the supervisor as a new version. The same click
 * twice counts once.
 */
export async function confirmAgreement(
  deps: CheckInDeps,
  actor: Actor,
  command: AgreementAddress,
): Promise<RoundResult> {
  const placement = holding(actor, command.placementId, 'student');
  const q = await deps.qualifications.forPlacement(placement);
  return applyToRound(deps, placement, roundFor(actor, command.round, placement, 'student'), {
    decide: (round) => {
      if (round.state === 'submitted' && command.rev === round.rev - 1) return { round, events: [] };
      const changed = confirmInRound(round, { rev: command.rev, now: actor.now });
      return {
        round: changed,
        events: [
          auditEvent(actor, 'student', 'confirmed', round.number),
          auditEvent(actor, 'student', 'submitted', round.number, { version: changed.version }),
        ],
        // The submitted version is kept whole, in the same batch as the round that submits it.
        records: confirmationRecords(changed, placement, q, { by: actor.aadObjectId, now: actor.now }),
      };
    },
    tell: (_before, after) => [
      ...tellRoles(placement, 'submitted', ['trainer']),
      ...tellRoles(placement, after.version > 1 ? 'resubmitted' : 'review', ['supervisor']),
    ],
    redraw: () => true,
  });
}
