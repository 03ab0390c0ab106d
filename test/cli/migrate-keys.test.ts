import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openRound } from '../../src/domain/check-in';
import { CardRepository } from '../../src/storage/card-repository';
import { KeyHasher } from '../../src/storage/keys';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { TableStore } from '../../src/storage/table-store';
import { BotHarness, cardText, storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { runPlacements } from '../support/placements-cli';
import { everything } from '../support/storage-scan';

const student = {
  aadObjectId: 'f2f2f2f2-0000-4000-8000-000000000001',
  name: 'Sanne Jansen',
  email: 'sanne.jansen@student.example.org',
};
const trainer = { name: 'Pieter de Vries', email: 'pieter@bedrijf.example.org' };
const supervisor = { name: 'Fatima El Amrani', email: 'fatima@roc.example.org' };
const stranger = 'f2f2f2f2-0000-4000-8000-000000000009';
const input = {
  student: { email: student.email, name: student.name },
  trainer,
  supervisor,
  company: 'Voorbeeld ICT B.V.',
  qualificationId: 'ict-beheerder',
  startDate: '2026-09-01',
  endDate: '2027-06-30',
};
const PREVIOUS_KEY = 'the-previous-key-of-the-school-0123456789';
const previous = KeyHasher.keyed(PREVIOUS_KEY);
const keyed = KeyHasher.development();
const oldId = previous.placementKey(student.email, input.qualificationId, input.startDate);
const newId = keyed.placementKey(student.email, input.qualificationId, input.startDate);
const at = new Date('2026-11-30T09:00:00.000Z');
const item = (id: string) => `${id}|1|part_open|student|${at.toISOString()}`;

/** Storage as written under a previous EMAIL_HASH_KEY, with names in the references as earlier versions kept them. */
async function seedTheOldWay(prefix: string, hasher: KeyHasher = previous): Promise<void> {
  const oldId = hasher.placementKey(student.email, input.qualificationId, input.startDate);
  const old = new TableStore(storageConnectionString(), prefix, hasher);
  await old.ensureTables();
  const { id } = await new PlacementRepository(old).importPlacement(input);
  expect(id).toBe(oldId);
  await new PlacementRepository(old).bind(oldId, 'student', student.aadObjectId);
  const round = openRound({
    placementId: oldId,
    number: 1,
    kind: 'start',
    qualificationId: 'ict-beheerder',
    now: at,
  });
  await new RoundRepository(old).create(round, [
    {
      at: at.toISOString(),
      actorRole: 'student',
      actorId: student.aadObjectId,
      event: 'round_opened',
      round: 1,
    },
  ]);
  await new CardRepository(old).track(oldId, 1, {
    aadObjectId: student.aadObjectId,
    activityId: '1:1',
    kind: 'agreement',
  });
  const reminders = new ReminderRepository(old);
  await reminders.create({
    placementId: oldId,
    key: `${item(oldId)}|0`,
    itemKey: item(oldId),
    kind: 'part_open',
    role: 'student',
    round: 1,
    step: 0,
    status: 'sent',
    queuedAt: at.toISOString(),
  });
  await reminders.snooze(oldId, item(oldId), new Date('2026-12-07T09:00:00.000Z'));
  await old.client('users').upsertEntity({
    partitionKey: student.aadObjectId,
    rowKey: 'user',
    emailKey: hasher.emailKey(student.email),
    boundAt: at.toISOString(),
  });
  // Someone whose address matched no placement.
  await old.client('users').upsertEntity({
    partitionKey: stranger,
    rowKey: 'user',
    emailKey: hasher.emailKey('someone@elsewhere.example.org'),
    boundAt: at.toISOString(),
  });
  await old.client('conversations').upsertEntity({
    partitionKey: student.aadObjectId,
    rowKey: 'personal',
    reference: JSON.stringify({
      user: { id: `29:${student.aadObjectId}`, name: student.name, aadObjectId: student.aadObjectId },
      bot: { id: '28:bpv-bot', name: 'BPV-afspraken' },
      conversation: { id: `a:personal-${student.aadObjectId}`, name: 'Chat', conversationType: 'personal' },
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:1/',
      locale: 'nl-NL',
    }),
    active: true,
    updatedAt: at.toISOString(),
  });
}

const run = runPlacements;

describe('npm run placements -- migrate-keys --from-key-file', () => {
  it('moves every row keyed by the previous key to the current one, once', async () => {
    const prefix = uniqueTablePrefix();
    await seedTheOldWay(prefix);
    const store = new TableStore(storageConnectionString(), prefix);
    const oldHashes = [student.email, trainer.email, supervisor.email].map((e) => previous.emailKey(e));
    const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'bpv-key-')), 'previous-key');
    writeFileSync(keyFile, `${PREVIOUS_KEY}\n`);
    // The bot with keyed hashes cannot find the old rows.
    expect(await new PlacementRepository(store).rolesForEmail(student.email)).toEqual([]);

    const first = await run(prefix, 'migrate-keys', '--from-key-file', keyFile);
    expect(first.code).toBe(0);
    expect(first.out).toContain(
      'stages: verplaatst 1, al omgezet 0, onbekend 0 (rijen 4, herinneringsrijen 2)',
    );
    expect(first.out).toContain('indexrijen: omgezet 3, al omgezet 0, opgeruimd 0');
    expect(first.out).toContain('gebruikerskoppelingen: omgezet 1, al omgezet 0, vergeten 1');
    expect(first.out).toContain('gespreksverwijzingen: namen verwijderd uit 1');

    const stored = await everything(store);
    expect([oldId, ...oldHashes, stranger, 'bpv-afspraken'].filter((t) => stored.includes(t))).toEqual([]);
    const [membership] = await new PlacementRepository(store).rolesForEmail(student.email);
    expect(membership?.placement).toMatchObject({ id: newId, company: input.company });
    expect(membership?.placement.student.aadObjectId).toBe(student.aadObjectId);
    expect((await new RoundRepository(store).get(newId, 1))?.round.state).toBe('open');
    expect((await new RoundRepository(store).audit(newId)).map((e) => e.event)).toEqual(['round_opened']);
    expect(await new CardRepository(store).list(newId, 1)).toHaveLength(1);
    const ledger = await new ReminderRepository(store).get(newId, `${item(newId)}|0`);
    expect(ledger?.entry).toMatchObject({ placementId: newId, itemKey: item(newId), status: 'sent' });
    const { snoozes } = await new ReminderRepository(store).scan();
    expect(snoozes.get(newId)?.get(item(newId))).toBe('2026-12-07T09:00:00.000Z');
    const conversation = await store
      .client('conversations')
      .getEntity<{ reference: string }>(student.aadObjectId, 'personal');
    expect(JSON.parse(conversation.reference)).toEqual({
      user: { id: `29:${student.aadObjectId}`, aadObjectId: student.aadObjectId },
      bot: { id: '28:bpv-bot' },
      conversation: { id: `a:personal-${student.aadObjectId}`, conversationType: 'personal' },
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:1/',
      locale: 'nl-NL',
    });
    const user = await store
      .client('users')
      .getEntity<{ emailKey: string; keyed: boolean }>(student.aadObjectId, 'user');
    expect(user).toMatchObject({ emailKey: keyed.emailKey(student.email), keyed: true });

    const second = await run(prefix, 'migrate-keys', '--from-key-file', keyFile);
    expect(second.out).toContain(
      'stages: verplaatst 0, al omgezet 1, onbekend 0 (rijen 0, herinneringsrijen 0)',
    );
    expect(second.out).toContain('indexrijen: omgezet 0, al omgezet 3, opgeruimd 0');
    expect(second.out).toContain('gebruikerskoppelingen: omgezet 0, al omgezet 1, vergeten 0');
    expect(second.out).toContain('gespreksverwijzingen: namen verwijderd uit 0');
    expect(await everything(store)).toBe(stored);

    // The bot recognises the student by the migrated binding and shows the migrated placement.
    const harness = await BotHarness.start({ env: { TABLE_PREFIX: prefix } });
    try {
      const user = harness.user({ aadObjectId: student.aadObjectId, name: student.name });
      await user.say('status');
      expect(cardText(user.lastCard())).toContain(`${student.name} · ${input.company}`);
    } finally {
      await harness.stop();
    }
  });

  it('moves keys made with a previous EMAIL_HASH_KEY to the current one, read from a file', async () => {
    const prefix = uniqueTablePrefix();
    const previous = KeyHasher.keyed('the-previous-key-of-the-school-0123456789');
    await seedTheOldWay(prefix, previous);
    const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'bpv-key-')), 'previous-key');
    writeFileSync(keyFile, 'the-previous-key-of-the-school-0123456789\n');

    const first = await run(prefix, 'migrate-keys', '--from-key-file', keyFile);
    expect(first.code).toBe(0);
    expect(first.out).toContain('stages: verplaatst 1');
    expect(first.out).toContain('indexrijen: omgezet 3');
    expect(first.out).toContain('gebruikerskoppelingen: omgezet 1');
    const store = new TableStore(storageConnectionString(), prefix);
    const [membership] = await new PlacementRepository(store).rolesForEmail(student.email);
    expect(membership?.placement.id).toBe(newId);
    const user = await store.client('users').getEntity<{ emailKey: string }>(student.aadObjectId, 'user');
    expect(user.emailKey).toBe(keyed.emailKey(student.email));
    const stored = await everything(store);
    expect(stored.includes(previous.emailKey(student.email))).toBe(false);

    const second = await run(prefix, 'migrate-keys', '--from-key-file', keyFile);
    expect(second.out).toContain('stages: verplaatst 0, al omgezet 1');
    expect(await everything(store)).toBe(stored);
  });

  it('refuses a previous key file it cannot read or that holds too short a key', async () => {
    expect((await run(uniqueTablePrefix(), 'migrate-keys', '--from-key-file', '/nonexistent/key')).code).toBe(
      2,
    );
    const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'bpv-key-')), 'short');
    writeFileSync(keyFile, 'short');
    const result = await run(uniqueTablePrefix(), 'migrate-keys', '--from-key-file', keyFile);
    expect(result.code).toBe(2);
    expect(result.err).toContain('korter dan 32 tekens');
  });

  it('asks where to migrate from', async () => {
    const result = await run(uniqueTablePrefix(), 'migrate-keys');
    expect(result.code).toBe(2);
    expect(result.err).toContain('migrate-keys --from-key-file');
  });
});
