import { openRound } from '../../src/domain/check-in';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText } from '../support/bot-harness';
import { placementWithPeople } from '../support/check-in-flow';
import { reminderServiceFor, uniqueQueueName } from '../support/reminder-scenario';

// Monday 2 November 2026, 10:00 in Amsterdam.
const MONDAY = new Date('2026-11-02T09:00:00.000Z');
let clock = MONDAY;
let harness: BotHarness;
let sequence = 0;

beforeAll(async () => {
  harness = await BotHarness.start({ now: () => clock });
});
afterAll(async () => {
  await harness.stop();
});

async function sweep(at: string) {
  const now = new Date(at);
  const service = reminderServiceFor(harness.store, { queueName: uniqueQueueName('r'), now });
  await service.runOnce(now);
  return service;
}

/** Opens round 1 of a placement at MONDAY, nobody's part done. */
async function openFirstRound(placementId: string) {
  await new RoundRepository(harness.store).create(
    openRound({ placementId, number: 1, kind: 'start', qualificationId: 'ict-beheerder', now: MONDAY }),
    [],
  );
}

function coordinatorFor(email: string) {
  sequence += 1;
  return harness.user({
    aadObjectId: `c0c0c0c0-0000-4000-8a00-${String(Date.now() % 1e9).padStart(9, '0')}${String(sequence).padStart(3, '0')}`,
    name: `Kees ${sequence}`,
    email,
  });
}

describe('the ladder tells what happened, to whom', () => {
  it('tells the supervisor and the coordinator that student and trainer never installed the app, instead of claiming they were reminded', async () => {
    clock = MONDAY;
    const { placementId, supervisor, people } = await placementWithPeople(harness, { install: false });
    const coordinatorEmail = `kees.${placementId.slice(0, 8)}@example.org`;
    const repo = new PlacementRepository(harness.store);
    const stored = await repo.get(placementId);
    if (!stored) throw new Error('no placement');
    const { id: _, ...input } = stored;
    await repo.importPlacement({ ...input, coordinatorEmail });
    const coordinator = coordinatorFor(coordinatorEmail);
    await supervisor.install();
    await coordinator.install();
    await openFirstRound(placementId);

    // Thursday 12 November: eight working days, the supervisor's rung.
    const before = supervisor.cards().length;
    await sweep('2026-11-12T09:00:00Z');
    expect(supervisor.cards().length).toBe(before + 1);
    const card = cardText(supervisor.lastCard());
    expect(card).toContain('2 rondes staan stil');
    expect(card).toContain(
      `${people.student.name} is niet bereikbaar: heeft de app nooit geïnstalleerd, dus kreeg niets van de bot.`,
    );
    expect(card).toContain(
      `${people.trainer.name} is niet bereikbaar: heeft de app nooit geïnstalleerd, dus kreeg niets van de bot.`,
    );
    expect(card).not.toContain('hebben niet geholpen');
    expect(card).not.toContain('is gevraagd');
    expect(card).not.toContain('herinnering.');

    // The coordinator's overview says who cannot be reached, not "andere partij gevraagd".
    clock = new Date('2026-11-18T09:00:00Z');
    await coordinator.say('overzicht');
    const overview = cardText(coordinator.lastCard());
    expect(overview).toContain('deelnemer niet bereikbaar: app nooit geïnstalleerd');
    expect(overview).toContain('praktijkopleider niet bereikbaar: app nooit geïnstalleerd');
    expect(overview).not.toContain('gevraagd');

    // Wednesday 18 November: twelve working days, the coordinator's card says the same.
    const coordinatorBefore = coordinator.cards().length;
    await sweep('2026-11-18T09:00:00Z');
    expect(coordinator.cards().length).toBe(coordinatorBefore + 1);
    const forCoordinator = cardText(coordinator.lastCard());
    expect(forCoordinator).toContain('Vastgelopen bij BPV: 2 rondes');
    expect(forCoordinator).toContain(
      `${people.student.name} is niet bereikbaar: heeft de app nooit geïnstalleerd`,
    );
  });

  it('tells the supervisor how often the student was reminded and that the trainer was asked to give a nudge', async () => {
    clock = MONDAY;
    const { placementId, supervisor, people } = await placementWithPeople(harness);
    const rounds = new RoundRepository(harness.store);
    const stored = await rounds.get(placementId, 1);
    if (!stored) throw new Error('no round');
    await rounds.save(
      {
        ...stored.round,
        parts: {
          ...stored.round.parts,
          trainer: { ...stored.round.parts.trainer, cursor: 21, doneAt: MONDAY.toISOString() },
        },
      },
      stored.etag,
      [],
    );
    // Thursday 5 November: the first reminder (3 days); Monday 9: the trainer is asked; Thursday 12: the supervisor.
    await sweep('2026-11-05T09:00:00Z');
    await sweep('2026-11-09T09:00:00Z');
    await sweep('2026-11-12T09:00:00Z');
    const card = cardText(supervisor.lastCard());
    expect(card).toContain('Een ronde staat stil');
    expect(card).toMatch(new RegExp(`${people.student.name} kreeg (een herinnering|\\d herinneringen)\\.`));
    expect(card).toContain(`${people.trainer.name} is gevraagd ${people.student.name} te herinneren.`);
  });
});

