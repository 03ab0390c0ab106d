import type { Logger } from '../logger';
import type { TrainerMailer } from '../mail/trainer-mailer';
import { placementsForLinkRequest, type TrainerRoleFinder } from '../services/trainer-mail';

/** At most one requested link per placement in this time, so the form cannot flood a mailbox. */
export const LINK_REQUEST_INTERVAL_MS = 5 * 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * "Send me a new link": looks the address up and mails a fresh link for each placement where it
 * belongs to a trainer who works by e-mail, in the background, so the answer takes as long
 * whether or not the address is known. Counts only go to the log.
 */
export class LinkRequests {
  private readonly running = new Set<Promise<void>>();
  private readonly lastMailed = new Map<string, number>();

  constructor(
    private readonly deps: {
      readonly roles: TrainerRoleFinder;
      readonly mailer: TrainerMailer | undefined;
      readonly logger: Logger;
      readonly now: () => Date;
    },
  ) {}

  request(email: string): void {
    const work = this.handle(email).catch((error: unknown) =>
      this.deps.logger.warn(
        { event: 'trainer_link_request_failed', error: error instanceof Error ? error.name : typeof error },
        'new trainer link not sent',
      ),
    );
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async handle(email: string): Promise<void> {
    const { mailer } = this.deps;
    if (!mailer) return;
    const placements = await placementsForLinkRequest(this.deps.roles, email);
    const at = this.deps.now().getTime();
    for (const placement of placements) {
      const last = this.lastMailed.get(placement.id);
      if (last !== undefined && at - last < LINK_REQUEST_INTERVAL_MS) {
        this.deps.logger.info(
          { event: 'trainer_link_request_throttled', placementId: placement.id },
          'too soon',
        );
        continue;
      }
      if (this.lastMailed.size >= MAX_REMEMBERED) this.lastMailed.clear();
      this.lastMailed.set(placement.id, at);
      await mailer.notify({ placement, reason: 'link_requested' });
    }
  }

  /** Resolves when the requests made so far are handled (for shutdown, and for tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
