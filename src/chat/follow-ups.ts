import type { Logger } from '../logger';
import type { HeldCard, HeldCardStore } from '../services/check-in/ports';
import type { Notifier } from './notifier';
import type { Reply } from './reply';

/**
 * The sends that follow a reply card: remembering which round the card shows (so it can be
 * updated later), the cards for other people, and fresh drawings of older cards of the round.
 * Teams waits only a few seconds for an invoke's card, so they run after it, in the background.
 */
export class FollowUps {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: { cards: HeldCardStore; notifier: Notifier; logger: Logger }) {}

  /** Starts the follow-ups of `reply`, whose card `owner` got as activity `ownActivityId`. */
  start(reply: Reply, owner: string, ownActivityId: string | undefined): void {
    const work = this.deliver(reply, owner, ownActivityId);
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Runs the follow-ups of `reply` and resolves when they are done. */
  async deliver(reply: Reply, owner: string, ownActivityId: string | undefined): Promise<void> {
    // The change is saved by now: a failure here must not turn the person's answer into an error.
    try {
      const { track } = reply;
      const closed = new Set<string>();
      if (track) {
        // Whoever gets a new current card of the round: their older ones are closed first.
        const newHolders = new Set<string>();
        if (ownActivityId) newHolders.add(owner);
        for (const n of reply.notifications ?? []) {
          if (n.aadObjectId && n.track?.placementId === track.placementId && n.track.round === track.round)
            newHolders.add(n.aadObjectId);
        }
        const held = await this.deps.cards.list(track.placementId, track.round);
        for (const card of held) {
          if (!newHolders.has(card.aadObjectId) || card.activityId === ownActivityId) continue;
          await this.close(track.placementId, track.round, card, reply);
          closed.add(card.activityId);
        }
      }
      if (track && ownActivityId) {
        await this.deps.cards.track(track.placementId, track.round, {
          aadObjectId: owner,
          activityId: ownActivityId,
          kind: track.kind,
        });
      }
      if (reply.notifications) await this.deps.notifier.send(reply.notifications);
      for (const update of reply.updates ?? []) {
        if (update.activityId !== ownActivityId && !closed.has(update.activityId)) {
          await this.deps.notifier.update(update.aadObjectId, update.activityId, update.card);
        }
      }
    } catch (error) {
      this.deps.logger.warn({ err: error, event: 'deliver_failed' }, 'follow-up cards not delivered');
    }
  }

  /** Draws an older card of a round in its closed state and stops tracking it. */
  private async close(placementId: string, round: number, card: HeldCard, reply: Reply): Promise<void> {
    const { closes } = reply;
    if (closes) {
      await this.deps.notifier.update(card.aadObjectId, card.activityId, (t) => closes(t, card.kind));
    }
    await this.deps.cards.release(placementId, round, card);
  }

  /** Resolves when the follow-ups of earlier turns are done (for shutdown, and for tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
