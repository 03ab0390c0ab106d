import { RoundRepository } from '../../src/storage/round-repository';
import { actionTitles, BotHarness, cardText } from '../support/bot-harness';
import { openList, placementWithPeople, stepOf, submitRound } from '../support/check-in-flow';

let clock = new Date('2026-11-16T10:00:00.000Z');
let harness: BotHarness;
let rounds: RoundRepository;

beforeAll(async () => {
  harness = await BotHarness.start({ now: () => clock });
  rounds = new RoundRepository(harness.store);
});
afterAll(async () => {
  await harness.stop();
});

/** A September–June placement whose first check-in the supervisor approved in November. */
async function approvedInNovember() {
  clock = new Date('2026-11-16T10:00:00.000Z');
  const people = await placementWithPeople(harness);
  await submitRound(people);
  await people.supervisor.click(await openList(people.supervisor), 'Goedkeuren');
  return people;
}

const EARLY_BUTTON = 'Volgende ronde nu starten';

describe('start after an approval', () => {
  it('in November shows the agreed list and when the next check-in opens, and opens nothing', async () => {
    const { placementId, student, trainer, people } = await approvedInNovember();
    clock = new Date('2026-11-23T10:00:00.000Z');

    await student.say('start');
    const studentCard = student.lastCard();
    expect(cardText(studentCard)).toContain('De volgende ronde (tussentijds) opent op 30-01-2027.');
    expect(cardText(studentCard)).toContain(
      'Dit is de afgesproken lijst van deze ronde, goedgekeurd door de begeleider ROC.',
    );
    expect(actionTitles(studentCard)).not.toContain(EARLY_BUTTON);

    await trainer.say('start');
    const trainerCard = trainer.lastCard();
    expect(cardText(trainerCard)).toContain('De volgende ronde (tussentijds) opent op 30-01-2027.');
    expect(actionTitles(trainerCard)).toContain(EARLY_BUTTON);

    // Only the trainer may start it early: the student sending the trainer's button opens nothing.
    const byStudent = await student.execute('opennextround', { p: placementId, r: 1 });
    expect(cardText(byStudent.card)).toContain('Deze kaart is niet voor jou');

    // In English for an English Teams.
    const english = harness.user({ ...people.student, locale: 'en-US' });
    await english.say('start');
    // The date follows the person's own locale: month first in en-US.
    expect(cardText(english.lastCard())).toContain('The next check-in (mid-term) opens on 01/30/2027.');
    const british = harness.user({ ...people.student, locale: 'en-GB' });
    await british.say('start');
    expect(cardText(british.lastCard())).toContain('The next check-in (mid-term) opens on 30/01/2027.');

    expect((await rounds.list(placementId)).map((r) => r.round.number)).toEqual([1]);
    expect((await rounds.audit(placementId)).filter((e) => e.event === 'round_opened')).toHaveLength(1);
  });

  it('lets the trainer open the next check-in early; the student is told and can start it', async () => {
    const { placementId, student, trainer, people } = await approvedInNovember();
    await trainer.say('start');
    const trainerCard = trainer.lastCard();
    const studentCards = student.cards().length;

    const opened = await trainer.click(trainerCard, EARLY_BUTTON);
    expect(cardText(opened.card)).toContain('De volgende ronde (tussentijds) is nu geopend.');
    expect(cardText(opened.card)).toContain('Tussentijds gesprek');
    expect(stepOf(opened.card)).toBe(0);

    expect(student.cards()).toHaveLength(studentCards + 1);
    const notice = student.lastCard();
    expect(cardText(notice)).toContain('De volgende ronde (tussentijds) is geopend');
    expect(cardText(notice)).toContain(`${people.trainer.name} heeft de volgende ronde`);
    const first = await student.click(notice, 'Start');
    expect(cardText(first.card)).toContain('Tussentijds gesprek');
    expect(stepOf(first.card)).toBe(0);

    expect((await rounds.list(placementId)).map((r) => [r.round.number, r.round.state])).toEqual([
      [1, 'approved'],
      [2, 'open'],
    ]);
    const early = (await rounds.audit(placementId)).filter((e) => e.event === 'round_opened_early');
    expect(early).toEqual([
      expect.objectContaining({ round: 2, actorRole: 'trainer', actorId: people.trainer.aadObjectId }),
    ]);

    // The button once more, from the old card: nothing more opens, and the trainer sees why.
    const again = await trainer.click(trainerCard, EARLY_BUTTON);
    expect(cardText(again.card)).toContain('De volgende ronde was al geopend.');
    expect(await rounds.list(placementId)).toHaveLength(2);
    expect(student.cards()).toHaveLength(studentCards + 1);
  });

  it('opens the next check-in on its due date, once, and tells the other part', async () => {
    const { placementId, student, trainer, people } = await approvedInNovember();
    // Saturday 30 January 2027, 00:30 in Amsterdam (still the 29th in UTC).
    clock = new Date('2027-01-29T23:30:00.000Z');
    const trainerCards = trainer.cards().length;

    await student.say('start');
    const card = student.lastCard();
    expect(cardText(card)).toContain('Tussentijds gesprek');
    expect(stepOf(card)).toBe(0);

    expect(trainer.cards()).toHaveLength(trainerCards + 1);
    expect(cardText(trainer.lastCard())).toContain('De volgende ronde (tussentijds) is geopend');
    expect(cardText(trainer.lastCard())).toContain(`${people.student.name} heeft de volgende ronde`);

    // The trainer's own start finds the same round; nobody is told twice.
    const studentCards = student.cards().length;
    await trainer.say('start');
    expect(cardText(trainer.lastCard())).toContain('Tussentijds gesprek');
    expect(student.cards()).toHaveLength(studentCards);

    expect((await rounds.list(placementId)).map((r) => r.round.number)).toEqual([1, 2]);
    const openings = (await rounds.audit(placementId)).filter(
      (e) => e.event === 'round_opened' && e.round === 2,
    );
    expect(openings).toEqual([expect.objectContaining({ actorRole: 'student' })]);
  });
});
