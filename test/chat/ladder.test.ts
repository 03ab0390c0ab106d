import { type CheckInRound, openRound } from '../../src/domain/check-in';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText, type TeamsUser } from '../support/bot-harness';
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
  await reminderServiceFor(harness.store, { queueName: uniqueQueueName('l'), now }).runOnce(now);
}

/**
 * A placement whose trainer finished on Monday 2 November while the student's part stays open,
 * with a coordinator of its own who has installed the app (in `coordinatorLocale`).
 */
async function stalledPlacement(coordinatorLocale = 'nl-NL', secretText = '') {
  clock = MONDAY;
  sequence += 1;
  const people = await placementWithPeople(harness);
  const coordinatorPerson = {
    aadObjectId: `c0c0c0c0-0000-4000-8900-${String(Date.now() % 1e9).padStart(9, '0')}${String(sequence).padStart(3, '0')}`,
    name: `Kees ${sequence}`,
    email: `kees.${sequence}.${Date.now().toString(36)}@example.org`,
    locale: coordinatorLocale,
  };
  const repo = new PlacementRepository(harness.store);
  const placement = await repo.get(people.placementId);
  if (!placement) throw new Error('no placement');
  const { id: _, ...input } = placement;
  await repo.importPlacement({ ...input, coordinatorEmail: coordinatorPerson.email });
  // Installing opened the first check-in (at MONDAY); the trainer finishes it at once.
  const rounds = new RoundRepository(harness.store);
  const stored =
    (await rounds.get(people.placementId, 1)) ??
    (await rounds
      .create(
        openRound({
          placementId: people.placementId,
          number: 1,
          kind: 'start',
          qualificationId: 'ict-beheerder',
          now: MONDAY,
        }),
        [],
      )
      .then(() => rounds.get(people.placementId, 1)));
  if (!stored) throw new Error('no round');
  const round: CheckInRound = {
    ...stored.round,
    parts: {
      student: { ...stored.round.parts.student, texts: secretText ? { '1': secretText } : {} },
      trainer: { ...stored.round.parts.trainer, cursor: 21, doneAt: MONDAY.toISOString() },
    },
  };
  await rounds.save(round, stored.etag, []);
  const coordinator = harness.user(coordinatorPerson);
  return { ...people, coordinator, coordinatorPerson };
}

const count = (user: TeamsUser) => user.cards().length;

describe('the escalation ladder in the chat', () => {
  it('greets a coordinator as coordinator and keeps their chat for proactive messages', async () => {
    const { coordinator, coordinatorPerson } = await stalledPlacement();
    await coordinator.install();
    const greeting = cardText(coordinator.lastCard());
    expect(greeting).toContain('Welkom, BPV-coördinator');
    expect(greeting).toContain('Je bent BPV-coördinator van 1 plaatsing');
    const stored = await new ConversationRepository(harness.store).get(coordinatorPerson.aadObjectId);
    expect(stored?.active).toBe(true);
  });

  it('tells the other party, then the supervisor, then the coordinator, each in words for their role and once', async () => {
    const { trainer, supervisor, coordinator, people } = await stalledPlacement('en-GB');
    await coordinator.install();
    const student = people.student.name;

    // Monday 9 November: five working days.
    let before = count(trainer);
    await sweep('2026-11-09T09:00:00Z');
    expect(count(trainer)).toBe(before + 1);
    const nudge = cardText(trainer.lastCard());
    expect(nudge).toContain('Even een duwtje nodig?');
    expect(nudge).toContain(
      `${student} heeft het eigen deel van de ronde bij ${`Bedrijf ${student.split(' ')[1]}`} nog niet afgerond (5 werkdagen open). Wil je ${student} er even aan herinneren?`,
    );
    expect(nudge).not.toContain('Herinner me over een week');

    // Thursday 12 November: eight working days; the trainer hears nothing new.
    before = count(trainer);
    const supervisorBefore = count(supervisor);
    await sweep('2026-11-12T09:00:00Z');
    expect(count(trainer)).toBe(before);
    expect(count(supervisor)).toBe(supervisorBefore + 1);
    const stalled = cardText(supervisor.lastCard());
    expect(stalled).toContain('Een ronde staat stil');
    expect(stalled).toContain(`staat al 8 werkdagen stil bij de deelnemer: eigen deel nog niet afgerond.`);

    // Wednesday 18 November: twelve working days, the coordinator (in English); then nothing twice.
    const coordinatorBefore = count(coordinator);
    await sweep('2026-11-18T09:00:00Z');
    expect(count(coordinator)).toBe(coordinatorBefore + 1);
    const forCoordinator = cardText(coordinator.lastCard());
    expect(forCoordinator).toContain('Stalled placements: one check-in');
    expect(forCoordinator).toContain(`own part not finished by the student, 12 working days open.`);
    expect(forCoordinator).toContain('Type **overview** for everyone who is behind.');
    const after = [trainer, supervisor, coordinator].map(count);
    await sweep('2026-11-18T10:00:00Z');
    expect([trainer, supervisor, coordinator].map(count)).toEqual(after);
  });

  it("gives a coordinator `overzicht`: who is behind per supervisor, with working days and no one's texts", async () => {
    const secret = 'Geheime werkzaamheden die alleen deelnemer en praktijkopleider zien';
    const { coordinator, people, student, supervisor } = await stalledPlacement('nl-NL', secret);
    clock = new Date('2026-11-12T09:00:00Z');
    await coordinator.say('overzicht');
    const overview = cardText(coordinator.lastCard());
    expect(overview).toContain('Wie loopt achter');
    expect(overview).toContain(`${people.supervisor.name} (1)`);
    expect(overview).toContain(people.student.name);
    expect(overview).toContain(
      'eigen deel nog niet afgerond bij de deelnemer · 8 werkdagen · begeleider gevraagd',
    );
    expect(overview).not.toContain(secret);

    // Others: someone with no role at all is told what the overview is; a supervisor gets their caseload.
    const stranger = harness.user({
      aadObjectId: 'c0c0c0c0-0000-4000-8999-000000000001',
      name: 'Iemand',
      email: 'iemand@example.org',
    });
    await stranger.say('overzicht');
    expect(cardText(stranger.lastCard())).toContain('Het overzicht is voor BPV-coördinatoren');
    await supervisor.say('overzicht');
    expect(cardText(supervisor.lastCard())).toContain('Jouw deelnemers');
    await student.say('overzicht');
    expect(cardText(student.lastCard())).not.toContain('Wie loopt achter');
  });

  it('sends the weekly digest once on the digest day, within working hours, and again the next week', async () => {
    const { coordinator } = await stalledPlacement();
    await coordinator.install();
    const digests = () => coordinator.cards().filter((c) => cardText(c).includes('Weekoverzicht BPV')).length;
    // Monday 16 November, 08:00: before working hours.
    await sweep('2026-11-16T07:00:00Z');
    expect(digests()).toBe(0);
    await sweep('2026-11-16T09:00:00Z');
    expect(digests()).toBe(1);
    expect(
      cardText(
        coordinator
          .cards()
          .filter((c) => cardText(c).includes('Weekoverzicht BPV'))
          .at(-1),
      ),
    ).toContain('10 werkdagen');
    await sweep('2026-11-16T13:00:00Z');
    await sweep('2026-11-17T09:00:00Z');
    expect(digests()).toBe(1);
    await sweep('2026-11-23T09:00:00Z');
    expect(digests()).toBe(2);
  });
});
