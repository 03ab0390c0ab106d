import { ConfigError } from '../config';
import type { MailSender } from '../services/mail-ports';
import type { MailConfig } from './mail-settings';
import { SmtpMailSender } from './smtp-mail-sender';

/**
 * The mail transport `MAIL_TRANSPORT` names: undefined when off, SMTP through `SMTP_URL`, or
 * Microsoft Graph `sendMail` from the school's mailbox.
 */
export function createMailSender(config: MailConfig): MailSender | undefined {
  switch (config.transport) {
    case 'off':
      return undefined;
    case 'local':
      // Local mode starts its mail catcher and passes it on as smtp; nothing else has one.
      return undefined;
    case 'smtp':
      return new SmtpMailSender(config.smtpUrl, config.from);
    case 'graph':
      // The Graph transport (src/mail/graph-mail-sender.ts) implements the same MailSender port
      // and is wired in here once it is part of this build.
      throw new ConfigError('MAIL_TRANSPORT', 'graph is not available in this build yet; use smtp or off');
  }
}
