import { ConversationRepository } from '../../src/storage/conversation-repository';
import { BotHarness, cardText } from '../support/bot-harness';
import { fillPart, placementWithPeople, startCard, submitRound } from '../support/check-in-flow';
import { reminderServiceFor, uniqueQueueName } from '../support/reminder-scenario';

// Monday 30 November 2026, 10:00 in Amsterdam.
let clock = new Date('2026-11-30T09:00:00.000Z');
const days = (n: number) => new Date(clock.getTime() + n * 24 * 60 * 60 * 1000);
let harness: BotHarness;

beforeAll(async () => {
  harness = await BotHarness.start({ now: () => clock });
});
afterAll(async () => {
  await harness.stop();
});

async function sweep(at: Date) {
  const service = reminderServiceFor(harness.store, {
    queueName: uniqueQueueName('b'),
    now: at,
  });
  await service.runOnce(at);
}

describe('reminders in the chat', () => {
  it('reminds an unfinished part, continues exactly where it was left, and can be snoozed for a week', async () => {
    clock = new Date('2026-11-30T09:00:00.000Z');
    const { student, trainer } = await placementWithPeople(harness);
    let card = await startCard(student);
    for (const level of ['G', 'Bk', 'Bg']) card = (await student.click(card, 'Volgende', { level })).card;
    await startCard(trainer);

    const thursday = days(3);
    await sweep(thursday);
    clock = thursday;
    const reminder = student.lastCard();
    expect(cardText(reminder)).toContain('Herinnering: je afsprakenlijst is nog niet af');
    expect(cardText(reminder)).toContain('je hebt 3 van de 17 werkprocessen ingevuld');
    expect(cardText(trainer.lastCard())).toContain('je hebt 0 van de 17 werkprocessen ingevuld');

    const resumed = await student.click(reminder, 'Verder waar ik was');
    expect(cardText(resumed.card)).toContain('1.4 Maakt een plan van aanpak');

    const snoozed = await trainer.click(trainer.lastCard(), 'Herinner me over een week');
    expect(cardText(snoozed.card)).toMatch(/Tot \d{2}-\d{2}-\d{4} stuur ik je hierover geen herinneringen/);

    // The next repeat (7 days) reaches the student, not the trainer who snoozed.
    const studentBefore = student.cards().length;
    const trainerBefore = trainer.cards().length;
    await sweep(days(4));
    expect(student.cards().length).toBe(studentBefore + 1);
    expect(trainer.cards().length).toBe(trainerBefore);
  });

  it('sends a supervisor one digest of the pending approvals, with a button to each', async () => {
    clock = new Date('2026-11-30T09:00:00.000Z');
    const first = await placementWithPeople(harness);
    await submitRound(first);
    const before = first.supervisor.cards().length;
    await sweep(days(3));
    expect(first.supervisor.cards().length).toBe(before + 1);
    const digest = first.supervisor.lastCard();
    expect(cardText(digest)).toContain('1 afsprakenlijst wacht op je goedkeuring');
    const review = await first.supervisor.click(digest, `Beoordelen: ${first.people.student.name}`);
    expect(cardText(review.card)).toContain('Goedkeuren');
  });

  it('shows the supervisor who cannot be reached', async () => {
    const { trainer, supervisor, people } = await placementWithPeople(harness);
    await trainer.uninstall();
    await supervisor.say('status');
    const text = cardText(supervisor.lastCard());
    expect(text).toContain('Niet bereikbaar voor herinneringen');
    expect(text).toContain(`${people.trainer.name} (praktijkopleider)`);
    expect(text).not.toContain(`${people.student.name} (deelnemer)`);
  });

  it('marks someone who blocked the bot unreachable when a proactive card bounces with 403', async () => {
    const { student, trainer, people } = await placementWithPeople(harness);
    const trainerOverview = await fillPart(trainer, await startCard(trainer), {}, {});
    await trainer.click(trainerOverview, 'Afronden');
    harness.connector.script.set(trainer.conversationId, [403]);
    const studentOverview = await fillPart(student, await startCard(student), {}, {});
    const finished = await student.click(studentOverview, 'Afronden');
    expect(cardText(finished.card)).toContain('Jullie hebben allebei alles ingevuld');
    const conversations = new ConversationRepository(harness.store);
    expect((await conversations.get(people.trainer.aadObjectId))?.active).toBe(false);
  });
});
