import type { RoundKind } from '../domain/check-in';
import type { Placement } from '../domain/placement';
import type { Logger } from '../logger';
import { MailUndeliverableError } from '../services/mail-ports';
import {
  mailTrainer,
  type TrainerMailDeps,
  type TrainerMailOutcome,
  type TrainerMailReason,
} from '../services/trainer-mail';

/** A mail to a trainer who works by e-mail: why, and which round it is about. */
export interface TrainerMailRequest {
  readonly placement: Placement;
  readonly reason: TrainerMailReason;
  readonly roundKind?: RoundKind;
}

/**
 * Mails trainers who work by e-mail a fresh link wherever the bot would send them a card. Logs
 * the placement id and the reason only: never the address, the link or a name.
 */
export class TrainerMailer {
  constructor(
    private readonly deps: TrainerMailDeps & { readonly logger: Logger; readonly now: () => Date },
  ) {}

  /** Mails and reports the transport's error (for the reminder worker, which retries). */
  async send(request: TrainerMailRequest): Promise<TrainerMailOutcome> {
    const { placement, reason } = request;
    const outcome = await mailTrainer(this.deps, placement, reason, this.deps.now(), {
      ...(request.roundKind ? { roundKind: request.roundKind } : {}),
    });
    if (outcome === 'sent') {
      this.deps.logger.info({ event: 'trainer_mailed', placementId: placement.id, reason }, 'trainer mailed');
    } else if (outcome === 'mail_off') {
      this.deps.logger.warn(
        { event: 'trainer_mail_off', placementId: placement.id, reason },
        'trainer works by e-mail but no mail transport is configured (MAIL_TRANSPORT)',
      );
    }
    return outcome;
  }

  /** Mails; a failure is logged and goes no further (the change it tells of is saved already). */
  async notify(request: TrainerMailRequest): Promise<void> {
    try {
      await this.send(request);
    } catch (error) {
      const placementId = request.placement.id;
      if (error instanceof MailUndeliverableError) {
        this.deps.logger.warn(
          { event: 'trainer_mail_undeliverable', placementId, status: error.status },
          'trainer mail refused for good',
        );
      } else {
        this.deps.logger.warn(
          {
            event: 'trainer_mail_failed',
            placementId,
            error: error instanceof Error ? error.name : typeof error,
          },
          'trainer mail not sent',
        );
      }
    }
  }
}
