import type { BotAuthConfig } from '../config';
import type { Logger } from '../logger';
import type { QualificationCatalog } from '../qualifications/catalog';
import type { ConversationRepository } from '../storage/conversation-repository';
import { createAdapter } from './adapter';
import { BotReminderSender } from './reminder-sender';

/** A reminder sender of its own, for processes without the bot's HTTP server (the reminders command). */
export function createReminderSender(
  auth: BotAuthConfig | undefined,
  connectorTimeoutMs: number,
  conversations: ConversationRepository,
  qualifications: QualificationCatalog,
  logger: Logger,
  timeZone: string,
): BotReminderSender {
  return new BotReminderSender(
    createAdapter(auth, logger, connectorTimeoutMs),
    auth?.appId ?? '',
    conversations,
    qualifications,
    timeZone,
  );
}
