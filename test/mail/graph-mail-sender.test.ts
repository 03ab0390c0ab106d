import { loadConfig } from '../../src/config';
import { createGraphMailSender, GraphMailError } from '../../src/mail/graph-mail-sender';
import { MailUndeliverableError, type OutgoingMail } from '../../src/services/mail-ports';
import { GraphAnswers, GraphStandIn } from '../support/graph-stand-in';

const MAILBOX = 'bpv@roc.example.org';

let graph: GraphStandIn;

beforeEach(async () => {
  graph = new GraphStandIn();
  await graph.start();
});
afterEach(() => graph.stop());

function sender(mailFrom = MAILBOX) {
  const config = loadConfig({
    STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    GRAPH_BASE_URL: graph.baseUrl,
    MAIL_FROM: mailFrom,
  });
  const mail = createGraphMailSender(config.graph, graph.access());
  if (!mail) throw new Error('no mail sender');
  return mail;
}

const mail = (to: string): OutgoingMail => ({
  to,
  subject: 'Afspraken voor Sanne: jouw beurt',
  text: 'Open de lijst: https://bot.example.org/t/abc',
  html: '<p>Open de <a href="https://bot.example.org/t/abc">lijst</a></p>',
});

describe('GraphMailSender', () => {
  it('sends one message from the school mailbox to the recipient, as Graph expects it', async () => {
    await sender().send(mail('pieter@bedrijf.example.org'));
    expect(graph.mail).toEqual([
      {
        from: MAILBOX,
        body: {
          message: {
            subject: 'Afspraken voor Sanne: jouw beurt',
            body: {
              contentType: 'HTML',
              content: '<p>Open de <a href="https://bot.example.org/t/abc">lijst</a></p>',
            },
            toRecipients: [{ emailAddress: { address: 'pieter@bedrijf.example.org' } }],
          },
          saveToSentItems: false,
        },
      },
    ]);
    expect(graph.tokenRequests.map((r) => r.scope)).toEqual(['https://graph.microsoft.com/.default']);
  });

  it('waits out 429 and 503 with Retry-After and then delivers, once', async () => {
    graph.script('pieter@bedrijf.example.org', GraphAnswers.throttled(1), GraphAnswers.unavailable(0));
    await sender().send(mail('pieter@bedrijf.example.org'));
    expect(graph.requestsFor('pieter@bedrijf.example.org').map((e) => [e.status, e.early])).toEqual([
      [429, false],
      [503, false],
      [202, false],
    ]);
    expect(graph.mail).toHaveLength(1);
  });

  it('turns a recipient Graph refuses (400, 404) into MailUndeliverableError, sending nothing', async () => {
    graph.script('weg@bedrijf.example.org', {
      status: 404,
      code: 'ErrorItemNotFound',
      message: 'Not found.',
    });
    graph.script('fout@bedrijf.example.org', GraphAnswers.invalidRecipient);
    await expect(sender().send(mail('weg@bedrijf.example.org'))).rejects.toEqual(
      new MailUndeliverableError('404 ErrorItemNotFound'),
    );
    await expect(sender().send(mail('fout@bedrijf.example.org'))).rejects.toBeInstanceOf(
      MailUndeliverableError,
    );
    expect(graph.mail).toEqual([]);
  });

  it("keeps a wrong school mailbox or a missing permission a passing error, not the recipient's fault", async () => {
    graph.script('pieter@bedrijf.example.org', GraphAnswers.mailboxNotFound, {
      status: 403,
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
    });
    await expect(sender().send(mail('pieter@bedrijf.example.org'))).rejects.toBeInstanceOf(GraphMailError);
    await expect(sender().send(mail('pieter@bedrijf.example.org'))).rejects.toBeInstanceOf(GraphMailError);
  });

  it('is not made without MAIL_FROM', () => {
    const config = loadConfig({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' });
    expect(createGraphMailSender(config.graph, graph.access())).toBeUndefined();
  });
});
