import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { openRound } from '../../src/domain/check-in';
import { createLogger } from '../../src/logger';
import { createTrainerMailer, withMailedTrainers } from '../../src/mail/trainer-mail-setup';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { storedQualificationCatalog } from '../../src/services/qualification-catalog';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import type { TableStore } from '../../src/storage/table-store';
import { createAdapter } from '../../src/teams/adapter';
import { ProactiveChannel } from '../../src/teams/proactive-channel';
import { BotReminderSender } from '../../src/teams/reminder-sender';
import { createReminderService, createSendRateShare } from '../../src/wiring/reminders';
import { BOT_ID, freshStore, TENANT_ID } from '../support/bot-harness';
import { FakeConnector } from '../support/connector';
import { SWEEP_NOW, uniqueQueueName } from '../support/reminder-scenario';
import { MailCatcher, mailEnv, tokenOf } from '../support/web-trainer';

jest.setTimeout(120_000);

const DAY = 24 * 60 * 60 * 1000;
let connector: FakeConnector;
let catcher: MailCatcher;
beforeAll(async () => {
  connector = await FakeConnector.throttling();
  catcher = await MailCatcher.start();
});
afterAll(async () => {
  await connector?.stop();
  await catcher?.stop();
});

/** The reminder service as the bot builds it: Teams for everyone, mail for trainers who work by e-mail. */
function service(store: TableStore) {
  const logger = createLogger('silent');
  const config = loadConfig({
    ...mailEnv(catcher),
    REMINDER_QUEUE: uniqueQueueName('m'),
    REMINDER_VISIBILITY_SECONDS: '2',
  });
  const conversations = new ConversationRepository(store);
  const share = createSendRateShare(store, config.reminders, logger);
  const now = () => SWEEP_NOW;
  const channel = new ProactiveChannel({
    adapter: createAdapter(undefined, logger, 10_000),
    appId: '',
    conversations,
    timeZone: config.timeZone,
    slots: share,
    logger,
    now,
  });
  const mailer = createTrainerMailer(config, logger, now, () => 'https://bpv.school.example');
  return createReminderService({
    config: config.reminders,
    store,
    storage: store.target,
    sender: withMailedTrainers(
      new BotReminderSender(channel, storedQualificationCatalog(loadQualificationCatalog(), undefined)),
      mailer,
    ),
    logger,
    now,
    share,
  });
}

/** A placement whose trainer works by e-mail; the student in Teams. `opened` days ago its round 1 opened, if at all. */
async function seed(store: TableStore, opened: number | undefined, trainerDone = false) {
  const tag = randomUUID().slice(0, 8);
  const student = randomUUID();
  const trainerEmail = `trainer.${tag}@bedrijf.example`;
  const placements = new PlacementRepository(store);
  const { id } = await placements.importPlacement({
    student: { email: `s.${tag}@example.org`, name: `Sanne ${tag}` },
    trainer: { email: trainerEmail, name: `Trainer ${tag}` },
    supervisor: { email: `v.${tag}@example.org`, name: `Begeleider ${tag}` },
    company: `Bedrijf ${tag}`,
    qualificationId: 'ict-beheerder',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
    trainerContact: 'email',
  });
  await placements.bind(id, 'student', student);
  await new ConversationRepository(store).save(
    student,
    {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: `a:${student}`, conversationType: 'personal', tenantId: TENANT_ID },
      user: { id: `29:${student}`, aadObjectId: student },
      bot: { id: BOT_ID, name: 'BPV-afspraken' },
      locale: 'nl-NL',
    },
    SWEEP_NOW,
  );
  if (opened !== undefined) {
    const at = new Date(SWEEP_NOW.getTime() - opened * DAY);
    const round = openRound({
      placementId: id,
      number: 1,
      kind: 'start',
      qualificationId: 'ict-beheerder',
      now: at,
    });
    const trainer = { ...round.parts.trainer, doneAt: at.toISOString() };
    await new RoundRepository(store).create(
      trainerDone ? { ...round, parts: { ...round.parts, trainer } } : round,
      [],
    );
  }
  return { id, student, trainerEmail };
}

