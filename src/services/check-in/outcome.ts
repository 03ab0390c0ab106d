import type { AuditEvent } from '../../domain/audit';
import { CheckInError, type CheckInRound } from '../../domain/check-in';
import type { Placement, Role } from '../../domain/placement';
import { TransitionError } from '../../domain/round-state';
import type { ChangesSinceVersion } from '../agreement-versions';
import { ConcurrentUpdateError } from '../errors';
import { type Progression, roundHistory } from '../progression';
import { changeRound, type RoundChange, RoundNotFoundError } from '../rounds';
import type { CheckInDeps, HeldCard, RoundHolder, StoredRound } from './ports';

/** What someone must be told about a round that reached them. */
export type Tidings =
  | 'agreement_ready'
  | 'settled'
  | 'sent_back'
  | 'submitted'
  | 'review'
  | 'resubmitted'
  | 'approved'
  | 'changes_requested'
  | 'withdrawn';

/** One person to tell something. */
export interface Message {
  readonly role: Role;
  /** Undefined while the person has never used the app: they see the round on their next `start`. */
  readonly aadObjectId: string | undefined;
  readonly about: Tidings;
}

/** Why an action was refused: a domain reason, or someone else kept changing the round. */
export type RefusalReason = CheckInError['reason'] | 'conflict';

/** What every result carries: the placement and the round as it is stored now. */
interface RoundShown {
  readonly placement: Placement;
  readonly round: CheckInRound;
  /**
   * For a round in the agreement phase: what the version on the supervisor's summary changed since
   * the one before it, from the stored versions.
   */
  readonly changes?: ChangesSinceVersion;
  /** For a round in the agreement phase: the previous round's agreed levels, what a revised list changes. */
  readonly progression?: Progression;
}

/** The saved change, who must hear of it and which cards people hold now show something outdated. */
export interface Changed extends RoundShown {
  readonly outcome: 'changed';
  readonly before: CheckInRound;
  readonly events: readonly AuditEvent[];
  readonly tell: readonly Message[];
  readonly redraw: readonly HeldCard[];
}

/** Nothing to do: the same click again, already counted. */
export interface Unchanged extends RoundShown {
  readonly outcome: 'unchanged';
}

/** Refused, with the round as it is now stored. */
export interface Refused extends RoundShown {
  readonly outcome: 'refused';
  readonly reason: RefusalReason;
  readonly detail: Readonly<Record<string, string | number>>;
}

export type RoundResult = Changed | Unchanged | Refused;

/** Who to tell: the placement's person in each role. */
export function tellRoles(placement: Placement, about: Tidings, roles: readonly Role[]): Message[] {
  return roles.map((role) => ({ role, aadObjectId: placement[role].aadObjectId, about }));
}

/** How one action changes a round, and whom the change reaches. */
export interface RoundAction {
  /** The domain decision; throws a {@link CheckInError} or {@link TransitionError} to refuse. */
  readonly decide: (round: CheckInRound) => RoundChange;
  /** Who must hear of the saved change. */
  readonly tell?: (before: CheckInRound, after: CheckInRound) => readonly Message[];
  /**
   * Whether cards people hold of this round must be drawn anew (agreement and decisions); given for
   * agreement-phase actions, whose results also say what changed since the previous version.
   */
  readonly redraw?: (before: CheckInRound, after: CheckInRound) => boolean;
}

/**
 * Runs one action on round `number`: read (or start from `read`, the round as read a moment ago
 * in this turn), decide, write with the ETag read, retried on a conflict. A refusal comes back
 * with the round as stored now, so the caller can show it.
 */
export async function applyToRound(
  deps: CheckInDeps,
  placement: Placement,
  {
    number,
    read,
    holder,
  }: { readonly number: number; readonly read?: StoredRound | undefined; readonly holder?: RoundHolder },
  action: RoundAction,
): Promise<RoundResult> {
  let events: readonly AuditEvent[] = [];
  const shown = async (round: CheckInRound): Promise<RoundShown> => {
    if (!action.redraw) return { placement, round };
    return {
      placement,
      round,
      ...(await roundHistory(deps, round, await deps.qualifications.forPlacement(placement))),
    };
  };
  try {
    const { before, after } = await changeRound(
      deps,
      placement.id,
      number,
      (round) => {
        const change = action.decide(round);
        events = change.events;
        return change;
      },
      read,
      holder,
    );
    if (before === after) return { outcome: 'unchanged', ...(await shown(after)) };
    const redraw = action.redraw?.(before, after) ? await deps.cards.list(placement.id, after.number) : [];
    return {
      outcome: 'changed',
      ...(await shown(after)),
      before,
      events,
      tell: action.tell?.(before, after) ?? [],
      redraw,
    };
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    const stored = await deps.rounds.get(placement.id, number);
    if (!stored) throw new RoundNotFoundError();
    return { outcome: 'refused', ...(await shown(stored.round)), ...refusal };
  }
}

function refusalOf(error: unknown): Pick<Refused, 'reason' | 'detail'> | undefined {
  if (error instanceof TransitionError) return { reason: 'wrong_state', detail: {} };
  if (error instanceof CheckInError) return { reason: error.reason, detail: error.detail };
  if (error instanceof ConcurrentUpdateError) return { reason: 'conflict', detail: {} };
  return undefined;
}
