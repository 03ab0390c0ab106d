import { BotHarness, cardText } from '../support/bot-harness';
import { placementWithPeople, startCard } from '../support/check-in-flow';
import { reminderServiceFor, uniqueQueueName } from '../support/reminder-scenario';

// Summer time starts in Amsterdam on 29 March 2026 at 01:00 UTC: 00:30 UTC is 01:30 there, 01:30 UTC
// is 03:30. New York switched on 8 March and is four hours behind UTC on both.
const ROUND_OPENED = new Date('2026-03-29T00:30:00Z');
const ANSWERED = new Date('2026-03-29T01:30:00Z');

describe.each([
  {
    zone: 'Europe/Amsterdam (the default)',
    env: {} as Record<string, string>,
    nl: { opened: '29-03-2026 01:30', answered: '29-03-2026 03:30' },
    snoozedUntil: '12/11/2026',
    en: {
      opened: /03\/29\/2026 01:30\sAM · student: round opened/,
      answered: /03\/29\/2026 03:30\sAM · student: answer saved/,
    },
  },
  {
    zone: 'America/New_York',
    env: { TIME_ZONE: 'America/New_York' },
    nl: { opened: '28-03-2026 20:30', answered: '28-03-2026 21:30' },
    snoozedUntil: '12/10/2026',
    en: {
      opened: /03\/28\/2026 08:30\sPM · student: round opened/,
      answered: /03\/28\/2026 09:30\sPM · student: answer saved/,
    },
  },
])('dates on cards with TIME_ZONE $zone', ({ env, nl, en, snoozedUntil }) => {
  let harness: BotHarness;
  let clock = ROUND_OPENED;

  beforeAll(async () => {
    harness = await BotHarness.start({ env, now: () => clock });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('are written the way each person reads them, in the school’s time zone, across a change of summer time', async () => {
    clock = ROUND_OPENED;
    // The student's Teams is in American English, the trainer's in Dutch.
    const { student, trainer } = await placementWithPeople(harness, { locale: 'en-US' });
    clock = ANSWERED;
    await student.click(await startCard(student), 'Next', { level: 'G' });

    await student.say('status');
    const studentStatus = cardText(student.lastCard());
    expect(studentStatus).toMatch(en.opened);
    expect(studentStatus).toMatch(en.answered);

    await trainer.say('status');
    const trainerStatus = cardText(trainer.lastCard());
    expect(trainerStatus).toContain(`${nl.opened} · deelnemer: ronde geopend`);
    expect(trainerStatus).toContain(`${nl.answered} · deelnemer: antwoord opgeslagen`);
    // "Sinds": the round is still open, since it was opened.
    expect(trainerStatus).toContain(`Sinds\n${nl.opened}`);
  });

  it('give the day a snooze ends on as the person writes dates, in the school’s time zone', async () => {
    // Monday 30 November 2026, 10:00 in Amsterdam: the round opens.
    clock = new Date('2026-11-30T09:00:00Z');
    const { student } = await placementWithPeople(harness, { locale: 'en-US' });
    await startCard(student);
    const thursday = new Date('2026-12-03T09:00:00Z');
    await reminderServiceFor(harness.store, { queueName: uniqueQueueName('d'), now: thursday }).runOnce(
      thursday,
    );
    expect(cardText(student.lastCard())).toContain('Reminder: your agreement list is not finished yet');

    // Snoozed at 23:30 UTC: already Friday in Amsterdam, still Thursday evening in New York.
    clock = new Date('2026-12-03T23:30:00Z');
    const snoozed = await student.click(student.lastCard(), 'Remind me in a week');
    expect(cardText(snoozed.card)).toContain(`Until ${snoozedUntil} I will not remind you about this.`);
  });
});
