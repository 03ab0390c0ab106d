import { runPlacementsCli } from '../../src/cli/placements';
import { openRound } from '../../src/domain/check-in';
import type { PlacementInput } from '../../src/domain/placement';
import { createLogger } from '../../src/logger';
import { CardRepository } from '../../src/storage/card-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { TableStore } from '../../src/storage/table-store';
import { createRetentionSchedule } from '../../src/wiring/schedules';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { runPlacements } from '../support/placements-cli';
import { everything } from '../support/storage-scan';

const person = (who: string, tag: string) => ({ email: `${who}.${tag}@example.org`, name: `${who} ${tag}` });

function placement(tag: string, endDate: string): PlacementInput {
  return {
    student: person('student', tag),
    trainer: person('trainer', tag),
    supervisor: person('supervisor', tag),
    company: `Bedrijf ${tag}`,
    qualificationId: 'ict-beheerder',
    startDate: '2026-09-01',
    endDate,
  };
}

/**
 * Three placements: one that ended exactly 18 months before 2028-12-31, one that ended a day
 * before that, and one that ended recently; the second has a round, audit trail, a tracked card
 * and reminder rows.
 */
async function seed() {
  const prefix = uniqueTablePrefix();
  const store = new TableStore(storageConnectionString(), prefix);
  await store.ensureTables();
  const placements = new PlacementRepository(store);
  const { id: exactly } = await placements.importPlacement(placement('exactly', '2027-06-30'));
  const { id: dayMore } = await placements.importPlacement(placement('daymore', '2027-06-29'));
  const { id: recent } = await placements.importPlacement(placement('recent', '2028-06-30'));
  const now = new Date('2027-01-10T10:00:00Z');
  const round = openRound({
    placementId: dayMore,
    number: 1,
    kind: 'start',
    qualificationId: 'ict-beheerder',
    now,
  });
  await new RoundRepository(store).create(round, [
    {
      at: now.toISOString(),
      actorRole: 'student',
      actorId: 'some-entra-id',
      event: 'round_opened',
      round: 1,
    },
  ]);
  await new CardRepository(store).track(dayMore, 1, {
    aadObjectId: 'some-entra-id',
    activityId: '1:1',
    kind: 'agreement',
  });
  const reminders = new ReminderRepository(store);
  const item = `${dayMore}|1|part_open|student|${now.toISOString()}`;
  await reminders.create({
    placementId: dayMore,
    key: `${item}|0`,
    itemKey: item,
    kind: 'part_open',
    role: 'student',
    round: 1,
    step: 0,
    status: 'sent',
    queuedAt: now.toISOString(),
  });
  await reminders.snooze(dayMore, item, now);
  // The student of the purged placement last wrote long ago; the one of the kept placement too, but
  // she still has a placement; someone without a placement wrote recently.
  await placements.bind(dayMore, 'student', 'entra-purged');
  await placements.bind(exactly, 'student', 'entra-kept');
  for (const [id, last] of [
    ['entra-purged', '2027-01-10T10:00:00.000Z'],
    ['entra-kept', '2027-01-10T10:00:00.000Z'],
    ['entra-recent', '2028-12-01T10:00:00.000Z'],
  ] as const) {
    await store
      .client('users')
      .upsertEntity({ partitionKey: id, rowKey: 'user', emailKey: 'k', boundAt: last, keyed: true });
    await store
      .client('conversations')
      .upsertEntity({ partitionKey: id, rowKey: 'personal', reference: '{}', active: true, updatedAt: last });
  }
  return { prefix, store, exactly, dayMore, recent };
}

const run = runPlacements;

async function partition(store: TableStore, table: 'placements' | 'reminders', id: string) {
  const rows = [];
  for await (const row of store
    .client(table)
    .listEntities({ queryOptions: { filter: `PartitionKey eq '${id}'` } }))
    rows.push(row);
  return rows;
}

