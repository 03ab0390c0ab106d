/**
 * Benchmark of the privacy commands at scale: seeds N placements in a fresh in-memory Azurite the
 * way versions before EMAIL_HASH_KEY wrote them (plain hashes), then measures the key migration, a
 * second (idempotent) migration pass, the erasure of a supervisor who is in a sixth of all
 * placements, and the retention purge (dry run, then removing every placement). Prints and appends
 * the numbers to bench/privacy-results.md. Run: `npm run bench:privacy -- 1000`.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { erasePerson } from '../src/services/erase-person';
import { purgeExpiredPlacements } from '../src/services/purge-placements';
import { migrateToKeyedHashes } from '../src/storage/key-migration';
import { KeyHasher } from '../src/storage/keys';
import { PersonalDataRepository } from '../src/storage/personal-data-repository';
import { PlacementRepository } from '../src/storage/placement-repository';
import { TableStore } from '../src/storage/table-store';
import { seedReminderScenario } from '../test/support/reminder-scenario';

const HEADER = `# Privacy commands

2 cores shared with other work. Times in milliseconds; memory in MiB at the end of the run.

| date       | placements | seed ms | migrate ms | rows moved | second pass ms | erase ms | anonymised | purge dry-run ms | purge ms | purged | rss MiB |
| ---------- | ---------- | ------- | ---------- | ---------- | -------------- | -------- | ---------- | ---------------- | -------- | ------ | ------- |
`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = Date.now();
  const result = await work();
  return [result, Date.now() - t];
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const azurite = await startAzurite();
  try {
    // Rows under a previous EMAIL_HASH_KEY: the migration moves them to the current one.
    const previous = KeyHasher.keyed('a-previous-email-hash-key-of-the-bench-0123');
    const old = new TableStore(azurite.connectionString, 'bench', previous);
    await old.ensureTables();
    const [scenario, seedMs] = await timed(() => seedReminderScenario(old, 'http://127.0.0.1:9/', count));
    const store = new TableStore(azurite.connectionString, 'bench', KeyHasher.development());
    const [migrated, migrateMs] = await timed(() => migrateToKeyedHashes(store, previous));
    const [, secondMs] = await timed(() => migrateToKeyedHashes(store, previous));
    const deps = {
      placements: new PlacementRepository(store),
      personalData: new PersonalDataRepository(store),
    };
    const supervisor = scenario.placements[0]?.supervisor.email ?? '';
    const [erased, eraseMs] = await timed(() => erasePerson(supervisor, deps));
    const purge = (dryRun: boolean) =>
      purgeExpiredPlacements({ today: '2035-01-01', months: 18, dryRun }, deps);
    const [, dryRunMs] = await timed(() => purge(true));
    const [purged, purgeMs] = await timed(() => purge(false));
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const cells = [
      new Date().toISOString().slice(0, 10),
      count,
      seedMs,
      migrateMs,
      migrated.rowsMoved,
      secondMs,
      eraseMs,
      erased.anonymisedPlacements.length,
      dryRunMs,
      purgeMs,
      purged.placements.length,
      rss,
    ];
    // Padded to the header's columns, so the file stays as the formatter writes it.
    const widths = (HEADER.split('\n').find((l) => l.startsWith('| date')) ?? '')
      .split('|')
      .slice(1, -1)
      .map((c) => c.length - 2);
    const line = `| ${cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' | ')} |`;
    process.stdout.write(`${line}\n`);
    const file = path.join(projectRoot(), 'bench', 'privacy-results.md');
    if (!existsSync(file)) writeFileSync(file, HEADER);
    appendFileSync(file, `${line}\n`);
  } finally {
    await azurite.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
