import {
  type Activity,
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  MessageFactory,
} from 'botbuilder';
import type { AdaptiveCardJson } from '../chat/cards';
import { type RetryPolicy, realSleep, type Sleep, withRetry } from '../delivery/retry';
import { SendError, sendErrorOf } from '../delivery/send-error';
import { sendMetrics } from '../delivery/send-metrics';
import { type Translate, translator } from '../i18n';
import type { Logger } from '../logger';
import type { ConversationStore } from '../services/conversations';

/** A card for someone's personal chat: a new message, or a new rendering of one sent earlier. */
export type ProactiveMessage =
  | { readonly kind: 'send'; readonly card: (t: Translate) => AdaptiveCardJson }
  | {
      readonly kind: 'update';
      readonly activityId: string;
      readonly card: (t: Translate) => AdaptiveCardJson;
    };

/** How a delivery ended. */
export type Delivery =
  | { readonly outcome: 'delivered'; readonly activityId: string | undefined }
  /** Never installed the app, or already known to be unreachable: nothing was sent. */
  | { readonly outcome: 'no_conversation' }
  /** Teams refused for good (blocked, removed): the person is now marked unreachable. */
  | { readonly outcome: 'unreachable'; readonly status: number }
  | { readonly outcome: 'failed'; readonly status: number | undefined };

/** Teams' send limits as this process shares them (`src/delivery/rate-share.ts`). */
export interface SendSlots {
  /**
   * Resolves when one more send into this person's chat fits within the limits, and counts it;
   * the returned function gives the chat back once the send is done.
   */
  acquire(recipient: string): Promise<() => void>;
}

export interface ProactiveChannelDeps {
  readonly adapter: CloudAdapter;
  readonly appId: string;
  readonly conversations: ConversationStore;
  /** The `TIME_ZONE` setting: cards show their dates and times in it. */
  readonly timeZone: string;
  readonly slots: SendSlots;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly retry?: RetryPolicy;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

/**
 * A few tries, then give up: the card is not lost for good, the person sees the same state on
 * their next `start`. A Retry-After of minutes means Teams is in trouble; waiting that long would
 * only hold the process.
 */
const FOLLOW_UP_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

interface Reachable {
  readonly reference: Partial<ConversationReference>;
  readonly t: Translate;
}

/**
 * The one way the bot writes into people's personal chats outside a turn: reminders, the cards for
 * other people after a click, and in-place updates of cards people hold. It finds the stored
 * conversation, draws the card in the person's language and sends it through the adapter, within
 * Teams' limits as this process shares them.
 */
/** How long a looked-up address serves the follow-ups of one click (wall-clock time). */
const RECENT_LOOKUP_MS = 2_000;

export class ProactiveChannel {
  private readonly retry: RetryPolicy;
  private readonly sleep: Sleep;
  /**
   * Addresses looked up for follow-ups in the last moment: one click's cards and redraws go to the
   * same few people, so each address is read once per batch rather than once per card.
   */
  private readonly recent = new Map<
    string,
    { readonly until: number; readonly lookup: Promise<Reachable | undefined> }
  >();

  constructor(private readonly deps: ProactiveChannelDeps) {
    this.retry = deps.retry ?? FOLLOW_UP_RETRY;
    this.sleep = deps.sleep ?? realSleep;
  }

  /** Drops the chats looked up for the last cards: the next card reads its chat again. */
  forget(): void {
    this.recent.clear();
  }

  private async reachable(recipient: string): Promise<Reachable | undefined> {
    const stored = await this.deps.conversations.get(recipient);
    if (!stored?.active) return undefined;
    const reference = stored.reference as Partial<ConversationReference>;
    return { reference, t: translator(reference.locale, this.deps.timeZone) };
  }

