import type { Translate } from '../i18n';
import type { CardKind } from '../services/check-in/ports';
import type { AdaptiveCardJson } from './cards';
import type { CardTracking, Notification } from './notifier';

/** What a route gives back: the card that replaces the clicked one, and cards for others. */
export interface Reply {
  readonly card: AdaptiveCardJson;
  readonly notifications?: readonly Notification[];
  /** Which round the reply card shows, so the card can be updated in place later. */
  readonly track?: CardTracking;
  /** Cards sent earlier that now show something outdated. */
  readonly updates?: readonly CardUpdate[];
  /**
   * How an older card of the tracked round looks once a newer one (this reply's, or a
   * notification's) shows the round: each person holds one current card of a round.
   */
  readonly closes?: (t: Translate, kind: CardKind) => AdaptiveCardJson;
}

/** A card sent earlier, to be drawn anew for its owner. */
export interface CardUpdate {
  readonly aadObjectId: string;
  readonly activityId: string;
  readonly card: (t: Translate) => AdaptiveCardJson;
}
