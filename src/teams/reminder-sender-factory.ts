import type { BotAuthConfig } from '../config';
import type { Logger } from '../logger';
import type { ConversationStore } from '../services/conversations';
import type { QualificationCatalog } from '../services/qualification-catalog';
import { createAdapter } from './adapter';
import { ProactiveChannel, type SendSlots } from './proactive-channel';
import { BotReminderSender } from './reminder-sender';

/** A reminder sender of its own, for processes without the bot's HTTP server (the reminders command). */
export function createReminderSender(
  auth: BotAuthConfig | undefined,
  connectorTimeoutMs: number,
  conversations: ConversationStore,
  qualifications: QualificationCatalog,
  logger: Logger,
  timeZone: string,
  slots: SendSlots,
  ladder: ConstructorParameters<typeof BotReminderSender>[2] = {},
): BotReminderSender {
  const channel = new ProactiveChannel({
    adapter: createAdapter(auth, logger, connectorTimeoutMs),
    appId: auth?.appId ?? '',
    conversations,
    timeZone,
    slots,
    logger,
    now: () => new Date(),
  });
  return new BotReminderSender(channel, qualifications, ladder);
}