describe('a person the bot knows', () => {
  it('is reachable for a newly imported placement without writing to the bot again', async () => {
    clock = MONDAY;
    const first = await placementWithPeople(harness);
    const repo = new PlacementRepository(harness.store);
    // A second placement for the same supervisor, imported after she started using the bot.
    const { id: secondId } = await repo.importPlacement({
      student: { email: `daan.${first.placementId.slice(0, 8)}@example.org`, name: 'Daan Nieuw' },
      trainer: { email: first.people.trainer.email, name: first.people.trainer.name },
      supervisor: { email: first.people.supervisor.email, name: first.people.supervisor.name },
      company: 'Tweede Bedrijf',
      qualificationId: 'ict-beheerder',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
    });
    await openFirstRound(secondId);

    const service = reminderServiceFor(harness.store, {
      queueName: uniqueQueueName('k'),
      now: new Date('2026-11-12T09:00:00Z'),
    });
    const plan = await service.sweep.plan(new Date('2026-11-12T09:00:00Z'));
    expect(plan.unreachable.filter((u) => u.placement.id === secondId).map((u) => u.role)).toEqual([
      'student',
    ]);
    expect(plan.reminders.some((r) => r.placementId === secondId && r.rung === 'supervisor')).toBe(true);

    const before = first.supervisor.cards().length;
    await service.runOnce(new Date('2026-11-12T09:00:00Z'));
    const cards = first.supervisor.cards().slice(before).map(cardText);
    expect(cards.some((c) => c.includes('Daan Nieuw') && c.includes('Tweede Bedrijf'))).toBe(true);
    // Bound for good, so notices reach her too.
    expect((await repo.get(secondId))?.supervisor.aadObjectId).toBe(first.people.supervisor.aadObjectId);
    expect((await repo.get(secondId))?.trainer.aadObjectId).toBe(first.people.trainer.aadObjectId);
  });
});

describe('the ladder over the Christmas holiday', () => {
  it('reaches the supervisor before the holiday, nobody at school during it, and the coordinator on the 12th school day', async () => {
    // Monday 7 December 2026, 10:00: the trainer is done at once, the student's part stays open.
    const opened = new Date('2026-12-07T09:00:00.000Z');
    clock = opened;
    const { placementId, supervisor, trainer, people } = await placementWithPeople(harness);
    const coordinatorEmail = `kerst.${placementId.slice(0, 8)}@example.org`;
    const repo = new PlacementRepository(harness.store);
    const stored = await repo.get(placementId);
    if (!stored) throw new Error('no placement');
    const { id: _, ...input } = stored;
    await repo.importPlacement({ ...input, coordinatorEmail });
    const coordinator = coordinatorFor(coordinatorEmail);
    await coordinator.install();
    const rounds = new RoundRepository(harness.store);
    const round = await rounds.get(placementId, 1);
    if (!round) throw new Error('no round');
    await rounds.save(
      {
        ...round.round,
        parts: {
          ...round.round.parts,
          trainer: { ...round.round.parts.trainer, cursor: 21, doneAt: opened.toISOString() },
        },
      },
      round.etag,
      [],
    );
    const env = { SCHOOL_HOLIDAYS: '2026-12-19/2027-01-03' };
    const at = async (iso: string) => {
      const now = new Date(iso);
      clock = now;
      await reminderServiceFor(harness.store, { queueName: uniqueQueueName('x'), now, env }).runOnce(now);
    };
    const stalled = () => supervisor.cards().filter((c) => cardText(c).includes('staat stil')).length;
    const escalated = () =>
      coordinator.cards().filter((c) => cardText(c).includes('Vastgelopen bij BPV')).length;
    const digests = () => coordinator.cards().filter((c) => cardText(c).includes('Weekoverzicht BPV')).length;

    // Monday 14 December: five working days, the trainer is asked to nudge the student.
    await at('2026-12-14T09:00:00Z');
    expect(cardText(trainer.lastCard())).toContain('Even een duwtje nodig?');
    // Thursday 17 December: eight school working days, the supervisor.
    await at('2026-12-17T09:00:00Z');
    expect(stalled()).toBe(1);
    expect(cardText(supervisor.lastCard())).toContain('staat al 8 werkdagen stil bij de deelnemer');
    expect(cardText(supervisor.lastCard())).toContain(
      `${people.trainer.name} is gevraagd ${people.student.name} te herinneren.`,
    );

    // Monday 28 December, in the holiday: 15 weekdays, but nothing reaches school staff, not even the digest.
    const digestsBefore = digests();
    await at('2026-12-28T09:00:00Z');
    expect([stalled(), escalated(), digests()]).toEqual([1, 0, digestsBefore]);
    // Monday 4 January: 10 school working days, not yet the coordinator's 12 (the weekly digest comes).
    await at('2027-01-04T09:00:00Z');
    expect(escalated()).toBe(0);
    expect(digests()).toBe(digestsBefore + 1);
    // Wednesday 6 January: 12, the coordinator.
    await at('2027-01-06T09:00:00Z');
    expect(escalated()).toBe(1);
    const forCoordinator = cardText(coordinator.lastCard());
    expect(forCoordinator).toContain('Vastgelopen bij BPV: een ronde');
    expect(forCoordinator).toContain('eigen deel nog niet afgerond bij de deelnemer, 12 werkdagen open.');
  });
});
