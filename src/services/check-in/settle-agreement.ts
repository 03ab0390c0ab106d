import { differences, settleAgreement as settleInRound } from '../../domain/check-in';
import { type Actor, auditEvent, holding, roundFor } from './actor';
import type { AgreementAddress } from './agreement-address';
import { applyToRound, type RoundResult, tellRoles } from './outcome';
import type { CheckInDeps } from './ports';

/** The agreed list as the trainer settles it: a level per werkproces code, a text per kerntaak code. */
export interface SettleCommand extends AgreementAddress {
  readonly levels: Readonly<Record<string, string | undefined>>;
  readonly texts: Readonly<Record<string, string | undefined>>;
}

/** The trainer settles the agreed list and passes it to the student for "akkoord". */
export async function settleAgreement(
  deps: CheckInDeps,
  actor: Actor,
  command: SettleCommand,
): Promise<RoundResult> {
  const placement = holding(actor, command.placementId, 'trainer');
  const q = await deps.qualifications.forPlacement(placement);
  return applyToRound(deps, placement, roundFor(actor, command.round, placement, 'trainer'), {
    decide: (round) => {
      const changed = settleInRound(round, q, {
        rev: command.rev,
        levels: { ...command.levels },
        texts: { ...command.texts },
        by: actor.aadObjectId,
        now: actor.now,
      });
      const detail = { differences: differences(changed, q).length };
      return { round: changed, events: [auditEvent(actor, 'trainer', 'settled', round.number, detail)] };
    },
    tell: () => tellRoles(placement, 'settled', ['student']),
    redraw: () => true,
  });
}
