import { type RateClaims, type ReleaseSlot, SendRateShare } from '../delivery/rate-share';
import { type RetryPolicy, realSleep, type Sleep, withRetry } from '../delivery/retry';
import { SendError } from '../delivery/send-error';
import { sendMetrics } from '../delivery/send-metrics';
import { isWorkingTime, nextWorkingTime } from '../domain/reminders';
import type { Logger } from '../logger';
import { ConcurrentUpdateError } from '../services/errors';
import {
  type LedgerEntry,
  type LedgerStatus,
  type ReceivedReminder,
  type ReminderDeps,
  type ReminderLedger,
  type ReminderMessage,
  type ReminderQueue,
  type ReminderSender,
  type ReminderToSend,
  stillDue,
} from '../services/reminders';
import { deliverDigest, toPoison } from './coordinator-digest';
import { reminderMetrics } from './reminder-metrics';

const MIN_IDLE_POLL_MS = 2000;
/**
 * The longest pause of an idle worker between two looks at an empty queue. A sweep wakes its own
 * process's worker at once, so this bounds only how late another instance's worker helps, or a
 * message whose send failed comes round again: minutes do not matter there, and at 5 minutes an
 * idle instance asks 288 times a day (bench/idle-storage.ts).
 */
export const MAX_IDLE_POLL_MS = 5 * 60_000;

/** A reminder found still due, with the ETag its claim carries. */
interface Candidate {
  readonly toSend: ReminderToSend;
  readonly etag: string;
}

export interface WorkerDeps extends ReminderDeps {
  readonly queue: ReminderQueue;
  /** The ledger, and (for a share made here) the row of the instances' rate claims. */
  readonly reminders: ReminderLedger & RateClaims;
  readonly sender: ReminderSender;
  readonly logger: Logger;
  readonly instanceId: string;
  readonly now: () => Date;
  /** Sends per second for the app in the tenant, shared by the live instances. */
  readonly ratePerSecond: number;
  readonly conversationRatePerSecond: number;
  /** The process's share of Teams' limits, when other proactive sends use it too; made from the rates otherwise. */
  readonly share?: SendRateShare;
  /** How long a received message stays hidden; a claim older than twice this belongs to a dead worker. */
  readonly visibilitySeconds: number;
  readonly retry?: RetryPolicy;
  readonly sleep?: Sleep;
  /** How often a share made here is renewed; 2 s unless a test slows it down. */
  readonly heartbeatMs?: number;
}

export interface WorkerStats {
  sent: number;
  cancelled: number;
  unreachable: number;
  failed: number;
  uncertain: number;
  postponed: number;
  retriedLater: number;
}

const MAX_DEQUEUE = 5;
const CONCURRENCY = 8;
const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

/**
 * Takes reminder sends off the queue and delivers them within Teams' limits. Each ledger entry is
 * claimed with its ETag before the send and marked after it, so however many workers run, a
 * reminder goes out once; one whose worker died mid-send is not sent again.
 */
export class ReminderWorker {
  private readonly share: SendRateShare;
  private readonly sleep: Sleep;
  private running = false;
  readonly stats: WorkerStats = {
    sent: 0,
    cancelled: 0,
    unreachable: 0,
    failed: 0,
    uncertain: 0,
    postponed: 0,
    retriedLater: 0,
  };

  constructor(private readonly deps: WorkerDeps) {
    this.sleep = deps.sleep ?? realSleep;
    this.share =
      deps.share ??
      new SendRateShare({
        claims: deps.reminders,
        instanceId: deps.instanceId,
        ratePerSecond: deps.ratePerSecond,
        conversationRatePerSecond: deps.conversationRatePerSecond,
        logger: deps.logger,
        sleep: this.sleep,
        ...(deps.heartbeatMs !== undefined ? { heartbeatMs: deps.heartbeatMs } : {}),
      });
  }

  /** Joins the instances sharing the tenant's rate (see {@link SendRateShare.join}). */
  join(): Promise<void> {
    return this.share.join();
  }

  /** Sends per second this worker's process may make now. */
  get sendRate(): number {
    return this.share.sendRate;
  }

  /** Leaves the share (given up once nothing else in the process uses it). */
  leave(): Promise<void> {
    return this.share.leave();
  }

