import type { CheckInRound } from '../../domain/check-in';
import { dueOnLadder, recipientOf } from '../../domain/escalation';
import { type Placement, ROLES, type Role, trainerByEmail } from '../../domain/placement';
import { isMailRecipient, reminderRecipient } from '../../domain/reminder-recipient';
import type { DueReminder, RoundToOpen } from '../../domain/reminders';
import { type DigestDue, digestsDue } from './coordinator-digest';
import type { LedgerEntry, ReminderDeps } from './ports';

/** A due reminder with the person it goes to. */
export interface PlannedReminder extends DueReminder {
  readonly placement: Placement;
  readonly recipient: string;
}

/** Something a sweep left out because it failed: what, about which placements, and the error. */
export interface SweepFailure {
  readonly item: 'reminder' | 'round' | 'placement' | 'row';
  readonly about: readonly { readonly placementId: string }[];
  readonly error: unknown;
}

export interface SweepPlan {
  readonly reminders: readonly PlannedReminder[];
  readonly roundsToOpen: readonly RoundToOpen[];
  /** Keys of reminders already in the ledger. */
  readonly handled: ReadonlySet<string>;
  /** People of each placement who cannot be reached, for the coordinator. */
  readonly unreachable: readonly { placement: Placement; role: Role }[];
  /** Placements left out because their rows could not be read or the rules could not work with them. */
  readonly failed: number;
  /** Why, in the order they were found; the sweep logs them (ids and the error's type only). */
  readonly failures: readonly SweepFailure[];
  /** Coordinators whose weekly digest is due. */
  readonly digests: readonly DigestDue[];
  /**
   * Roles of newly imported placements held by someone the bot knows from another placement (the
   * same address, bound to one account): planned as reachable, and bound before anything is queued.
   */
  readonly bindings: readonly KnownHolder[];
}

/** A role not yet bound whose address is bound to exactly one account in another placement. */
export interface KnownHolder {
  readonly placementId: string;
  readonly role: Role;
  readonly aadObjectId: string;
}

/** What planning reads: everything the reminder use cases do, and the coordinators' digest day. */
export interface PlanDeps extends ReminderDeps {
  /** Weekday of the coordinators' digest, 1 = Monday … 7 = Sunday; without it no digest is due. */
  readonly digestDay?: number;
}

/**
 * The roles of `placements` that no account holds yet while their address is held by exactly one
 * account elsewhere: a supervisor who already uses the bot is reachable for a newly imported
 * placement without writing to the bot again. A trainer who works by e-mail is left alone.
 */
export function knownHolders(placements: readonly Placement[]): KnownHolder[] {
  const accounts = new Map<string, Set<string>>();
  for (const p of placements) {
    for (const role of ROLES) {
      const { email, aadObjectId } = p[role];
      if (!aadObjectId) continue;
      const ids = accounts.get(email) ?? new Set<string>();
      ids.add(aadObjectId);
      accounts.set(email, ids);
    }
  }
  const found: KnownHolder[] = [];
  for (const p of placements) {
    for (const role of ROLES) {
      if (p[role].aadObjectId || (role === 'trainer' && trainerByEmail(p))) continue;
      const ids = accounts.get(p[role].email);
      const [only] = ids ?? [];
      if (ids?.size === 1 && only) found.push({ placementId: p.id, role, aadObjectId: only });
    }
  }
  return found;
}

function withHolders(placement: Placement, holders: readonly KnownHolder[]): Placement {
  let bound = placement;
  for (const h of holders) {
    if (h.placementId === placement.id)
      bound = { ...bound, [h.role]: { ...bound[h.role], aadObjectId: h.aadObjectId } };
  }
  return bound;
}

interface SweepState {
  readonly latest: ReadonlyMap<string, CheckInRound>;
  readonly ledger: ReadonlyMap<string, readonly LedgerEntry[]>;
  readonly snoozes: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly active: ReadonlySet<string>;
  readonly coordinatorIds: ReadonlyMap<string, string>;
}

/**
 * What is due at `now`, from the pure rules: the reminders and rungs of the ladder, with whom each
 * goes to, the rounds to open, the coordinators' digests and the roles to bind. Reads only (the
 * dry run shows it); the sweep then queues it. A placement whose rows cannot be read or whose data
 * the rules cannot use is left out and reported in `failures`; the others go ahead.
 */
