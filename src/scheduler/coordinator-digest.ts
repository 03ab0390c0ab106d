import type { ReleaseSlot } from '../delivery/rate-share';
import { type RetryPolicy, type Sleep, withRetry } from '../delivery/retry';
import { SendError } from '../delivery/send-error';
import type { ReminderRules } from '../domain/reminders';
import type { Logger } from '../logger';
import { ConcurrentUpdateError } from '../services/errors';
import {
  type DigestDue,
  type DigestEntry,
  type DigestSender,
  digestToSend,
  type ReceivedReminder,
  type ReminderConversations,
  type ReminderCoordinators,
  type ReminderQueue,
  type ReminderRounds,
} from '../services/reminders';
import { reminderMetrics } from './reminder-metrics';

/**
 * Puts the due digests on the queue, each followed by its ledger row (the worker writes a row that
 * is missing, as for reminders). Returns how many went on the queue and how many failed.
 */
export async function queueDigests(
  deps: { queue: ReminderQueue; coordinators: ReminderCoordinators; logger: Logger },
  digests: readonly DigestDue[],
  now: Date,
): Promise<{ queued: number; failed: number }> {
  let queued = 0;
  let failed = 0;
  for (const { recipient, week } of digests) {
    try {
      await deps.queue.send({ recipient, entries: [], digest: week });
    } catch (error) {
      failed += 1;
      deps.logger.error({ event: 'digest_not_queued', error: (error as Error).name }, 'digest not queued');
      continue;
    }
    queued += 1;
    await deps.coordinators
      .createDigest({ aadObjectId: recipient, week, status: 'queued', queuedAt: now.toISOString() })
      .catch(() =>
        deps.logger.warn({ event: 'digest_ledger_write_failed' }, 'digest queued without its row'),
      );
  }
  return { queued, failed };
}

/** What delivering a digest needs from the worker. */
export interface DigestDeliveryDeps {
  readonly queue: ReminderQueue;
  readonly coordinators: ReminderCoordinators;
  readonly conversations: ReminderConversations;
  readonly rounds: ReminderRounds;
  readonly sender: DigestSender;
  readonly rules: ReminderRules;
  readonly logger: Logger;
  readonly now: Date;
  /** Waits for a send slot within Teams' limits. */
  readonly acquire: (recipient: string) => Promise<ReleaseSlot>;
  readonly retry: RetryPolicy;
  readonly sleep: Sleep;
  /** Deliveries after which a digest that keeps failing is given up. */
  readonly maxDequeue: number;
  /** How long a received message stays hidden; a claim older than twice this belongs to a dead worker. */
  readonly visibilitySeconds: number;
}

/**
 * One digest message: claimed with its row's ETag, drawn from the state at send time, sent within
 * the limits, recorded (the queue and ledger mechanics around {@link digestToSend}). However many workers hold a copy, the coordinator gets it once.
 */
export async function deliverDigest(
  deps: DigestDeliveryDeps,
  received: ReceivedReminder,
  recipient: string,
  week: string,
): Promise<'sent' | 'skipped' | 'unreachable' | 'retry' | 'failed'> {
  const { coordinators, now } = deps;
  let stored = await coordinators.digest(recipient, week);
  if (!stored) {
    await coordinators.createDigest({
      aadObjectId: recipient,
      week,
      status: 'queued',
      queuedAt: now.toISOString(),
    });
    stored = await coordinators.digest(recipient, week);
  }
  if (stored?.entry.status === 'sending') {
    // Dated by the wall clock, as reminder claims: a rerun at the same --now ages them too.
    const claimAge = Date.now() - Date.parse(stored.entry.claimedAt ?? stored.entry.queuedAt);
    if (claimAge <= 2 * deps.visibilitySeconds * 1000) {
      await deps.queue.postpone(received, deps.visibilitySeconds);
      return 'retry';
    }
    // Its worker died while sending: maybe sent, so not sent again; next week's digest follows.
    await coordinators
      .updateDigest({ ...stored.entry, status: 'uncertain', doneAt: now.toISOString() }, stored.etag)
      .catch((error: unknown) => {
        if (!(error instanceof ConcurrentUpdateError)) throw error;
      });
    await deps.queue.delete(received);
    return 'skipped';
  }
  if (stored?.entry.status !== 'queued') {
    await deps.queue.delete(received);
    return 'skipped';
  }
  const mark = (entry: DigestEntry, etag: string, status: DigestEntry['status']) =>
    coordinators
      .updateDigest({ ...entry, status, doneAt: now.toISOString() }, etag)
      .catch((error: unknown) => {
        if (!(error instanceof ConcurrentUpdateError)) throw error;
        return '';
      });
  // Drawn from the state at send time (the use case), unless the coordinator cannot be reached.
  const overview = await digestToSend(deps, recipient, now);
  if (!overview) {
    await mark(stored.entry, stored.etag, 'unreachable');
    await deps.queue.delete(received);
    return 'unreachable';
  }
  const claim: DigestEntry = { ...stored.entry, status: 'sending', claimedAt: new Date().toISOString() };
  let etag: string;
  try {
    etag = await coordinators.updateDigest(claim, stored.etag);
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    // Another worker claimed it first.
    await deps.queue.delete(received);
    return 'skipped';
  }
  try {
    await withRetry(
      async () => {
        const release = await deps.acquire(recipient);
        try {
          await deps.sender.sendDigest(recipient, overview);
        } finally {
          release();
        }
      },
      deps.retry,
      deps.sleep,
    );
  } catch (error) {
    const status = error instanceof SendError ? error.status : undefined;
    if (status === 403 || status === 404) {
      await deps.conversations.markInactive(recipient, `http_${status}`, now);
      await mark(claim, etag, 'unreachable');
      await deps.queue.delete(received);
      return 'unreachable';
    }
    const giveUp = received.dequeueCount >= deps.maxDequeue;
    await mark(claim, etag, giveUp ? 'failed' : 'queued');
    if (giveUp) await toPoison(deps.queue, received);
    deps.logger.warn({ event: 'digest_send_failed', status, giveUp }, 'coordinator digest not delivered');
    return giveUp ? 'failed' : 'retry';
  }
  reminderMetrics.sent.add(1);
  await mark(claim, etag, 'sent').catch((error: unknown) =>
    deps.logger.warn({ err: error, event: 'digest_mark_failed' }, 'sent digest not recorded'),
  );
  await deps.queue.delete(received);
  return 'sent';
}

/** Sets a message aside on the poison queue, and counts it for the alert that watches them. */
export async function toPoison(queue: ReminderQueue, received: ReceivedReminder): Promise<void> {
  await queue.toPoison(received);
  reminderMetrics.poisoned.add(1);
}
