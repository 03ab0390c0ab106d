import { ConversationRepository } from '../../src/storage/conversation-repository';
import { BotHarness, cardText } from '../support/bot-harness';
import { fillPart, placementWithPeople, startCard } from '../support/check-in-flow';

let harness: BotHarness;

beforeAll(async () => {
  harness = await BotHarness.start();
});
afterAll(async () => {
  await harness.stop();
});

/** Trainer done, student about to finish: the student's last click sends the trainer a card. */
async function bothAlmostDone() {
  const people = await placementWithPeople(harness);
  const { student, trainer } = people;
  const trainerOverview = await fillPart(trainer, await startCard(trainer), {}, {});
  await trainer.click(trainerOverview, 'Afronden');
  const studentOverview = await fillPart(student, await startCard(student), {}, {});
  return { ...people, studentOverview };
}

describe('the cards a click sends to other people, as Teams answers them', () => {
  it('waits for Retry-After when Teams throttles the follow-up, then delivers it', async () => {
    const { student, trainer, people, studentOverview } = await bothAlmostDone();
    const before = trainer.cards().length;
    harness.connector.script.set(trainer.conversationId, [{ status: 429, retryAfter: '2' }]);

    const finished = await student.click(studentOverview, 'Afronden');
    expect(cardText(finished.card)).toContain('Jullie hebben allebei alles ingevuld');

    const refused = harness.connector.refusals.filter((r) => r.conversationId === trainer.conversationId);
    expect(refused.map((r) => r.status)).toEqual([429]);
    const delivered = harness.connector
      .sent(trainer.conversationId)
      .filter((call) => call.method === 'POST')
      .at(-1);
    expect(trainer.cards().length).toBe(before + 1);
    // Teams asked for two seconds; the card went out no sooner.
    expect(delivered?.at).toBeGreaterThanOrEqual((refused[0]?.at ?? Number.POSITIVE_INFINITY) + 2000);
    const conversations = new ConversationRepository(harness.store);
    expect((await conversations.get(people.trainer.aadObjectId))?.active).toBe(true);
  });

  it('retries a follow-up through passing failures (502, 503) and delivers it once', async () => {
    const { student, trainer, studentOverview } = await bothAlmostDone();
    const before = trainer.cards().length;
    harness.connector.script.set(trainer.conversationId, [502, 503]);

    await student.click(studentOverview, 'Afronden');

    expect(
      harness.connector.refusals
        .filter((r) => r.conversationId === trainer.conversationId)
        .map((r) => r.status),
    ).toEqual([502, 503]);
    expect(trainer.cards().length).toBe(before + 1);
  });
});
