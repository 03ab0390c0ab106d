import nodemailer, { type Transporter } from 'nodemailer';
import { type MailSender, MailUndeliverableError, type OutgoingMail } from '../services/mail-ports';

/** What an SMTP failure carries: the server's reply code, and nodemailer's error code. */
interface SmtpFailure {
  readonly responseCode?: number;
  readonly code?: string;
}

/**
 * Sends mail through an SMTP server (`SMTP_URL`, e.g. `smtps://user:password@smtp.school.nl:465`
 * or `smtp://relay.school.nl:587`, STARTTLS when the server offers it). A 5xx reply to the
 * recipient (unknown mailbox, relay refused) is {@link MailUndeliverableError}; 4xx replies and
 * connection failures stay passing errors, to be tried again.
 */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      });
    } catch (error) {
      const failure = error as SmtpFailure;
      const code = failure.responseCode;
      if (typeof code === 'number' && code >= 500 && code < 600) {
        throw new MailUndeliverableError(`smtp ${code}`);
      }
      throw error;
    }
  }

  /** Closes pooled connections (none unless the URL asks for a pool). */
  close(): void {
    this.transport.close();
  }
}
