import { CardFactory, type CloudAdapter, type ConversationReference, MessageFactory } from 'botbuilder';
import { localeFrom, type Translate, translator } from '../i18n';
import type { Logger } from '../logger';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { AdaptiveCardJson } from './cards';

/** A card for one person, drawn in their own language when it is sent. */
export interface Notification {
  readonly aadObjectId: string | undefined;
  readonly card: (t: Translate) => AdaptiveCardJson;
}

/** Sends proactive cards into people's personal chats with the bot. */
export class Notifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /**
   * Sends each notification; someone without a stored conversation is skipped (they see the same
   * card on their next `start`), and one who blocked or removed the app is marked unreachable.
   */
  async send(notifications: readonly Notification[]): Promise<void> {
    for (const notification of notifications) {
      if (!notification.aadObjectId) continue;
      const stored = await this.conversations.get(notification.aadObjectId);
      if (!stored?.active) continue;
      const reference = stored.reference as Partial<ConversationReference>;
      const t = translator(localeFrom(reference.locale));
      try {
        await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
          await context.sendActivity(
            MessageFactory.attachment(CardFactory.adaptiveCard(notification.card(t))),
          );
        });
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 403 || status === 404) {
          await this.conversations.markInactive(notification.aadObjectId, `http_${status}`, this.now());
        }
        this.logger.warn({ err: error, status, event: 'notify_failed' }, 'proactive message not delivered');
      }
    }
  }
}
