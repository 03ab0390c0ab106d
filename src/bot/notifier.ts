import {
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import { type Translate, translator } from '../i18n';
import type { Logger } from '../logger';
import type { CardKind, CardRepository } from '../storage/card-repository';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { AdaptiveCardJson } from './cards';

/** Which round a card shows, so it can be updated in place when the round moves on. */
export interface CardTracking {
  readonly placementId: string;
  readonly round: number;
  readonly kind: CardKind;
}

/** A card for one person, drawn in their own language when it is sent. */
export interface Notification {
  readonly aadObjectId: string | undefined;
  readonly card: (t: Translate) => AdaptiveCardJson;
  readonly track?: CardTracking;
}

/** Sends proactive cards into people's personal chats with the bot, and updates sent cards in place. */
export class Notifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly cards: CardRepository,
    private readonly logger: Logger,
    private readonly now: () => Date,
    /** The `TIME_ZONE` setting: cards show their dates in it. */
    private readonly timeZone: string,
  ) {}

  /** Runs `work` in the person's personal chat; false when they cannot be reached. */
  private async inConversation(
    aadObjectId: string,
    work: (t: Translate, context: TurnContext) => Promise<void>,
    /** Sends mark a person unreachable on 403/404; updates do not (a 404 may be a deleted message). */
    kind: 'send' | 'update' = 'send',
  ): Promise<boolean> {
    const stored = await this.conversations.get(aadObjectId);
    if (!stored?.active) return false;
    const reference = stored.reference as Partial<ConversationReference>;
    const t = translator(reference.locale, this.timeZone);
    // The adapter hands errors inside the callback to its turn-error handler, which swallows
    // them; catch them here to see Teams' answer.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        try {
          await work(t, context);
        } catch (error) {
          failure = error;
        }
      });
      if (failure !== undefined) throw failure;
      return true;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (kind === 'send' && (status === 403 || status === 404)) {
        await this.conversations.markInactive(aadObjectId, `http_${status}`, this.now());
      }
      this.logger.warn({ err: error, status, event: 'proactive_failed' }, 'proactive message not delivered');
      return false;
    }
  }

  /**
   * Sends each notification; someone without a stored conversation is skipped (they see the same
   * card on their next `start`), and one who blocked or removed the app is marked unreachable.
   */
  async send(notifications: readonly Notification[]): Promise<void> {
    for (const notification of notifications) {
      const { aadObjectId, track } = notification;
      if (!aadObjectId) continue;
      await this.inConversation(aadObjectId, async (t, context) => {
        const sent = await context.sendActivity(
          MessageFactory.attachment(CardFactory.adaptiveCard(notification.card(t))),
        );
        if (track && sent?.id) {
          await this.cards.track(track.placementId, track.round, {
            aadObjectId,
            activityId: sent.id,
            kind: track.kind,
          });
        }
      });
    }
  }

  /** Replaces a card the bot sent earlier with a new rendering of it. */
  async update(
    aadObjectId: string,
    activityId: string,
    card: (t: Translate) => AdaptiveCardJson,
  ): Promise<void> {
    await this.inConversation(
      aadObjectId,
      async (t, context) => {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card(t)));
        activity.id = activityId;
        await context.updateActivity(activity);
      },
      'update',
    );
  }
}
