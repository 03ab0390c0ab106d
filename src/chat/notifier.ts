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

/** Where the notifier's cards go: the channel's proactive sends (Teams' `ProactiveChannel`). */
export interface CardChannel {
  deliver(
    aadObjectId: string,
    message:
      | { readonly kind: 'send'; readonly card: (t: Translate) => AdaptiveCardJson }
      | {
          readonly kind: 'update';
          readonly activityId: string;
          readonly card: (t: Translate) => AdaptiveCardJson;
        },
  ): Promise<{ readonly outcome: string; readonly activityId?: string | undefined }>;
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
}
