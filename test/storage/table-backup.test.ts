import { runBackupCli } from '../../src/cli/backup';
import { runPlacementsCli } from '../../src/cli/placements';
import { type AzuriteHandle, startAzurite } from '../../src/local/azurite';
import { TABLES, type TableName, TableStore } from '../../src/storage/table-store';
import { BotHarness } from '../support/bot-harness';
import { placementWithPeople, submitRound } from '../support/check-in-flow';

let azurite: AzuriteHandle;
let harness: BotHarness;

beforeAll(async () => {
  azurite = await startAzurite({ blob: true });
  harness = await BotHarness.start({ connectionString: azurite.connectionString });
}, 60_000);
let stopped = false;
afterAll(async () => {
  if (!stopped) await harness?.stop();
  await azurite?.stop();
});

async function cli(run: typeof runBackupCli, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    args,
    { STORAGE_CONNECTION_STRING: azurite.connectionString, TABLE_PREFIX: harness.tablePrefix },
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out, err: err.join('\n') };
}

/** Every row of every table with each property's Edm type, as the service holds it; etag and timestamp aside. */
async function rows(store: TableStore): Promise<string[]> {
  const all: string[] = [];
  for (const table of Object.keys(TABLES) as TableName[]) {
    for await (const entity of store.client(table).listEntities({ disableTypeConversion: true })) {
      const { etag: _e, timestamp: _t, ...row } = entity as Record<string, unknown>;
      all.push(
        `${table} ${JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))))}`,
      );
    }
  }
  return all.sort();
}

it('restores every row byte for byte after the tables are dropped, and an erase made since stays in force', async () => {
  const journey = await placementWithPeople(harness);
  await submitRound(journey);
  const other = await placementWithPeople(harness);
  // Properties of every Edm type the service keeps, as a later layout might write them.
  await harness.store.client('appInstalls').createEntity({
    partitionKey: 'types',
    rowKey: 'all',
    int64: { value: '9007199254740993', type: 'Int64' },
    int32: { value: '-7', type: 'Int32' },
    double: { value: '0.1', type: 'Double' },
    when: { value: '2026-12-07T02:10:00.1234567Z', type: 'DateTime' },
    bytes: { value: Buffer.from([0, 255, 1, 254]).toString('base64'), type: 'Binary' },
    guid: { value: 'c0c0c0c0-0000-4000-8000-000000000001', type: 'Guid' },
    flag: { value: 'true', type: 'Boolean' },
    text: { value: 'Ünïcode ✓ 1.0', type: 'String' },
  });
  await harness.bot.idle();
  // A restore is done with the app stopped (docs/backup.md): no heartbeat writes meanwhile.
  const store = harness.store;
  await harness.stop();
  stopped = true;
  const before = await rows(store);
  expect(before.length).toBeGreaterThan(20);

  const made = await cli(runBackupCli, 'now');
  expect(made.code).toBe(0);
  const id = made.out[0] as string;
  const second = await cli(runBackupCli, 'now');
  const listed = await cli(runBackupCli, 'list');
  expect(listed.out).toEqual([second.out[0], id]);

  // Between backup and restore: the other placement's trainer asks to be erased.
  const trainer = other.people.trainer;
  expect((await cli(runPlacementsCli, 'erase', trainer.email)).code).toBe(0);

  // Restoring into tables that hold rows is refused.
  const refused = await cli(runBackupCli, 'restore', id);
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/niet leeg/);

  for (const table of Object.keys(TABLES) as TableName[]) await store.client(table).deleteTable();
  const restored = await cli(runBackupCli, 'restore', id);
  expect(restored.code).toBe(0);
  expect(restored.out.join('\n')).toMatch(/opnieuw gewist na het terugzetten: 1/);

  const after = await rows(store);
  const traces = [trainer.email, trainer.name, trainer.aadObjectId, store.keys.emailKey(trainer.email)].map(
    (t) => t.toLowerCase(),
  );
  const untouched = before.filter((row) => !traces.some((t) => row.toLowerCase().includes(t)));
  // Every row the erasure did not touch is back exactly as it was, types and all.
  expect(untouched.filter((row) => !after.includes(row))).toEqual([]);
  expect(after.some((row) => row.includes('"int64":{"value":"9007199254740993","type":"Int64"}'))).toBe(true);
  // The erased trainer is nowhere, though the backup still holds them.
  const stored = after.join('\n').toLowerCase();
  for (const trace of traces) expect(stored).not.toContain(trace);
  // The journey's placement is back whole: its student still finds their list.
  expect(after.filter((row) => row.includes(journey.placementId)).length).toBe(
    before.filter((row) => row.includes(journey.placementId)).length,
  );
}, 180_000);

it('answers an unknown backup and a bad command with a clear message', async () => {
  const unknown = await cli(runBackupCli, 'restore', '1999-01-01T00-00-00.000Z');
  expect(unknown.code).toBe(1);
  expect(unknown.err).toMatch(/bestaat niet/);
  const bad = await cli(runBackupCli, 'maak');
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/npm run backup -- now/);
});

it('restores into the account --into names, and refuses an --into that is no account', async () => {
  if (!stopped) {
    await harness.stop();
    stopped = true;
  }
  const made = await cli(runBackupCli, 'now');
  expect(made.code).toBe(0);
  const id = made.out[0] as string;
  const other = await startAzurite();
  try {
    const into = new TableStore(other.connectionString, harness.tablePrefix);
    const restored = await cli(runBackupCli, 'restore', id, '--into', other.connectionString);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    const source = await rows(harness.store);
    expect(source.length).toBeGreaterThan(20);
    expect(await rows(into)).toEqual(source);
    // Its tables now hold rows: a second restore into them is refused.
    const again = await cli(runBackupCli, 'restore', id, '--into', other.connectionString);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/niet leeg/);
  } finally {
    await other.stop();
  }
  await expect(cli(runBackupCli, 'restore', id, '--into', 'Geen_Account')).rejects.toThrow(
    "--into 'Geen_Account' is geen opslagaccount",
  );
}, 120_000);
