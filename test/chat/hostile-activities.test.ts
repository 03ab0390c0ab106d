import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { UserRepository } from '../../src/storage/user-repository';
import { BOT_ID, BotHarness, cardText, TENANT_ID } from '../support/bot-harness';
import { fillPart, placementWithPeople, settleInputs, startCard } from '../support/check-in-flow';

// Each case here is an activity Teams would not send, found by the hostile-input property test
// (test/fuzz); each failed before its fix.

const errorLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n'))
      if (line && (JSON.parse(line) as { level: number }).level >= 50) errorLines.push(line);
    done();
  },
});

let harness: BotHarness;
let people: Awaited<ReturnType<typeof placementWithPeople>>;

beforeAll(async () => {
  harness = await BotHarness.start({ logger: createLogger('warn', logStream) });
  people = await placementWithPeople(harness);
});
afterAll(async () => {
  await harness.stop();
});
beforeEach(() => {
  errorLines.length = 0;
});

/** A Teams-shaped activity from `aadObjectId` in their personal chat, with `changes` applied. */
function activity(aadObjectId: string, changes: Record<string, unknown>): Record<string, unknown> {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl: harness.connector.url,
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, name: 'Iemand', aadObjectId },
    conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: `a:personal-${aadObjectId}` },
    recipient: { id: BOT_ID, name: 'BPV-afspraken' },
    locale: 'nl-NL',
    channelData: { tenant: { id: TENANT_ID } },
    ...changes,
  };
}

function cardAction(verb: unknown, data: unknown = {}): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
}

function answeredCard(response: { status: number; body: unknown }): unknown {
  expect(response.status).toBe(200);
  return (response.body as { value?: unknown }).value;
}

describe('verbs and commands named like Object.prototype members', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'a card action with verb %s gets the unknown-action card, not a failure',
    async (verb) => {
      const response = await harness.post(
        activity(people.people.student.aadObjectId, cardAction(verb, { p: people.placementId })),
      );
      expect(cardText(answeredCard(response))).toContain('Dat begrijp ik niet');
      expect(errorLines).toEqual([]);
    },
  );

  it('a verb that is not a string finds no handler, even one that reads as a verb name', async () => {
    const response = await harness.post(
      activity(
        people.people.student.aadObjectId,
        cardAction(['open'], { p: people.placementId, role: 'student' }),
      ),
    );
    expect(cardText(answeredCard(response))).toContain('Dat begrijp ik niet');
  });

  // Commands are matched in lower case: these are the Object.prototype members that survive that.
  it.each(['constructor', '__proto__'])('typing %s is an unknown command', async (text) => {
    const before = harness.connector.postedCards(people.student.conversationId).length;
    await harness.post(activity(people.people.student.aadObjectId, { type: 'message', text }));
    const cards = harness.connector.postedCards(people.student.conversationId).slice(before);
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0]?.card)).toContain('Dat begrijp ik niet');
  });

  it('a message whose text is not a string is no command and no failure', async () => {
    const response = await harness.post(
      activity(people.people.student.aadObjectId, { type: 'message', text: { text: 'start' } }),
    );
    expect(response.status).toBe(200);
    expect(errorLines).toEqual([]);
  });
});

describe('malformed card-action invokes', () => {
  it.each([{}, { action: null }])(
    'a value of %j gets a 400 invoke response instead of an unanswered invoke',
    async (value) => {
      const response = await harness.post(
        activity(people.people.student.aadObjectId, { type: 'invoke', name: 'adaptiveCard/action', value }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
      expect(errorLines).toEqual([]);
    },
  );

  it('an invoke the app does not offer is not parsed by the SDK: 501 without an error', async () => {
    const response = await harness.post(
      activity(people.people.student.aadObjectId, { type: 'invoke', name: 'application/search', value: 'x' }),
    );
    expect(response.status).toBe(501);
    expect(errorLines).toEqual([]);
  });

  it('a locale that is not a string still gets a card, in Dutch', async () => {
    const response = await harness.post(
      activity(people.people.student.aadObjectId, { ...cardAction('help'), locale: 5, entities: 'x' }),
    );
    expect(cardText(answeredCard(response))).toContain('help');
    expect(errorLines).toEqual([]);
  });
});

describe('senders that are not who their chat id says', () => {
  it('a roster entry for another Entra id binds nobody: the placement keeps its person', async () => {
    const impostor = randomUUID();
    const victim = people.people.trainer;
    // The trainer's chat id, someone else's Entra id.
    const response = await harness.post(
      activity(impostor, {
        ...cardAction('start'),
        from: { id: `29:${victim.aadObjectId}`, aadObjectId: impostor },
      }),
    );
    expect(cardText(answeredCard(response))).toContain('Je staat nog niet bij een BPV');
    const placement = await new PlacementRepository(harness.store).get(people.placementId);
    expect(placement?.trainer.aadObjectId).toBe(victim.aadObjectId);
    expect(await new UserRepository(harness.store).get(impostor)).toBeUndefined();
  });

  it.each([
    ['a number', 7],
    ['with a slash', 'a/b'],
  ])(
    'an Entra id %s is no id: the sender is not registered, storage is not asked',
    async (_case, aadObjectId) => {
      const response = await harness.post(
        activity('x', { ...cardAction('start'), from: { id: '29:x', aadObjectId } }),
      );
      expect(cardText(answeredCard(response))).toContain('Je staat nog niet bij een BPV');
      expect(errorLines).toEqual([]);
    },
  );
});

describe('activities that cannot be answered', () => {
  const conversations = () => new ConversationRepository(harness.store);

  it.each([
    // Without a conversation it is no activity at all: refused at the door with 400.
    ['no conversation', { conversation: undefined }, 400],
    ['a sender name that is not text', { from: { id: '29:s', name: 5 } }, 200],
    ['a locale that is not text', { locale: 5 }, 200],
    ['no bot as recipient', { recipient: null }, 200],
  ])('a message with %s is left unanswered and keeps the stored chat', async (_case, change, status) => {
    const { aadObjectId } = people.people.student;
    const before = await conversations().get(aadObjectId);
    const broken = activity(aadObjectId, { type: 'message', text: 'start' });
    for (const [key, value] of Object.entries(change)) {
      if (key === 'from') broken.from = { ...(value as object), aadObjectId };
      else broken[key] = value;
    }
    const response = await harness.post(broken);
    expect(response.status).toBe(status);
    expect(errorLines).toEqual([]);
    expect(await conversations().get(aadObjectId)).toEqual(before);
  });
});

describe('a settle list with a tampered level', () => {
  it('a level of 100,000 characters is refused before the handler, so no 100 KB card echoes it', async () => {
    const own = await placementWithPeople(harness);
    const studentDone = await fillPart(own.student, await startCard(own.student), {}, {});
    await own.student.click(studentDone, 'Afronden');
    const trainerDone = await fillPart(own.trainer, await startCard(own.trainer), {}, {});
    const agreement = (await own.trainer.click(trainerDone, 'Afronden')).card;
    const before = await new RoundRepository(harness.store).get(own.placementId, 1);

    // click() fails on a card over 40 KB, as Teams would fail to show it.
    const refused = await own.trainer.click(
      agreement,
      'Vaststellen en naar deelnemer sturen',
      settleInputs(agreement, { 'lvl_1.1': 'G'.repeat(100_000) }),
    );
    expect(cardText(refused.card)).toContain('Dat begrijp ik niet');
    expect(await new RoundRepository(harness.store).get(own.placementId, 1)).toEqual(before);
  }, 120_000);
});
