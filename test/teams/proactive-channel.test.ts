import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Notifier } from '../../src/chat/notifier';
import { messageCard } from '../../src/chat/views';
import { loadConfig } from '../../src/config';
import type { SendRateShare } from '../../src/delivery/rate-share';
import type { RetryPolicy } from '../../src/delivery/retry';
import type { Translate } from '../../src/i18n';
import { createLogger } from '../../src/logger';
import { CardRepository } from '../../src/storage/card-repository';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import type { TableStore } from '../../src/storage/table-store';
import { createAdapter } from '../../src/teams/adapter';
import { ProactiveChannel } from '../../src/teams/proactive-channel';
import { createSendRateShare } from '../../src/wiring/reminders';
import { BOT_ID, cardText, freshStore, storageConnectionString, TENANT_ID } from '../support/bot-harness';
import { FakeConnector } from '../support/connector';

let connector: FakeConnector;
let store: TableStore;
let share: SendRateShare;
let conversations: ConversationRepository;
let cards: CardRepository;
const lines: Record<string, unknown>[] = [];
const logger = createLogger(
  'warn',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  }),
);

beforeAll(async () => {
  // Answers like Teams: 429 with Retry-After once a conversation gets more than 7 a second.
  connector = await FakeConnector.throttling();
  store = await freshStore();
  conversations = new ConversationRepository(store);
  cards = new CardRepository(store);
  const config = loadConfig({ STORAGE_CONNECTION_STRING: storageConnectionString() });
  share = createSendRateShare(store, config.reminders, logger);
  await share.join();
});
afterAll(async () => {
  await share.leave();
  await connector.stop();
});

/** Someone who installed the app: their conversation reference as the bot stores it. */
async function person(locale = 'nl-NL') {
  const aadObjectId = randomUUID();
  const conversationId = `a:personal-${aadObjectId}`;
  await conversations.save(
    aadObjectId,
    {
      serviceUrl: connector.url,
      channelId: 'msteams',
      locale,
      conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT_ID },
      bot: { id: BOT_ID },
      user: { id: `29:${aadObjectId}`, aadObjectId },
    },
    new Date(),
  );
  return { aadObjectId, conversationId };
}

function channel(options: { retry?: RetryPolicy; waits?: number[] } = {}) {
  return new ProactiveChannel({
    adapter: createAdapter(undefined, logger, 10_000),
    appId: '',
    conversations,
    timeZone: 'Europe/Amsterdam',
    slots: share,
    logger,
    now: () => new Date(),
    ...(options.retry ? { retry: options.retry } : {}),
    // Backoff waits are recorded and skipped; the rate limits still wait for real.
    ...(options.waits ? { sleep: async (ms: number) => void options.waits?.push(ms) } : {}),
  });
}

const hello = (n: number) => (t: Translate) => messageCard(`${t('help_title')} ${n}`, []);

