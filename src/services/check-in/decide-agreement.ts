import { approveRound, type CheckInRound, requestChanges } from '../../domain/check-in';
import type { Placement } from '../../domain/placement';
import { type ChangesSinceVersion, decisionRecords } from '../agreement-versions';
import { type Progression, roundHistory } from '../progression';
import { type Actor, auditEvent, holding, roundFor } from './actor';
import { applyToRound, type RoundResult, tellRoles } from './outcome';
import type { CheckInDeps } from './ports';

/** The version a summary card showed, and the supervisor's remark when asking for changes. */
export interface DecisionCommand {
  readonly placementId: string;
  readonly round: number;
  readonly version: number;
}

/**
 * Records the supervisor's decision on the version the card shows. Exactly one decision per
 * version: a second click, or a click on an older version, is refused as stale or unchanged.
 */
async function decide(
  deps: CheckInDeps,
  actor: Actor,
  command: DecisionCommand,
  outcome: 'approved' | 'changes_requested',
  remark: string,
): Promise<RoundResult> {
  const placement = holding(actor, command.placementId, 'supervisor');
  return applyToRound(deps, placement, roundFor(actor, command.round, placement, 'supervisor'), {
    decide: (round) => {
      const decision = { version: command.version, by: actor.aadObjectId, now: actor.now };
      const changed =
        outcome === 'approved'
          ? approveRound(round, decision)
          : requestChanges(round, { ...decision, remark });
      const event = auditEvent(actor, 'supervisor', outcome, round.number, { version: round.version });
      if (changed === round) return { round, events: [] };
      return { round: changed, events: [event], records: decisionRecords(changed) };
    },
    tell: () => tellRoles(placement, outcome, ['student', 'trainer']),
    redraw: () => true,
  });
}

/** The supervisor approves the submitted version. */
export function approveAgreement(
  deps: CheckInDeps,
  actor: Actor,
  command: DecisionCommand,
): Promise<RoundResult> {
  return decide(deps, actor, command, 'approved', '');
}

/** The supervisor asks for changes, with a remark (required). */
export function requestAgreementChanges(
  deps: CheckInDeps,
  actor: Actor,
  command: DecisionCommand & { readonly remark: string },
): Promise<RoundResult> {
  return decide(deps, actor, command, 'changes_requested', command.remark);
}

/** The supervisor opens the summary of a placement's latest round; none before the first round opens. */
export async function reviewAgreement(
  deps: CheckInDeps,
  actor: Actor,
  placementId: string,
): Promise<{
  placement: Placement;
  round: CheckInRound | undefined;
  changes?: ChangesSinceVersion;
  progression?: Progression;
}> {
  const placement = holding(actor, placementId, 'supervisor');
  const round = (await deps.rounds.list(placement.id)).at(-1)?.round;
  if (!round) return { placement, round };
  return {
    placement,
    round,
    ...(await roundHistory(deps, round, await deps.qualifications.forPlacement(placement))),
  };
}
