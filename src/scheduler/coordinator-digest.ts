import type { ReleaseSlot } from '../delivery/rate-share';
import { type RetryPolicy, type Sleep, withRetry } from '../delivery/retry';
import { SendError } from '../delivery/send-error';
import { schoolCalendar } from '../domain/escalation';
import { localTime } from '../domain/local-time';
import type { Placement } from '../domain/placement';
import { isWorkingTime, type ReminderRules } from '../domain/reminders';
import { isHoliday } from '../domain/working-days';
import type { Logger } from '../logger';
import { type CoordinatorOverview, coordinatorOverview } from '../services/coordinator-overview';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { CoordinatorRepository, DigestEntry } from '../storage/coordinator-repository';
import type { RoundRepository } from '../storage/round-repository';
import { ConcurrentUpdateError } from '../storage/table-store';
import { reminderMetrics } from './reminder-metrics';
import type { ReceivedReminder, ReminderQueue } from './reminder-queue';

/** A coordinator whose weekly digest is due: their Entra id and the date of this digest day. */
export interface DigestDue {
  readonly recipient: string;
  readonly week: string;
}

/** Puts a coordinator's weekly digest into their personal chat; throws a SendError with Teams' status. */
export interface DigestSender {
  sendDigest(recipient: string, overview: CoordinatorOverview): Promise<void>;
}

/**
 * The digests due at `now`: on the digest weekday, in working time, one per coordinator who can be
 * reached and has a placement that has not ended, unless this day's digest was queued already.
 */
export async function digestsDue(
  state: {
    coordinators: CoordinatorRepository;
    placements: readonly Placement[];
    coordinatorIds: ReadonlyMap<string, string>;
    active: ReadonlySet<string>;
  },
  now: Date,
  rules: ReminderRules,
  digestDay: number,
): Promise<DigestDue[]> {
  const { weekday, date } = localTime(now, rules.timeZone);
  // No digest in a school holiday: the coordinator is away, and the next one counts what is still open.
  if (weekday !== digestDay || !isWorkingTime(now, rules) || isHoliday(now, schoolCalendar(rules))) return [];
  const keys = new Set<string>();
  for (const p of state.placements)
    if (p.coordinatorEmail && p.endDate >= date) keys.add(state.coordinators.keyOf(p.coordinatorEmail));
  const recipients = [...keys].flatMap((key) => {
    const id = state.coordinatorIds.get(key);
    return id && state.active.has(id) ? [id] : [];
  });
  if (recipients.length === 0) return [];
  const queued = await state.coordinators.digestsOf(date);
  return recipients.filter((id) => !queued.has(id)).map((recipient) => ({ recipient, week: date }));
}

/**
 * Puts the due digests on the queue, each followed by its ledger row (the worker writes a row that
 * is missing, as for reminders). Returns how many went on the queue and how many failed.
 */
export async function queueDigests(
  deps: { queue: ReminderQueue; coordinators: CoordinatorRepository; logger: Logger },
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
  readonly coordinators: CoordinatorRepository;
  readonly conversations: ConversationRepository;
  readonly rounds: RoundRepository;
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
 * the limits, recorded. However many workers hold a copy, the coordinator gets it once.
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
  const account = await coordinators.account(recipient);
  const conversation = await deps.conversations.get(recipient);
  if (!account || !conversation?.active) {
    await mark(stored.entry, stored.etag, 'unreachable');
    await deps.queue.delete(received);
    return 'unreachable';
  }
  const overview = await coordinatorOverview(
    { coordinators, rounds: deps.rounds, conversations: deps.conversations },
    account.emailKey,
    now,
    deps.rules,
  );
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
    if (giveUp) await deps.queue.toPoison(received);
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
