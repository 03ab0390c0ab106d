import { type Config, ConfigError } from '../config';
import type { MailSender } from '../services/mail-ports';
import { createGraphMailSender } from './graph-mail-sender';
import { SmtpMailSender } from './smtp-mail-sender';

/**
 * The mail transport `MAIL_TRANSPORT` names: undefined when off, SMTP through `SMTP_URL`, or
 * Microsoft Graph `sendMail` from the school's mailbox.
 */
export function createMailSender(config: Pick<Config, 'mail' | 'graph'>): MailSender | undefined {
  const { mail } = config;
  switch (mail.transport) {
    case 'off':
      return undefined;
    case 'local':
      // Local mode starts its mail catcher and passes it on as smtp; nothing else has one.
      return undefined;
    case 'smtp':
      return new SmtpMailSender(mail.smtpUrl, mail.from);
    case 'graph': {
      const sender = createGraphMailSender(config.graph);
      if (!sender) {
        throw new ConfigError(
          'MAIL_TRANSPORT',
          'graph signs in as the bot: set MicrosoftAppId with its secret (or UserAssignedMSI) and MicrosoftAppTenantId',
        );
      }
      return sender;
    }
  }
}
