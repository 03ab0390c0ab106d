import type { CheckInRound } from '../domain/check-in';
import { dueOnLadder, recipientOf } from '../domain/escalation';
import { type Placement, ROLES, type Role, trainerByEmail } from '../domain/placement';
import { isMailRecipient, reminderRecipient } from '../domain/reminder-recipient';
import type { DueReminder, ReminderRules, RoundToOpen } from '../domain/reminders';
import type { Logger } from '../logger';
import { openScheduledRound } from '../services/rounds';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { CoordinatorRepository } from '../storage/coordinator-repository';
import type { PlacementRepository } from '../storage/placement-repository';
import type { LedgerEntry, ReminderRepository } from '../storage/reminder-repository';
import type { RoundRepository } from '../storage/round-repository';
import { type DigestDue, digestsDue, queueDigests } from './coordinator-digest';
import { packMessages } from './reminder-message';
import { reminderMetrics } from './reminder-metrics';
import type { QueuedEntry, ReminderMessage, ReminderQueue } from './reminder-queue';

/** A due reminder with the person it goes to. */
export interface PlannedReminder extends DueReminder {
  readonly placement: Placement;
  readonly recipient: string;
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

export interface SweepResult {
  readonly led: boolean;
  readonly queued: number;
  readonly roundsOpened: number;
  /** Items skipped because they failed (logged with their ids): placements, reminders, rounds. */
  readonly failed: number;
}

export interface SweepDeps {
  readonly placements: PlacementRepository;
  readonly rounds: RoundRepository;
  readonly reminders: ReminderRepository;
  readonly conversations: ConversationRepository;
  readonly queue: ReminderQueue;
  readonly rules: ReminderRules;
  readonly logger: Logger;
  readonly instanceId: string;
  /** Coordinators to escalate to and send the weekly digest; without it neither happens. */
  readonly coordinators?: CoordinatorRepository;
  /** Weekday of the coordinators' digest, 1 = Monday … 7 = Sunday. */
  readonly digestDay?: number;
}

const LEASE = 'reminder-sweep';
const LEASE_TTL_MS = 60_000;
const CONCURRENCY = 16;

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
}

/**
 * The periodic reminder sweep: works out what is due (pure rules), opens check-in rounds that are
 * due, writes a ledger entry per reminder and puts the sends on the queue. Led by one instance at
 * a time through a lease; the ledger keeps each reminder to one send even when sweeps overlap.
 */
export class ReminderSweep {
  constructor(private readonly deps: SweepDeps) {}

