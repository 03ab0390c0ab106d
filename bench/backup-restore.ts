/**
 * `npm run bench:backup [-- <placements, default 10000>]`: seeds the placements (each with its
 * approved first round: the version's rows, its texts and the decision, as the bot stores them)
 * into one Azurite, times `backup now` (the command, in a process of its own) and a restore of
 * that backup into a second, empty Azurite (`backup restore <id> --into <connection string>`),
 * and writes rows, bytes, seconds and peak RSS into BENCHMARKS.md between its markers. Both
 * Azurites run on this machine, on the same cores as the commands.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import type { AgreementVersion } from '../src/domain/agreement-version';
import { allWerkprocessen } from '../src/domain/qualification';
import { startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { loadQualificationCatalog } from '../src/qualifications/catalog';
import { DEVELOPMENT_EMAIL_HASH_KEY, KeyHasher } from '../src/storage/keys';
import { PlacementRepository } from '../src/storage/placement-repository';
import { connectionStringTarget } from '../src/storage/storage-target';
import { blobService, TableBackupStore } from '../src/storage/table-backup';
import { TableStore } from '../src/storage/table-store';
import { decisionEntity, versionRows } from '../src/storage/version-rows';
import { type CliRun, runCli } from './cli-run';

const BEGIN = '<!-- npm run bench:backup: figures below are written by bench/backup-restore.ts -->';
const END = '<!-- end of backup figures -->';
const LEVELS = ['Bg', 'G', 'Bk', 'nvt'];

async function seed(store: TableStore, count: number): Promise<void> {
  const q = loadQualificationCatalog().require('ict-beheerder');
  const codes = allWerkprocessen(q).map((w) => w.code);
  const placements = new PlacementRepository(store);
  const table = store.client('placements');
  const at = '2026-09-14T09:30:00.000Z';
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const header = {
        company: `Bedrijf ${i % 300}`,
        studentName: `Student ${i}`,
        trainerName: `Praktijkopleider ${i % 2000}`,
        supervisorName: `Begeleider ${i % 100}`,
        qualificationId: q.id,
        startDate: '2026-09-01',
        endDate: '2027-06-30',
      };
      const { id } = await placements.importPlacement({
        student: { email: `student${i}@student.example.org`, name: header.studentName },
        trainer: { email: `trainer${i % 2000}@bedrijf.example.org`, name: header.trainerName },
        supervisor: { email: `begeleider${i % 100}@roc.example.org`, name: header.supervisorName },
        company: header.company,
        qualificationId: q.id,
        startDate: header.startDate,
        endDate: header.endDate,
      });
      const version: AgreementVersion = {
        placementId: id,
        round: 1,
        kind: 'start',
        version: 1,
        header,
        levels: Object.fromEntries(codes.map((c, n) => [c, LEVELS[(i + n) % LEVELS.length] as string])),
        werkzaamheden: Object.fromEntries(
          q.kerntaken.map((k) => [
            k.code,
            `Werkzaamheden bij kerntaak ${k.code}: netwerk, werkplekken. `.repeat(6),
          ]),
        ),
        notes: {
          student: { '1.1': 'Eerst meelopen met een collega' },
          trainer: { '2.1': 'Samen met de servicedesk' },
        },
        settled: { by: 'trainer', at },
        confirmed: { by: 'student', at },
        submittedAt: at,
      };
      // One partition per placement: the version, its texts and the decision in one batch.
      await table.submitTransaction([
        ...versionRows(version).map((row) => ['create', row] as ['create', typeof row]),
        [
          'create',
          decisionEntity({
            placementId: id,
            round: 1,
            version: 1,
            outcome: 'approved',
            by: 'supervisor',
            at,
          }),
        ],
      ]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function check(name: string, run: CliRun, pattern: RegExp): RegExpExecArray {
  const found = pattern.exec(run.stdout);
  if (run.code !== 0 || !found) throw new Error(`${name}: exit ${run.code}, output '${run.stdout}'`);
  return found;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const source = await startAzurite({ blob: true });
  const empty = await startAzurite();
  try {
    const store = new TableStore(
      source.connectionString,
      'bench',
      KeyHasher.keyed(DEVELOPMENT_EMAIL_HASH_KEY),
    );
    await store.ensureTables();
    const seeding = performance.now();
    await seed(store, count);
    const seededS = (performance.now() - seeding) / 1000;

    const backup = await runCli('backup', ['now'], source.connectionString);
    const id = check('backup now', backup, /^(\S+)$/m)[1] as string;
    const backups = new TableBackupStore(store, blobService(connectionStringTarget(source.connectionString)));
    const manifest = (await backups.list()).find((m) => m.id === id);
    if (!manifest) throw new Error(`backup ${id} not listed`);
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    const bytes = manifest.tables.reduce((sum, t) => sum + t.bytes, 0);

    const restore = await runCli(
      'backup',
      ['restore', id, '--into', empty.connectionString],
      source.connectionString,
    );
    const restored = Number(check('restore', restore, /teruggezet: \S+, (\d+) rijen/)[1]);
    if (restored !== rows) throw new Error(`restored ${restored} rows of ${rows}`);

    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const lines = [
      BEGIN,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on this machine (Node ${process.versions.node}, ${cpus().length} cores shared with other work, load ${loadavg()[0]?.toFixed(1)}). **Both Azurites run on the same 2 cores as the commands**, in memory; Azure Table Storage is further away per call but does not share the CPU. ${count.toLocaleString('en')} placements, each with an approved first round, seeded in ${seededS.toFixed(0)} s.`,
      '',
      '| step | rows | tables | backup size (JSON) | time | CPU | peak RSS |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| \`npm run backup -- now\` | ${rows.toLocaleString('en')} | ${manifest.tables.length} | ${mb(bytes)} MB | ${backup.seconds.toFixed(1)} s | ${backup.cpuSeconds.toFixed(1)} s | ${backup.peakRssMb} MB |`,
      `| \`npm run backup -- restore <id> --into <empty account>\` | ${restored.toLocaleString('en')} | ${manifest.tables.length} | | ${restore.seconds.toFixed(1)} s | ${restore.cpuSeconds.toFixed(1)} s | ${restore.peakRssMb} MB |`,
      '',
      END,
    ].join('\n');
    const file = path.join(projectRoot(), 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    const next =
      start >= 0 && end > start
        ? `${text.slice(0, start)}${lines}${text.slice(end + END.length)}`
        : `${text.trimEnd()}\n\n## Backup and restore of 10,000 placements\n\n\`npm run bench:backup\` (bench/backup-restore.ts).\n\n${lines}\n`;
    writeFileSync(file, next);
    process.stdout.write(`${lines}\n`);
  } finally {
    await source.stop();
    await empty.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