describe('the proactive channel', () => {
  it('keeps a burst of follow-ups to one person within 7 a second, also from clicks at the same time', async () => {
    const { aadObjectId, conversationId } = await person();
    const notifier = new Notifier(channel(), cards);
    const burst = (from: number) =>
      notifier.send(Array.from({ length: 6 }, (_, i) => ({ aadObjectId, card: hello(from + i) })));
    await Promise.all([burst(0), burst(6), burst(12)]);

    expect(connector.postedCards(conversationId)).toHaveLength(18);
    expect(connector.peakRates().perConversation).toBeLessThanOrEqual(7);
    expect(connector.refusals.filter((r) => r.conversationId === conversationId)).toEqual([]);
  });

  it('reads each person’s chat address once for the cards of one click', async () => {
    const people = [await person(), await person(), await person()];
    let reads = 0;
    const counted = {
      get: (id: string) => {
        reads += 1;
        return conversations.get(id);
      },
      save: conversations.save.bind(conversations),
      markInactive: conversations.markInactive.bind(conversations),
    };
    const sender = new ProactiveChannel({
      adapter: createAdapter(undefined, logger, 10_000),
      appId: '',
      conversations: counted,
      timeZone: 'Europe/Amsterdam',
      slots: share,
      logger,
      now: () => new Date(),
    });
    const notifier = new Notifier(sender, cards);
    // A decision's follow-ups: a notice and a redraw for each of three people.
    await notifier.send(people.map(({ aadObjectId }, i) => ({ aadObjectId, card: hello(i) })));
    for (const { aadObjectId } of people) await notifier.update(aadObjectId, 'activity-1', hello(9));
    expect(reads).toBe(3);
    for (const { conversationId } of people) expect(connector.postedCards(conversationId)).toHaveLength(1);
  });

  it('draws the card in the person’s language', async () => {
    const { aadObjectId, conversationId } = await person('en-US');
    await new Notifier(channel(), cards).send([{ aadObjectId, card: hello(1) }]);
    expect(cardText(connector.postedCards(conversationId)[0]?.card)).toBe('How it works 1');
  });

  it('tracks a delivered card for in-place updates, and updates it in place', async () => {
    const { aadObjectId, conversationId } = await person();
    const placementId = randomUUID();
    const notifier = new Notifier(channel(), cards);
    await notifier.send([{ aadObjectId, card: hello(1), track: { placementId, round: 1, kind: 'summary' } }]);
    const tracked = await cards.list(placementId, 1);
    expect(tracked).toEqual([
      expect.objectContaining({
        aadObjectId,
        activityId: connector.postedCards(conversationId)[0]?.activityId,
      }),
    ]);
    await notifier.update(aadObjectId, tracked[0]?.activityId ?? '', hello(2));
    const put = connector.sent(conversationId).filter((c) => c.method === 'PUT');
    expect(put.map((c) => c.activityId)).toEqual([tracked[0]?.activityId]);
  });

  it('waits what Retry-After says on 429 and backs off with jitter on passing failures', async () => {
    const { aadObjectId, conversationId } = await person();
    connector.script.set(conversationId, [{ status: 429, retryAfter: '3' }, 412, 502]);
    const waits: number[] = [];
    const delivery = await channel({ waits }).deliver(aadObjectId, { kind: 'send', card: hello(1) });
    expect(delivery.outcome).toBe('delivered');
    expect(connector.postedCards(conversationId)).toHaveLength(1);
    // 429: exactly what Teams asked; then half to all of 1 s and of 2 s.
    expect(waits[0]).toBe(3000);
    expect(waits[1]).toBeGreaterThanOrEqual(500);
    expect(waits[1]).toBeLessThanOrEqual(1000);
    expect(waits[2]).toBeGreaterThanOrEqual(1000);
    expect(waits[2]).toBeLessThanOrEqual(2000);
  });

  it('gives up after a few tries and logs it without personal data', async () => {
    const { aadObjectId, conversationId } = await person();
    connector.script.set(conversationId, [502, 503, 504, 502, 502]);
    lines.length = 0;
    const delivery = await channel({ waits: [] }).deliver(aadObjectId, {
      kind: 'send',
      card: () => messageCard('Sanne de Vries', ['sanne@example.org']),
    });
    expect(delivery).toEqual({ outcome: 'failed', status: 502 });
    expect(connector.refusals.filter((r) => r.conversationId === conversationId)).toHaveLength(4);
    expect(connector.script.get(conversationId)).toEqual([502]);
    expect(lines).toEqual([
      expect.objectContaining({ event: 'proactive_failed', status: 502, attempts: 4, conversationId }),
    ]);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('Sanne');
    expect(logged).not.toContain('sanne@example.org');
    expect((await conversations.get(aadObjectId))?.active).toBe(true);
  });

  it('makes one call to Teams per try, so the limits count every call (the reminder worker retries on its own)', async () => {
    const { aadObjectId, conversationId } = await person();
    connector.script.set(conversationId, [503]);
    await expect(channel().attempt(aadObjectId, { kind: 'send', card: hello(1) })).rejects.toMatchObject({
      name: 'SendError',
      status: 503,
    });
    expect(connector.refusals.filter((r) => r.conversationId === conversationId)).toHaveLength(1);
    expect(connector.postedCards(conversationId)).toEqual([]);
  });

  it('does not wait for a Retry-After of many minutes', async () => {
    const { aadObjectId, conversationId } = await person();
    connector.script.set(conversationId, [{ status: 429, retryAfter: '600' }]);
    const waits: number[] = [];
    const delivery = await channel({ waits }).deliver(aadObjectId, { kind: 'send', card: hello(1) });
    expect(delivery).toEqual({ outcome: 'failed', status: 429 });
    expect(waits).toEqual([]);
  });

  it('marks someone unreachable when a new card or an update bounces with 403, and stops sending to them', async () => {
    for (const kind of ['send', 'update'] as const) {
      const { aadObjectId, conversationId } = await person();
      (kind === 'send' ? connector.script : connector.updateScript).set(conversationId, [403]);
      const ch = channel();
      const message =
        kind === 'send'
          ? ({ kind, card: hello(1) } as const)
          : ({ kind, activityId: '1:42', card: hello(1) } as const);
      expect(await ch.deliver(aadObjectId, message)).toEqual({ outcome: 'unreachable', status: 403 });
      const stored = await conversations.get(aadObjectId);
      expect(stored).toMatchObject({ active: false, inactiveReason: 'http_403' });
      expect(await ch.deliver(aadObjectId, { kind: 'send', card: hello(2) })).toEqual({
        outcome: 'no_conversation',
      });
      expect(connector.refusals.filter((r) => r.conversationId === conversationId)).toHaveLength(1);
      expect(connector.sent(conversationId)).toEqual([]);
    }
  });

  it('marks someone unreachable on 404 for a new card, but not for an update of a deleted message', async () => {
    const sender = await person();
    connector.script.set(sender.conversationId, [404]);
    expect(await channel().deliver(sender.aadObjectId, { kind: 'send', card: hello(1) })).toEqual({
      outcome: 'unreachable',
      status: 404,
    });
    expect((await conversations.get(sender.aadObjectId))?.active).toBe(false);

    const updater = await person();
    connector.updateScript.set(updater.conversationId, [404]);
    expect(
      await channel().deliver(updater.aadObjectId, { kind: 'update', activityId: '1:7', card: hello(1) }),
    ).toEqual({ outcome: 'failed', status: 404 });
    expect((await conversations.get(updater.aadObjectId))?.active).toBe(true);
  });
});
