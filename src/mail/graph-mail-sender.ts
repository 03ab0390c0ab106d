import type { GraphConfig } from '../config';
import type { GraphClient } from '../graph/graph-client';
import { createGraphClient, type GraphAccess } from '../graph/graph-connection';
import { type MailSender, MailUndeliverableError, type OutgoingMail } from '../services/mail-ports';

/** A mail Graph did not take, for a reason that may pass (throttling past the retries, an outage, a permission). */
export class GraphMailError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`Graph sendMail answered ${status}${code ? ` ${code}` : ''}`);
    this.name = 'GraphMailError';
  }
}

/** Graph's codes for a sending mailbox that does not exist or has no Exchange Online mailbox: a setting to fix, not the recipient. */
const MAILBOX_CODES = [
  'ErrorInvalidUser',
  'MailboxNotEnabledForRESTAPI',
  'Request_ResourceNotFound',
  'ResourceNotFound',
];

/**
 * Sends mail from the school mailbox (`MAIL_FROM`) through Microsoft Graph `sendMail`
 * (application permission `Mail.Send`; an Exchange application access policy can hold it to that
 * one mailbox). 429 and 503 wait for Retry-After and other 5xx back off (the Graph client's
 * retries). A 400 or 404 about the message is the recipient refused for good:
 * {@link MailUndeliverableError}. Anything else (401, 403: the app's permission; a 404 naming the
 * sending mailbox; throttling past the retries) is a passing {@link GraphMailError}.
 */
export class GraphMailSender implements MailSender {
  constructor(
    private readonly graph: GraphClient,
    private readonly mailbox: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const answer = await this.graph.post(`/users/${encodeURIComponent(this.mailbox)}/sendMail`, {
      message: {
        subject: mail.subject,
        body: { contentType: 'HTML', content: mail.html },
        toRecipients: [{ emailAddress: { address: mail.to } }],
      },
      // The school's own copy is not needed: the bot keeps what it sent and when.
      saveToSentItems: false,
    });
    if (answer.status < 300) return;
    const mailboxProblem = MAILBOX_CODES.includes(answer.code ?? '');
    if ((answer.status === 400 || answer.status === 404) && !mailboxProblem) {
      throw new MailUndeliverableError([answer.status, answer.code].filter(Boolean).join(' '));
    }
    throw new GraphMailError(answer.status, answer.code);
  }
}

/** Mail from `MAIL_FROM` through Graph; undefined when the mailbox or an identity to sign in with is missing. */
export function createGraphMailSender(
  config: GraphConfig,
  access?: GraphAccess,
): GraphMailSender | undefined {
  if (!config.mailFrom) return undefined;
  const graph = createGraphClient(config, access);
  return graph ? new GraphMailSender(graph, config.mailFrom) : undefined;
}
