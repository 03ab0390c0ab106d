/** One e-mail to one person: plain text and its HTML twin, with the links it carries. */
export interface OutgoingMail {
  /** The recipient's address (never logged). */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Where an answer to the mail goes (the school's contact), when not to the sender. */
  readonly replyTo?: string;
}

/** The address refused the mail for good (unknown mailbox, rejected recipient): retrying will not help. */
export class MailUndeliverableError extends Error {
  constructor(readonly status: string) {
    super(`mail refused for good (${status})`);
    this.name = 'MailUndeliverableError';
  }
}

/**
 * Sends e-mail for the school: through Microsoft Graph `sendMail` from a school mailbox, or SMTP.
 * Throws `MailUndeliverableError` when the recipient is refused for good; any other error is
 * passing (throttling, an outage) and the caller may try again later.
 */
export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}
