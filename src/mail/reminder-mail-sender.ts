import { SendError } from '../delivery/send-error';
import { rungOfKey } from '../domain/escalation';
import { isMailRecipient } from '../domain/reminder-recipient';
import type { ReminderKind } from '../domain/reminders';
import type { CoordinatorOverview } from '../services/coordinator-overview';
import { MailUndeliverableError } from '../services/mail-ports';
import type { ReminderSender, ReminderToSend } from '../services/reminders';
import type { TrainerMailReason } from '../services/trainer-mail';
import type { TrainerMailer } from './trainer-mailer';

const REASON: Readonly<Record<ReminderKind, TrainerMailReason>> = {
  part_open: 'part_open',
  agreement_waiting: 'agreement_waiting',
  round_due: 'round_due',
  approval_pending: 'review',
};

/**
 * Reminders to trainers who work by e-mail go out as mail with a fresh link (on the ladder's
 * other-party rung: a request to remind the student); all others, and coordinators' digests, go on
 * to Teams. Mail failures are reported the way the worker knows from Teams: refused for good as 404
 * (the reminder is marked unreachable), anything else as 503 (tried again).
 */
export class MailingReminderSender implements ReminderSender {
  constructor(
    private readonly teams: ReminderSender,
    private readonly mailer: TrainerMailer,
  ) {
    const { sendDigest } = teams;
    if (sendDigest) {
      this.sendDigest = (recipient, overview) => sendDigest.call(teams, recipient, overview);
    }
  }

  readonly sendDigest?: (recipient: string, overview: CoordinatorOverview) => Promise<void>;

  async send(recipient: string, reminders: readonly ReminderToSend[]): Promise<void> {
    if (!isMailRecipient(recipient)) return this.teams.send(recipient, reminders);
    for (const { entry, placement, round } of reminders) {
      let outcome: Awaited<ReturnType<TrainerMailer['send']>>;
      try {
        const reason = rungOfKey(entry.key) === 'other_party' ? 'nudge_student' : REASON[entry.kind];
        outcome = await this.mailer.send({ placement, reason, roundKind: round.kind });
      } catch (error) {
        throw new SendError(error instanceof MailUndeliverableError ? 404 : 503);
      }
      // No transport, or the trainer works in Teams now: nobody to reach this way.
      if (outcome !== 'sent') throw new SendError(404);
    }
  }
}