export async function planReminders(deps: PlanDeps, now: Date): Promise<SweepPlan> {
  const stored: Placement[] = [];
  for await (const p of deps.placements.listAll()) stored.push(p);
  const bindings = knownHolders(stored);
  const placements = bindings.length > 0 ? stored.map((p) => withHolders(p, bindings)) : stored;
  const failures: SweepFailure[] = [];
  let failed = 0;
  // A placement whose rounds cannot all be read is left alone: from what is readable the rules
  // could take an older round for the latest and remind or open the wrong one.
  const unreadable = new Set<string>();
  const latest = await deps.rounds.latestOfAll((placementId, error) => {
    unreadable.add(placementId);
    failures.push({ item: 'row', about: [{ placementId }], error });
  });
  const { ledger, snoozes } = await deps.reminders.scan();
  const active = await deps.conversations.activeIds();
  const coordinatorIds = (await deps.coordinators?.accounts()) ?? new Map<string, string>();
  const state: SweepState = { latest, ledger, snoozes, active, coordinatorIds };

  const reminders: PlannedReminder[] = [];
  const roundsToOpen: RoundToOpen[] = [];
  const handled = new Set<string>();
  const unreachable: { placement: Placement; role: Role }[] = [];
  for (const placement of placements) {
    if (unreadable.has(placement.id)) {
      failed += 1;
      continue;
    }
    let planned: ReturnType<typeof planPlacement>;
    try {
      planned = planPlacement(deps, placement, state, now);
    } catch (error) {
      // Data the rules cannot work with (a date that is no date, say): this placement waits for
      // someone to correct it; the others go ahead.
      failed += 1;
      failures.push({ item: 'placement', about: [{ placementId: placement.id }], error });
      continue;
    }
    reminders.push(...planned.reminders);
    if (planned.open) roundsToOpen.push(planned.open);
    for (const role of planned.unreachable) unreachable.push({ placement, role });
    for (const entry of ledger.get(placement.id) ?? []) handled.add(entry.key);
  }
  const digests =
    deps.coordinators && deps.digestDay
      ? await digestsDue(
          { coordinators: deps.coordinators, placements, coordinatorIds, active },
          now,
          deps.rules,
          deps.digestDay,
        )
      : [];
  return { reminders, roundsToOpen, handled, unreachable, failed, failures, digests, bindings };
}

/** What is due for one placement; throws when the rules cannot work with its data. */
function planPlacement(
  deps: PlanDeps,
  placement: Placement,
  state: SweepState,
  now: Date,
): { reminders: PlannedReminder[]; open?: RoundToOpen; unreachable: Role[] } {
  // A trainer who works by e-mail is reached by mail: reachable without a Teams chat.
  const unreachable = ROLES.filter((role) => {
    const id = reminderRecipient(placement, role);
    return !id || (!isMailRecipient(id) && !state.active.has(id));
  });
  const coordinator =
    placement.coordinatorEmail && deps.coordinators
      ? state.coordinatorIds.get(deps.coordinators.keyOf(placement.coordinatorEmail))
      : undefined;
  const due = dueOnLadder(
    {
      placement,
      latest: state.latest.get(placement.id),
      handled: new Set((state.ledger.get(placement.id) ?? []).map((e) => e.key)),
      snoozedUntil: state.snoozes.get(placement.id) ?? new Map(),
      unreachable: new Set(unreachable),
      coordinatorReachable: coordinator !== undefined && state.active.has(coordinator),
    },
    now,
    deps.rules,
  );
  const reminders: PlannedReminder[] = [];
  for (const reminder of due.reminders) {
    const to = recipientOf(reminder.role, reminder.rung ?? 'person');
    const recipient = to === 'coordinator' ? coordinator : to && reminderRecipient(placement, to);
    if (recipient) reminders.push({ ...reminder, placement, recipient });
  }
  return { reminders, ...(due.open ? { open: due.open } : {}), unreachable };
}

/**
 * One message per person, except that a supervisor gets one digest of all their pending approvals,
 * and everyone told about others' items gets one message per rung.
 */
export function groupIntoMessages(
  reminders: readonly PlannedReminder[],
): { recipient: string; reminders: PlannedReminder[] }[] {
  const messages: { recipient: string; reminders: PlannedReminder[] }[] = [];
  const digests = new Map<string, PlannedReminder[]>();
  for (const r of reminders) {
    if (r.kind === 'approval_pending' || r.rung) {
      const group = r.rung ? `${r.recipient}|${r.rung}` : r.recipient;
      const list = digests.get(group) ?? [];
      list.push(r);
      digests.set(group, list);
    } else {
      messages.push({ recipient: r.recipient, reminders: [r] });
    }
  }
  for (const list of digests.values())
    messages.push({ recipient: (list[0] as PlannedReminder).recipient, reminders: list });
  return messages;
}