  /** What is due at `now`; reads only, for `--dry-run` and as the first half of a sweep. */
  async plan(now: Date): Promise<SweepPlan> {
    const { deps } = this;
    const stored: Placement[] = [];
    for await (const p of deps.placements.listAll()) stored.push(p);
    const bindings = knownHolders(stored);
    const placements = bindings.length > 0 ? stored.map((p) => withHolders(p, bindings)) : stored;
    let failed = 0;
    // A placement whose rounds cannot all be read is left alone: from what is readable the rules
    // could take an older round for the latest and remind or open the wrong one.
    const unreadable = new Set<string>();
    const latest = await deps.rounds.latestOfAll((placementId, error) => {
      unreadable.add(placementId);
      this.logFailure('row', [{ placementId }], error);
    });
    const { ledger, snoozes } = await deps.reminders.scan();
    const active = await deps.conversations.activeIds();
    const coordinatorIds = (await deps.coordinators?.accounts()) ?? new Map<string, string>();

    const reminders: PlannedReminder[] = [];
    const roundsToOpen: RoundToOpen[] = [];
    const handled = new Set<string>();
    const unreachable: { placement: Placement; role: Role }[] = [];
    for (const placement of placements) {
      if (unreadable.has(placement.id)) {
        failed += 1;
        continue;
      }
      let planned: ReturnType<ReminderSweep['planPlacement']>;
      try {
        planned = this.planPlacement(placement, { latest, ledger, snoozes, active, coordinatorIds }, now);
      } catch (error) {
        // Data the rules cannot work with (a date that is no date, say): this placement waits for
        // someone to correct it; the others go ahead.
        failed += 1;
        this.logFailure('placement', [{ placementId: placement.id }], error);
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
    return { reminders, roundsToOpen, handled, unreachable, failed, digests, bindings };
  }

  /** What is due for one placement; throws when the rules cannot work with its data. */
  private planPlacement(
    placement: Placement,
    state: {
      latest: ReadonlyMap<string, CheckInRound>;
      ledger: ReadonlyMap<string, readonly LedgerEntry[]>;
      snoozes: ReadonlyMap<string, ReadonlyMap<string, string>>;
      active: ReadonlySet<string>;
      coordinatorIds: ReadonlyMap<string, string>;
    },
    now: Date,
  ): { reminders: PlannedReminder[]; open?: RoundToOpen; unreachable: Role[] } {
    // A trainer who works by e-mail is reached by mail: reachable without a Teams chat.
    const unreachable = ROLES.filter((role) => {
      const id = reminderRecipient(placement, role);
      return !id || (!isMailRecipient(id) && !state.active.has(id));
    });
    const coordinator =
      placement.coordinatorEmail && this.deps.coordinators
        ? state.coordinatorIds.get(this.deps.coordinators.keyOf(placement.coordinatorEmail))
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
      this.deps.rules,
    );
    const reminders: PlannedReminder[] = [];
    for (const reminder of due.reminders) {
      const to = recipientOf(reminder.role, reminder.rung ?? 'person');
      const recipient = to === 'coordinator' ? coordinator : to && reminderRecipient(placement, to);
      if (recipient) reminders.push({ ...reminder, placement, recipient });
    }
    return { reminders, ...(due.open ? { open: due.open } : {}), unreachable };
  }

  /** One sweep: nothing when another instance holds the lease. One item that fails is logged, counted and skipped. */
  async run(now: Date): Promise<SweepResult> {
    const { deps } = this;
    if (!(await deps.reminders.acquireLease(LEASE, deps.instanceId, LEASE_TTL_MS, now))) {
      return { led: false, queued: 0, roundsOpened: 0, failed: 0 };
    }
    try {
      const plan = await this.plan(now);
      let failed = plan.failed;
      for (const holder of plan.bindings) {
        // Bound before the reminders go on the queue: the worker checks them against the stored placement.
        await deps.placements.bind(holder.placementId, holder.role, holder.aadObjectId).then(
          () =>
            deps.logger.info(
              { event: 'known_holder_bound', placementId: holder.placementId, role: holder.role },
              'role bound to the account that holds its address elsewhere',
            ),
          (error: unknown) => {
            failed += 1;
            this.logFailure('placement', [holder], error);
          },
        );
      }
      const messages: ReminderMessage[] = [];
      for (const { recipient, reminders } of groupIntoMessages(plan.reminders)) {
        const entries = reminders
          .filter((r) => !plan.handled.has(r.key))
          .map(
            (r): QueuedEntry => ({
              placementId: r.placementId,
              key: r.key,
              itemKey: r.itemKey,
              kind: r.kind,
              role: r.role,
              round: r.round,
              step: r.step,
            }),
          )
          .sort((a, b) => (a.key < b.key ? -1 : 1));
        const packed = packMessages(recipient, entries);
        for (const entry of packed.oversized) {
          failed += 1;
          this.logFailure('reminder', [entry], new Error('reminder does not fit in a queue message'));
        }
        messages.push(...packed.messages);
      }
      let queued = 0;
      const notQueued = new Map<string, unknown>();
      const startedAt = Date.now();
      let renewedAt = startedAt;
      await inParallel(messages, CONCURRENCY, async (message) => {
        // The message goes first and the ledger after: a sweep that dies in between leaves a
        // message whose worker writes the ledger itself; one that dies before leaves nothing, and
        // the next sweep finds the same reminders due.
        try {
          await deps.queue.send(message);
        } catch (error) {
          failed += message.entries.length;
          for (const entry of message.entries) notQueued.set(entry.placementId, error);
          this.logFailure('reminder', message.entries, error);
          return;
        }
        queued += message.entries.length;
        reminderMetrics.queued.add(message.entries.length);
        for (const entry of message.entries) {
          await deps.reminders
            .create({ ...entry, status: 'queued', queuedAt: now.toISOString() })
            .catch((error: unknown) =>
              // Queued all the same: the worker writes the entry when it finds none.
              deps.logger.warn(
                {
                  event: 'reminder_ledger_write_failed',
                  placementId: entry.placementId,
                  error: errorType(error),
                },
                'reminder queued without its ledger entry',
              ),
            );
        }
        // A long sweep keeps its lease, so no other instance starts one meanwhile.
        if (Date.now() - renewedAt > LEASE_TTL_MS / 3) {
          renewedAt = Date.now();
          const leaseNow = new Date(now.getTime() + (renewedAt - startedAt));
          await deps.reminders
            .acquireLease(LEASE, deps.instanceId, LEASE_TTL_MS, leaseNow)
            .catch((error: unknown) =>
              deps.logger.warn(
                { event: 'sweep_lease_renewal_failed', error: errorType(error) },
                'lease not renewed',
              ),
            );
        }
      });
      if (deps.coordinators && plan.digests.length > 0) {
        const digests = await queueDigests(
          { queue: deps.queue, coordinators: deps.coordinators, logger: deps.logger },
          plan.digests,
          now,
        );
        queued += digests.queued;
        failed += digests.failed;
      }
      // Rounds open after their invitations are queued: a sweep that dies in between leaves the
      // round due, so the next sweep opens it, and the invitations wait for it. A round whose
      // invitation could not be queued stays due likewise.
      let roundsOpened = 0;
      for (const open of plan.roundsToOpen) {
        if (notQueued.has(open.placementId)) {
          failed += 1;
          this.logFailure('round', [open], notQueued.get(open.placementId));
          continue;
        }
        try {
          if (await this.openRound(open, plan, now)) roundsOpened += 1;
        } catch (error) {
          failed += 1;
          this.logFailure('round', [open], error);
        }
      }

      deps.logger.info({ event: 'sweep_done', queued, roundsOpened, failed }, 'reminder sweep done');
      return { led: true, queued, roundsOpened, failed };
    } finally {
      await deps.reminders.releaseLease(LEASE, deps.instanceId);
    }
  }

  private async openRound(open: RoundToOpen, plan: SweepPlan, now: Date): Promise<boolean> {
    const { deps } = this;
    const placement = plan.reminders.find((r) => r.placementId === open.placementId)?.placement;
    const qualificationId =
      placement?.qualificationId ?? (await deps.placements.get(open.placementId))?.qualificationId;
    if (!qualificationId) return false;
    // The same opening as `start`'s: whichever comes first opens the round, the other finds it.
    return openScheduledRound(
      deps,
      { id: open.placementId, qualificationId },
      open,
      { role: 'system', id: 'reminder-sweep' },
      now,
    );
  }

  /** Ids and the error's type only: rows and SDK errors can hold names. */
  private logFailure(
    item: 'reminder' | 'round' | 'placement' | 'row',
    about: readonly { placementId: string }[],
    error: unknown,
  ): void {
    this.deps.logger.error(
      {
        event: 'sweep_item_failed',
        item,
        count: about.length,
        placementIds: [...new Set(about.map((a) => a.placementId))].slice(0, 20),
        error: errorType(error),
      },
      'reminder sweep skipped an item',
    );
  }
}

function errorType(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { statusCode?: unknown; code?: unknown };
  return {
    type: e.name,
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  };
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
