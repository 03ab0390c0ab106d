import type { Translate } from '../i18n';
import type { TrainerMailer, TrainerMailRequest } from '../mail/trainer-mailer';
import type { CardKind, HeldCardStore } from '../services/check-in/ports';
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
  /** For a trainer who works by e-mail: the mail with a fresh link that goes instead of the card. */
  readonly mail?: TrainerMailRequest;
}

/** A card for someone's chat: a new message, or a new rendering of one sent earlier. */
export type ChannelMessage =
  | { readonly kind: 'send'; readonly card: (t: Translate) => AdaptiveCardJson }
  | {
      readonly kind: 'update';
      readonly activityId: string;
      readonly card: (t: Translate) => AdaptiveCardJson;
    };

/** How a delivery ended, as far as the notifier needs to know. */
export interface ChannelDelivery {
  readonly outcome: string;
  readonly activityId?: string | undefined;
}

/** Where the notifier's cards go: the channel's proactive sends (Teams' `ProactiveChannel`). */
export interface CardChannel {
  deliver(aadObjectId: string, message: ChannelMessage): Promise<ChannelDelivery>;
  /** Delivery into the person's chat as found now, needing no storage for later sends. */
  to(aadObjectId: string): Promise<(message: ChannelMessage) => Promise<ChannelDelivery>>;
}

/**
 * The cards a click leaves for other people, and in-place updates of cards people hold, sent
 * through the {@link CardChannel} (within Teams' limits, retried, unreachable people marked).
 */
export class Notifier {
  constructor(
    private readonly channel: CardChannel,
    private readonly cards: HeldCardStore,
    private readonly mailer?: TrainerMailer,
  ) {}

  /**
   * Sends each notification; someone without a stored conversation is skipped (they see the same
   * card on their next `start`), and one who blocked or removed the app is marked unreachable. A
   * trainer who works by e-mail gets a mail instead.
   */
  async send(notifications: readonly Notification[]): Promise<void> {
    for (const { aadObjectId, card, track, mail } of notifications) {
      if (mail) {
        await this.mailer?.notify(mail);
        continue;
      }
      if (!aadObjectId) continue;
      const delivery = await this.channel.deliver(aadObjectId, { kind: 'send', card });
      if (delivery.outcome === 'delivered' && track && delivery.activityId) {
        await this.cards.track(track.placementId, track.round, {
          aadObjectId,
          activityId: delivery.activityId,
          kind: track.kind,
        });
      }
    }
  }

  /** Replaces a card the bot sent earlier with a new rendering of it. */
  async update(
    aadObjectId: string,
    activityId: string,
    card: (t: Translate) => AdaptiveCardJson,
  ): Promise<void> {
    await this.channel.deliver(aadObjectId, { kind: 'update', activityId, card });
  }
  /**
   * Replaces, each time it is called, a card the bot sent earlier, into the chat as found now: for
   * work that runs on after the click (an export, an import), whose last word must reach the person
   * even when storage went away meanwhile.
   */
  async updater(aadObjectId: string, activityId: string): Promise<(card: AdaptiveCardJson) => Promise<void>> {
    const deliver = await this.channel.to(aadObjectId);
    return async (card) => {
      await deliver({ kind: 'update', activityId, card: () => card });
    };
  }
}
