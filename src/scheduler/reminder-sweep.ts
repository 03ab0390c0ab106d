import type { CheckInRound } from '../domain/check-in';
import { openRound } from '../domain/check-in';
import type { Placement, Role } from '../domain/placement';
import { ROLES } from '../domain/placement';
import { type DueReminder, dueForPlacement, type ReminderRules, type RoundToOpen } from '../domain/reminders';
import type { Logger } from '../logger';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { PlacementRepository } from '../storage/placement-repository';
import type { ReminderRepository } from '../storage/reminder-repository';
import type { RoundRepository } from '../storage/round-repository';
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
}

export interface SweepResult {
  readonly led: boolean;
  readonly queued: number;
  readonly roundsOpened: number;
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
    const placements: Placement[] = [];
    for await (const p of deps.placements.listAll()) placements.push(p);
    const latest = await deps.rounds.latestOfAll();
    const { ledger, snoozes } = await deps.reminders.scan();
    const active = await deps.conversations.activeIds();

    const reminders: PlannedReminder[] = [];
    const roundsToOpen: RoundToOpen[] = [];
    const handled = new Set<string>();
    const unreachable: { placement: Placement; role: Role }[] = [];
    for (const placement of placements) {
      const unreachableRoles = new Set<Role>(
        ROLES.filter((role) => {
          const id = placement[role].aadObjectId;
          return !id || !active.has(id);
        }),
      );
      for (const role of unreachableRoles) unreachable.push({ placement, role });
      const entries = ledger.get(placement.id) ?? [];
      const due = dueForPlacement(
        {
          placement,
          latest: latest.get(placement.id),
          handled: new Set(entries.map((e) => e.key)),
          snoozedUntil: snoozes.get(placement.id) ?? new Map(),
          unreachable: unreachableRoles,
        },
        now,
        deps.rules,
      );
      if (due.open) roundsToOpen.push(due.open);
      for (const reminder of due.reminders) {
        const recipient = placement[reminder.role].aadObjectId;
        if (recipient) reminders.push({ ...reminder, placement, recipient });
      }
      for (const entry of entries) handled.add(entry.key);
    }
    return { reminders, roundsToOpen, handled, unreachable };
  }

  /** One sweep: nothing when another instance holds the lease. */
  async run(now: Date): Promise<SweepResult> {
    const { deps } = this;
    if (!(await deps.reminders.acquireLease(LEASE, deps.instanceId, LEASE_TTL_MS, now))) {
      return { led: false, queued: 0, roundsOpened: 0 };
    }
    try {
      const plan = await this.plan(now);
      const messages = groupIntoMessages(plan.reminders);
      let queued = 0;
      const startedAt = Date.now();
      let renewedAt = startedAt;
      await inParallel(messages, CONCURRENCY, async ({ recipient, reminders }) => {
        // The message goes first and the ledger after: a sweep that dies in between leaves a
        // message whose worker writes the ledger itself; one that dies before leaves nothing, and
        // the next sweep finds the same reminders due.
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
        if (entries.length === 0) return;
        await deps.queue.send({ recipient, entries } satisfies ReminderMessage);
        for (const entry of entries) {
          await deps.reminders.create({ ...entry, status: 'queued', queuedAt: now.toISOString() });
        }
        queued += entries.length;
        reminderMetrics.queued.add(entries.length);
        // A long sweep keeps its lease, so no other instance starts one meanwhile.
        if (Date.now() - renewedAt > LEASE_TTL_MS / 3) {
          renewedAt = Date.now();
          const leaseNow = new Date(now.getTime() + (renewedAt - startedAt));
          await deps.reminders.acquireLease(LEASE, deps.instanceId, LEASE_TTL_MS, leaseNow);
        }
      });
      // Rounds open after their invitations are queued: a sweep that dies in between leaves the
      // round due, so the next sweep opens it, and the invitations wait for it.
      let roundsOpened = 0;
      for (const open of plan.roundsToOpen) {
        const placement = plan.reminders.find((r) => r.placementId === open.placementId)?.placement;
        const qualificationId =
          placement?.qualificationId ?? (await deps.placements.get(open.placementId))?.qualificationId;
        if (!qualificationId) continue;
        const round: CheckInRound = openRound({ ...open, qualificationId, now });
        const created = await deps.rounds.create(round, [
          {
            at: now.toISOString(),
            actorRole: 'system',
            actorId: 'reminder-sweep',
            event: 'round_opened',
            round: open.number,
            detail: { kind: open.kind },
          },
        ]);
        if (created) roundsOpened += 1;
      }

      deps.logger.info({ event: 'sweep_done', queued, roundsOpened }, 'reminder sweep done');
      return { led: true, queued, roundsOpened };
    } finally {
      await deps.reminders.releaseLease(LEASE, deps.instanceId);
    }
  }
}

/** One message per person, except that a supervisor gets one digest of all their pending approvals. */
export function groupIntoMessages(
  reminders: readonly PlannedReminder[],
): { recipient: string; reminders: PlannedReminder[] }[] {
  const messages: { recipient: string; reminders: PlannedReminder[] }[] = [];
  const digests = new Map<string, PlannedReminder[]>();
  for (const r of reminders) {
    if (r.kind === 'approval_pending') {
      const list = digests.get(r.recipient) ?? [];
      list.push(r);
      digests.set(r.recipient, list);
    } else {
      messages.push({ recipient: r.recipient, reminders: [r] });
    }
  }
  for (const [recipient, list] of digests) messages.push({ recipient, reminders: list });
  return messages;
}
