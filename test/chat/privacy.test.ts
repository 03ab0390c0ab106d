import { KeyHasher } from '../../src/storage/keys';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { BotHarness, cardText } from '../support/bot-harness';
import { placementWithPeople, startCard } from '../support/check-in-flow';
import { reminderServiceFor, uniqueQueueName } from '../support/reminder-scenario';

const SECRET = 'the-school-email-hash-key-0123456789';
// Monday 30 November 2026, 10:00 in Amsterdam.
let clock = new Date('2026-11-30T09:00:00.000Z');
let harness: BotHarness;

beforeAll(async () => {
  harness = await BotHarness.start({ now: () => clock, env: { EMAIL_HASH_KEY: SECRET } });
});
afterAll(async () => {
  await harness.stop();
});

describe('personal data the bot stores', () => {
  it('keeps no display names in conversation references, and proactive sends still reach people', async () => {
    clock = new Date('2026-11-30T09:00:00.000Z');
    const { student, trainer, people } = await placementWithPeople(harness);
    await startCard(student);
    await startCard(trainer);

    const row = await harness.store
      .client('conversations')
      .getEntity<{ reference: string }>(people.student.aadObjectId, 'personal');
    expect(row.reference).not.toContain(people.student.name);
    expect(row.reference).not.toContain('BPV-afspraken');
    const reference = JSON.parse(row.reference) as Record<string, Record<string, unknown>>;
    for (const part of ['user', 'bot', 'conversation']) expect(reference[part]).not.toHaveProperty('name');
    expect(reference.user).toMatchObject({ aadObjectId: people.student.aadObjectId });

    // Three days later the reminder goes out through the stored reference.
    clock = new Date('2026-12-03T09:00:00.000Z');
    await reminderServiceFor(harness.store, {
      queueName: uniqueQueueName('p'),
      now: clock,
    }).runOnce(clock);
    expect(cardText(student.lastCard())).toContain('Herinnering: je afsprakenlijst is nog niet af');
  });

  it('hashes e-mail addresses in keys with EMAIL_HASH_KEY', async () => {
    const { people, placementId } = await placementWithPeople(harness, { install: false });
    const keys = KeyHasher.keyed(SECRET);
    const email = people.trainer.email;
    const rows = [];
    for await (const row of harness.store
      .client('people')
      .listEntities({ queryOptions: { filter: `PartitionKey eq '${keys.emailKey(email)}'` } }))
      rows.push(row);
    expect(rows.map((r) => r.rowKey)).toEqual([`${placementId}|trainer`]);
    expect(placementId).toBe(keys.placementKey(people.student.email, 'ict-beheerder', '2026-09-01'));
    expect(await new PlacementRepository(harness.store).rolesForEmail(email)).toHaveLength(1);
  });
});
