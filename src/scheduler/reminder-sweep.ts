import type { RoundToOpen } from '../domain/reminders';
import type { Logger } from '../logger';
import {
  groupIntoMessages,
  type Leases,
  type PlanDeps,
  planReminders,
  type QueuedEntry,
  type ReminderLedger,
  type ReminderMessage,
  type ReminderQueue,
  type SweepFailure,
  type SweepPlan,
} from '../services/reminders';
import { openScheduledRound } from '../services/rounds';
import { queueDigests } from './coordinator-digest';
import { reminderMetrics } from './reminder-metrics';

export interface SweepResult {
  readonly led: boolean;
  readonly queued: number;
  readonly roundsOpened: number;
  /** Items skipped because they failed (logged with their ids): placements, reminders, rounds. */
  readonly failed: number;
}

export interface SweepDeps extends PlanDeps {
  readonly reminders: ReminderLedger & Leases;
  readonly queue: ReminderQueue;
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
 * The periodic reminder sweep: asks the use case what is due ({@link planReminders}), opens check-in
 * rounds that are due, writes a ledger entry per reminder and puts the sends on the queue. Led by one instance at
 * a time through a lease; the ledger keeps each reminder to one send even when sweeps overlap.
 */
export class ReminderSweep {
  constructor(private readonly deps: SweepDeps) {}

  /** What is due at `now` (the use case {@link planReminders}); reads only, for `--dry-run` and as the first half of a sweep. */
  async plan(now: Date): Promise<SweepPlan> {
    const plan = await planReminders(this.deps, now);
    for (const failure of plan.failures) this.logFailure(failure.item, failure.about, failure.error);
    return plan;
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
        const packed = deps.queue.pack(recipient, entries);
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
    item: SweepFailure['item'],
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