describe('npm run placements -- purge', () => {
  it('a dry run lists what ended more than 18 months ago and writes nothing', async () => {
    const { prefix, store, dayMore, exactly, recent } = await seed();
    const before = await everything(store);
    const result = await run(prefix, 'purge', '--dry-run', '--now', '2028-12-31');
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'bewaartermijn 18 maanden: stages die vóór 2027-06-30 eindigden worden verwijderd',
    );
    expect(result.out).toContain(`${dayMore} | einde 2027-06-29`);
    expect(result.out).not.toContain(exactly);
    expect(result.out).not.toContain(recent);
    expect(result.out).toContain(
      'proefrun: 1 stage(s) zouden worden verwijderd, en 1 gebruikerskoppeling(en) en 1 gespreksverwijzing(en) van wie sindsdien niet meer schreef; er is niets gewijzigd',
    );
    expect(result.out).not.toContain('student daymore');
    expect(await everything(store)).toBe(before);
  });

  it('removes a placement ended a day more than 18 months ago whole, keeps the one ended exactly 18 months ago', async () => {
    const { prefix, store, dayMore, exactly, recent } = await seed();
    const result = await run(prefix, 'purge', '--now', '2028-12-31');
    expect(result.code).toBe(0);
    // Placement, round, audit entry, card; ledger entry and snooze; three index rows.
    expect(result.out).toContain(
      'verwijderd: 1 stage(s), stage-rijen 4, herinneringsrijen 2, indexrijen 3, gebruikerskoppelingen 1, gespreksverwijzingen 1',
    );
    expect(left(await everything(store), ['entra-purged', 'entra-kept', 'entra-recent'])).toEqual([
      'entra-kept',
      'entra-recent',
    ]);
    expect(await partition(store, 'placements', dayMore)).toEqual([]);
    expect(await partition(store, 'reminders', dayMore)).toEqual([]);
    const stored = await everything(store);
    expect(stored).not.toContain(dayMore);
    expect(stored).not.toContain('daymore');
    const placements = new PlacementRepository(store);
    expect(await placements.rolesForEmail(person('trainer', 'daymore').email)).toEqual([]);
    expect(
      (await placements.rolesForEmail(person('trainer', 'exactly').email)).map((m) => m.placement.id),
    ).toEqual([exactly]);
    expect(await placements.get(recent)).toBeDefined();

    const again = await run(prefix, 'purge', '--now', '2028-12-31');
    expect(again.out).toContain(
      'verwijderd: 0 stage(s), stage-rijen 0, herinneringsrijen 0, indexrijen 0, gebruikerskoppelingen 0, gespreksverwijzingen 0',
    );

    // A day later the one that ended exactly 18 months before is past retention too.
    const nextDay = await run(prefix, 'purge', '--now', '2029-01-01');
    expect(nextDay.out).toContain(`${exactly} | einde 2027-06-30`);
    expect(await placements.get(exactly)).toBeUndefined();
    expect(await placements.get(recent)).toBeDefined();
  });

  it('follows RETENTION_MONTHS', async () => {
    const { prefix, recent } = await seed();
    const lines: string[] = [];
    const code = await runPlacementsCli(
      ['purge', '--dry-run', '--now', '2028-12-31'],
      { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: prefix, RETENTION_MONTHS: '6' },
      (line) => lines.push(line),
      () => undefined,
    );
    expect(code).toBe(0);
    expect(lines.join('\n')).toContain('bewaartermijn 6 maanden: stages die vóór 2028-06-30 eindigden');
    expect(lines.join('\n')).toContain('proefrun: 2 stage(s)');
    expect(lines.join('\n')).not.toContain(recent);
  });

  it('refuses a --now that is not a date', async () => {
    const result = await run(uniqueTablePrefix(), 'purge', '--now', '31-12-2028');
    expect(result.code).toBe(2);
    expect(result.err).toContain("--now '31-12-2028' is geen datum");
  });
});

describe('the daily retention purge in the bot', () => {
  it('is run by one of several instances at a time, through a lease in storage', async () => {
    const { store, dayMore, exactly } = await seed();
    const schedule = (instanceId: string) =>
      createRetentionSchedule({
        store,
        months: 18,
        timeZone: 'Europe/Amsterdam',
        logger: createLogger('silent'),
        instanceId,
      });
    // 31 December 2028, 02:30 in Amsterdam.
    const at = new Date('2028-12-31T01:30:00Z');
    const results = await Promise.all([schedule('a').runOnce(at), schedule('b').runOnce(at)]);
    const ran = results.filter((r) => r !== undefined);
    expect(ran).toHaveLength(1);
    expect(ran[0]?.placements.map((p) => p.id)).toEqual([dayMore]);
    expect(await new PlacementRepository(store).get(dayMore)).toBeUndefined();
    expect(await new PlacementRepository(store).get(exactly)).toBeDefined();

    const started = schedule('c');
    started.start();
    try {
      const next = started.nextRun();
      expect(next).toBeDefined();
      expect(localTime(next as Date)).toBe('02:30');
    } finally {
      started.stop();
    }
  });
});

const left = (stored: string, traces: string[]) => traces.filter((t) => stored.includes(t));

function localTime(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}