  /**
   * Processes messages until the queue has none visible; returns how many it handled. With
   * `untilEmpty`, it also waits for messages hidden by a worker that died to come back, as long
   * as they keep coming within a visibility period.
   */
  async drain(options: { untilEmpty?: boolean } = {}): Promise<number> {
    let handled = 0;
    let idleSince = Date.now();
    for (;;) {
      const batch = await this.deps.queue.receive(32, this.deps.visibilitySeconds);
      if (batch.length === 0) {
        const waiting = options.untilEmpty ? await this.deps.queue.approximateCount() : 0;
        if (waiting === 0 || Date.now() - idleSince > 2 * this.deps.visibilitySeconds * 1000) return handled;
        await this.sleep(250);
        continue;
      }
      idleSince = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, batch.length) }, async () => {
          while (next < batch.length) {
            const message = batch[next++] as ReceivedReminder;
            await this.process(message).catch((error: unknown) =>
              this.deps.logger.error(
                { err: error, event: 'reminder_process_failed' },
                'reminder message failed',
              ),
            );
          }
        }),
      );
      handled += batch.length;
    }
  }

  /** Runs until stopped, draining the queue and polling it when empty; storage outages are waited out. */
  private wakeUp: (() => void) | undefined;

  /** Looks at the queue now rather than after the idle pause: a sweep here has just filled it. */
  wake(): void {
    this.wakeUp?.();
  }

  async run(signal: AbortSignal): Promise<void> {
    this.running = true;
    let joined = false;
    // An empty queue is asked again after 2 s, then less and less often, up to every 5 minutes:
    // an idle bot polls 288 times a day instead of every 2 s. A sweep of this process
    // that queued something wakes the worker at once (`wake`).
    let idlePause = MIN_IDLE_POLL_MS;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wakeUp = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        this.wakeUp = done;
        signal.addEventListener('abort', done);
      });
    try {
      while (!signal.aborted) {
        try {
          if (!joined) {
            await this.join();
            joined = true;
          }
          if ((await this.drain()) === 0) {
            await pause(idlePause);
            idlePause = Math.min(idlePause * 2, MAX_IDLE_POLL_MS);
          } else {
            idlePause = MIN_IDLE_POLL_MS;
          }
        } catch (error) {
          this.deps.logger.warn(
            { err: error, event: 'reminder_worker_waiting' },
            'reminder worker waits for storage',
          );
          await pause(5000);
        }
      }
    } finally {
      this.running = false;
      await this.leave().catch(() => undefined);
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  private async mark(entry: LedgerEntry, etag: string, status: LedgerStatus): Promise<void> {
    await this.deps.reminders
      .update({ ...entry, status, doneAt: this.deps.now().toISOString() }, etag)
      .catch((error: unknown) => {
        if (!(error instanceof ConcurrentUpdateError)) throw error;
      });
    if (status === 'cancelled' || status === 'unreachable' || status === 'failed' || status === 'uncertain') {
      this.stats[status] += 1;
      if (status === 'failed' || status === 'unreachable') reminderMetrics[status].add(1);
    }
  }

  /** A coordinator's weekly digest (coordinator-digest.ts), within the same limits. */
  private async processDigest(received: ReceivedReminder, recipient: string, week: string): Promise<void> {
    const { deps } = this;
    const { sender } = deps;
    if (!deps.coordinators || !sender.sendDigest) {
      // A process that cannot send digests: set aside for an operator rather than lost.
      await toPoison(deps.queue, received);
      return;
    }
    const outcome = await deliverDigest(
      {
        ...deps,
        coordinators: deps.coordinators,
        sender: { sendDigest: sender.sendDigest.bind(sender) },
        now: deps.now(),
        acquire: (to) => this.share.acquire(to),
        retry: deps.retry ?? DEFAULT_RETRY,
        sleep: this.sleep,
        maxDequeue: MAX_DEQUEUE,
      },
      received,
      recipient,
      week,
    );
    if (outcome === 'sent') this.stats.sent += 1;
    else if (outcome === 'unreachable' || outcome === 'failed') this.stats[outcome] += 1;
    else if (outcome === 'retry') this.stats.retriedLater += 1;
  }

  /** One queue message: the mechanics (poison, working time, digests), then check, claim, send, record. */
  async process(received: ReceivedReminder): Promise<void> {
    const { deps } = this;
    const now = deps.now();
    const message = received.message;
    // Unreadable, or failing again and again before even reaching Teams: set it aside.
    if (!message || received.dequeueCount > MAX_DEQUEUE * 4) {
      await toPoison(deps.queue, received);
      this.stats.failed += 1;
      reminderMetrics.failed.add(1);
      return;
    }
    if (!isWorkingTime(now, deps.rules)) {
      const wait = Math.ceil((nextWorkingTime(now, deps.rules).getTime() - now.getTime()) / 1000);
      await deps.queue.postpone(received, Math.max(60, wait));
      this.stats.postponed += 1;
      return;
    }
    if (message.digest) {
      await this.processDigest(received, message.recipient, message.digest);
      return;
    }
    const { candidates, later } = await this.check(message, now);
    if (candidates.length === 0) {
      if (later) await deps.queue.postpone(received, deps.visibilitySeconds);
      else await deps.queue.delete(received);
      return;
    }
    await this.claimAndSend(received, message.recipient, candidates, now);
  }

  /**
   * The message's reminders that are to be sent now, each with the ETag its claim must carry, and
   * whether to look at the message again later. The ledger's side here (an entry its sweep did not
   * write, a claim of a worker that died); whether each is still due, the use case {@link stillDue}.
   */
  private async check(
    message: ReminderMessage,
    now: Date,
  ): Promise<{ candidates: Candidate[]; later: boolean }> {
    const { deps } = this;
    const decide = await stillDue(deps, message.recipient, now);
    const candidates: Candidate[] = [];
    let later = false;
    for (const queued of message.entries) {
      const { placementId, key } = queued;
      let stored = await deps.reminders.get(placementId, key);
      if (!stored) {
        // Its sweep died between queueing and writing the ledger: write it here.
        await deps.reminders.create({ ...queued, status: 'queued', queuedAt: now.toISOString() });
        stored = await deps.reminders.get(placementId, key);
        if (!stored) continue;
      }
      const { entry, etag } = stored;
      if (entry.status === 'sending') {
        // A claim is about a process, not the schedule: it is dated and aged by the wall clock, so
        // a rerun of a killed `reminders sweep --now <time>` ages the claims of the run before.
        const claimAge = Date.now() - Date.parse(entry.claimedAt ?? entry.queuedAt);
        // Another worker is sending it right now; look again once that has had time to finish.
        if (claimAge <= 2 * deps.visibilitySeconds * 1000) later = true;
        else await this.mark(entry, etag, 'uncertain');
        continue;
      }
      if (entry.status !== 'queued') continue;
      const decision = await decide(entry);
      if (decision.outcome === 'wait') later = true;
      else if (decision.outcome === 'send') candidates.push({ toSend: decision.toSend, etag });
      else await this.mark(entry, etag, decision.outcome);
    }
    return { candidates, later };
  }

  /** Claims the reminders with their ETags, sends them as one card within the limits, records the outcome. */
  private async claimAndSend(
    received: ReceivedReminder,
    recipient: string,
    candidates: readonly Candidate[],
    now: Date,
  ): Promise<void> {
    const { deps } = this;
    // Wait for the rate limits before claiming, so a claim is followed by its send at once: a
    // worker that dies in between leaves as little as possible in doubt. The slot holds the
    // conversation until the send is done.
    const firstSlot = await this.share.acquire(recipient);
    const claimed: Candidate[] = [];
    try {
      // The ETag read above makes the claim fail if another worker got there first in the meantime.
      for (const { toSend, etag } of candidates) {
        const claim: LedgerEntry = {
          ...toSend.entry,
          status: 'sending',
          claimedAt: new Date().toISOString(),
          claimedBy: deps.instanceId,
        };
        try {
          const newEtag = await deps.reminders.update(claim, etag);
          claimed.push({ toSend: { ...toSend, entry: claim }, etag: newEtag });
        } catch (error) {
          if (!(error instanceof ConcurrentUpdateError)) throw error;
          // Another copy of this message is being handled: it claims in the same order, so it
          // takes the rest too and the digest stays whole.
          break;
        }
      }
    } catch (error) {
      firstSlot();
      throw error;
    }
    if (claimed.length === 0) {
      firstSlot();
      await deps.queue.delete(received);
      return;
    }
    let slot: ReleaseSlot | undefined = firstSlot;
    try {
      await withRetry(
        async () => {
          const release = slot ?? (await this.share.acquire(recipient));
          slot = undefined;
          try {
            await deps.sender.send(
              recipient,
              claimed.map((c) => c.toSend),
            );
          } finally {
            release();
          }
        },
        deps.retry ?? DEFAULT_RETRY,
        this.sleep,
      );
    } catch (error) {
      const status = error instanceof SendError ? error.status : undefined;
      if (status === 403 || status === 404) {
        // Blocked, uninstalled, or no longer in the roster: stop reminding this person.
        await deps.conversations.markInactive(recipient, `http_${status}`, now);
        sendMetrics.peopleUnreachable.add(1);
        for (const c of claimed) await this.mark(c.toSend.entry, c.etag, 'unreachable');
        await deps.queue.delete(received);
        return;
      }
      const giveUp = received.dequeueCount >= MAX_DEQUEUE;
      for (const c of claimed) await this.mark(c.toSend.entry, c.etag, giveUp ? 'failed' : 'queued');
      if (giveUp) await toPoison(deps.queue, received);
      else this.stats.retriedLater += 1;
      deps.logger.warn({ event: 'reminder_send_failed', status, giveUp }, 'reminder not delivered');
      return;
    }
    // Teams has it. From here on nothing may put it back in the queue: if recording fails, the
    // entry stays `sending` and is later taken as sent-but-unconfirmed, never sent again.
    this.stats.sent += claimed.length;
    reminderMetrics.sent.add(claimed.length);
    for (const c of claimed) {
      await this.mark(c.toSend.entry, c.etag, 'sent').catch((error: unknown) =>
        deps.logger.warn({ err: error, event: 'reminder_mark_failed' }, 'sent reminder not recorded'),
      );
    }
    await deps.queue
      .delete(received)
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, event: 'reminder_delete_failed' }, 'sent reminder left on the queue'),
      );
  }
}
