import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ReminderSender } from '../services/reminders';
import { createMailSender } from './create-mail-sender';
import { MailingReminderSender } from './reminder-mail-sender';
import { trainerMailComposer } from './trainer-mail-text';
import { TrainerMailer } from './trainer-mailer';

/**
 * The mailer of trainers who work by e-mail, from the settings: undefined when no link can work
 * (production without `TRAINER_LINK_SECRET`). With mail off it still exists and logs each mail it
 * could not send, so a coordinator can see who is waiting for one.
 */
export function createTrainerMailer(
  config: Pick<Config, 'mail' | 'graph' | 'trainerLinks' | 'timeZone' | 'mailSignature'>,
  logger: Logger,
  now: () => Date,
  baseUrl: () => string,
): TrainerMailer | undefined {
  if (!config.trainerLinks) return undefined;
  return new TrainerMailer({
    links: { ...config.trainerLinks, baseUrl },
    mail: createMailSender(config),
    compose: trainerMailComposer(config.timeZone, config.mailSignature),
    logger,
    now,
  });
}

/** Reminders to trainers who work by e-mail go by mail; the rest through `teams`. */
export function withMailedTrainers(teams: ReminderSender, mailer: TrainerMailer | undefined): ReminderSender {
  return mailer ? new MailingReminderSender(teams, mailer) : teams;
}