describe('reminders to a trainer who works by e-mail', () => {
  it('counts them as reachable and mails them, with a link, where others get a card', async () => {
    const store = await freshStore();
    const behind = await seed(store, 4);
    const newRound = await seed(store, undefined);
    const reminders = service(store);

    const plan = await reminders.sweep.plan(SWEEP_NOW);
    expect(plan.unreachable.map((u) => u.role)).not.toContain('trainer');
    expect(plan.reminders.filter((r) => r.role === 'trainer').map((r) => [r.placementId, r.kind])).toEqual(
      expect.arrayContaining([
        [behind.id, 'part_open'],
        [newRound.id, 'round_due'],
      ]),
    );

    const before = catcher.mails.length;
    await reminders.runOnce(SWEEP_NOW);
    const mails = catcher.mails.slice(before);
    const reminder = mails.find((m) => m.to.includes(behind.trainerEmail));
    expect(reminder?.subject).toBe('Afsprakenlijst BPV: Herinnering: de afsprakenlijst wacht op jouw deel');
    // A reminder says it is one, and still explains the list to a trainer who missed the invitation.
    expect(reminder?.text).toContain('Dit is een herinnering: jouw deel van de afsprakenlijst van Sanne');
    expect(reminder?.text).toContain('Wat we van je vragen:');
    expect(reminder?.links[0]).toMatch(/^https:\/\/bpv\.school\.example\/praktijkopleider#t2\./);
    expect(tokenOf(reminder?.links[0] as string)).toContain(behind.id);
    const invitation = mails.find((m) => m.to.includes(newRound.trainerEmail));
    expect(invitation?.subject).toBe('Afsprakenlijst BPV: Tijd voor de volgende check-in');
    expect(invitation?.text).toContain('Het startgesprek van Sanne');
    // The students got their cards in Teams as before.
    expect(connector.deliveredCounts().get(`a:${behind.student}`)).toBe(1);
    expect(reminders.worker.stats.sent).toBe(4);

    // Each reminder once: a second sweep mails nothing.
    const after = catcher.mails.length;
    await reminders.runOnce(SWEEP_NOW);
    expect(catcher.mails.length).toBe(after);
  });

  it('marks the reminder unreachable when the mail server refuses the address for good', async () => {
    const store = await freshStore();
    const behind = await seed(store, 4);
    catcher.refuse(behind.trainerEmail);
    const reminders = service(store);
    await reminders.runOnce(SWEEP_NOW);
    expect(catcher.mails.some((m) => m.to.includes(behind.trainerEmail))).toBe(false);
    expect(reminders.worker.stats.unreachable).toBe(1);
    expect(reminders.worker.stats.sent).toBe(1);
  });

  it('asks them by mail to remind the student once the student part has waited past the first rung', async () => {
    const store = await freshStore();
    // Opened on a Sunday eight days before the sweep: 5 working days open, the trainer long done.
    const stalled = await seed(store, 8, true);
    const reminders = service(store);
    const plan = await reminders.sweep.plan(SWEEP_NOW);
    expect(
      plan.reminders.filter((r) => r.placementId === stalled.id).map((r) => [r.role, r.rung ?? 'person']),
    ).toEqual(expect.arrayContaining([['student', 'other_party']]));

    const before = catcher.mails.length;
    await reminders.runOnce(SWEEP_NOW);
    const nudges = catcher.mails.slice(before).filter((m) => m.to.includes(stalled.trainerEmail));
    expect(nudges.map((m) => m.subject)).toEqual([`Afsprakenlijst BPV: Wil je Sanne even herinneren?`]);
    expect(nudges[0]?.text).toContain('Wil je Sanne er even aan herinneren?');
    expect(tokenOf(nudges[0]?.links[0] as string)).toContain(stalled.id);
  });
});
