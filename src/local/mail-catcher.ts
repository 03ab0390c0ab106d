import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One mail the catcher received, as its recipient's mail program would show it. */
export interface CaughtMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The links in the plain text, in order. */
  readonly links: readonly string[];
  readonly raw: Buffer;
}

/**
 * An SMTP server on loopback that keeps every mail instead of delivering it: local mode shows the
 * mails to trainers in the terminal, and tests read them. It answers like a real server: addresses
 * listed as refused get `550 5.1.1` at RCPT TO, and every mail is accepted only whole.
 */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  private readonly waiting: { test: (mail: CaughtMail) => boolean; resolve: (mail: CaughtMail) => void }[] =
    [];
  private readonly refused = new Set<string>();
  private listeners: ((mail: CaughtMail) => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(options: { port?: number } = {}): Promise<MailCatcher> {
    let catcher: MailCatcher | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      banner: 'BPV mail catcher',
      size: 10 * 1024 * 1024,
      onRcptTo(address, _session, callback) {
        if (catcher?.refused.has(address.address.toLowerCase())) {
          const error = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address);
          simpleParser(raw).then(
            (parsed) => {
              catcher?.receive({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to,
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                links: [...(parsed.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => m[0]),
                raw,
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
    catcher = new MailCatcher(server, address.port);
    return catcher;
  }

  /** `smtp://127.0.0.1:<port>`, for `SMTP_URL`. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Makes the server refuse mail to `address` for good, as for an unknown mailbox. */
  refuse(address: string): void {
    this.refused.add(address.toLowerCase());
  }

  /** Calls `listener` for every mail from now on. */
  onMail(listener: (mail: CaughtMail) => void): void {
    this.listeners.push(listener);
  }

  /** The first mail, caught already or still to come, that passes `test`. */
  next(test: (mail: CaughtMail) => boolean = () => true, after = 0): Promise<CaughtMail> {
    const found = this.mails.slice(after).find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiting.push({ test, resolve }));
  }

  private receive(mail: CaughtMail): void {
    this.mails.push(mail);
    for (const listener of this.listeners) listener(mail);
    for (const waiter of [...this.waiting]) {
      if (waiter.test(mail)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve(mail);
      }
    }
  }

  async stop(): Promise<void> {
    this.listeners = [];
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