  /** One call to Teams; throws a {@link SendError} with its answer. */
  private async once(
    { reference, t }: Reachable,
    message: ProactiveMessage,
    card: AdaptiveCardJson = message.card(t),
  ): Promise<string | undefined> {
    const activity: Partial<Activity> = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    // The adapter hands errors inside the callback to its turn-error handler, which logs and
    // swallows them; keep the failure here to see Teams' answer.
    let failure: unknown;
    let sentId: string | undefined;
    try {
      await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
        try {
          if (message.kind === 'update') {
            activity.id = message.activityId;
            await context.updateActivity(activity);
            sentId = message.activityId;
          } else {
            sentId = (await context.sendActivity(activity))?.id;
          }
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) throw sendErrorOf(failure);
    return sentId;
  }

  /** The address of `recipient`, read again once {@link RECENT_LOOKUP_MS} have passed since the last read. */
  private reachableNow(recipient: string): Promise<Reachable | undefined> {
    const now = Date.now();
    for (const [id, entry] of this.recent) if (entry.until <= now) this.recent.delete(id);
    const known = this.recent.get(recipient);
    if (known) return known.lookup;
    const lookup = this.reachable(recipient);
    this.recent.set(recipient, { until: now + RECENT_LOOKUP_MS, lookup });
    // A failed read is not kept: the next card tries again.
    lookup.catch(() => this.recent.delete(recipient));
    return lookup;
  }

  /**
   * One try, for a caller that took its slot within the limits and retries on its own (the
   * reminder worker, which claims a reminder only once it may send it). Throws a
   * {@link SendError}: Teams' status, or 403 for someone who cannot be reached at all.
   */
  async attempt(recipient: string, message: ProactiveMessage): Promise<string | undefined> {
    const reachable = await this.reachable(recipient);
    if (!reachable) throw new SendError(403);
    return this.once(reachable, message);
  }

  /**
   * Delivers within the limits, waiting for Retry-After on 429 and retrying passing failures with
   * backoff and jitter a few times. Someone who blocked or removed the app (403, or 404 for a new
   * message; a 404 on an update may be a deleted message) is marked unreachable. Teams' answers
   * never throw; storage failures do.
   */
  async deliver(recipient: string, message: ProactiveMessage): Promise<Delivery> {
    return (await this.to(recipient))(message);
  }

  /**
   * Delivery into the person's chat as it is stored now: what is sent through it later reads no
   * storage to find the chat, so a task that outlives storage (an export whose storage goes away)
   * can still say how it ended. Sends are limited, retried and their failures marked as in
   * {@link deliver}.
   */
  async to(recipient: string): Promise<(message: ProactiveMessage) => Promise<Delivery>> {
    const reachable = await this.reachableNow(recipient);
    return (message) =>
      reachable
        ? this.deliverTo(recipient, reachable, message)
        : Promise.resolve({ outcome: 'no_conversation' });
  }

  private async deliverTo(
    recipient: string,
    reachable: Reachable,
    message: ProactiveMessage,
  ): Promise<Delivery> {
    const card = message.card(reachable.t);
    let attempts = 0;
    try {
      const activityId = await withRetry(
        async () => {
          attempts += 1;
          const release = await this.deps.slots.acquire(recipient);
          try {
            return await this.once(reachable, message, card);
          } finally {
            release();
          }
        },
        this.retry,
        this.sleep,
        this.deps.random,
      );
      return { outcome: 'delivered', activityId };
    } catch (error) {
      if (!(error instanceof SendError)) throw error;
      const { status } = error;
      const conversationId = reachable.reference.conversation?.id;
      if (status === 403 || (status === 404 && message.kind === 'send')) {
        this.recent.delete(recipient);
        await this.deps.conversations.markInactive(recipient, `http_${status}`, this.deps.now());
        sendMetrics.peopleUnreachable.add(1);
        this.deps.logger.warn(
          { event: 'proactive_unreachable', kind: message.kind, status, conversationId },
          'person marked unreachable',
        );
        return { outcome: 'unreachable', status };
      }
      this.deps.logger.warn(
        { event: 'proactive_failed', kind: message.kind, status, attempts, conversationId },
        'proactive card not delivered',
      );
      return { outcome: 'failed', status };
    }
  }
}
