import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { AgreementVersion } from '../src/domain/agreement-version';
import { allWerkprocessen } from '../src/domain/qualification';
import { startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { loadQualificationCatalog } from '../src/qualifications/catalog';
import { DEVELOPMENT_EMAIL_HASH_KEY, KeyHasher } from '../src/storage/keys';
import { PlacementRepository } from '../src/storage/placement-repository';
import { TableStore } from '../src/storage/table-store';
import { decisionEntity, versionRows } from '../src/storage/version-rows';
import { runCli } from './cli-run';
import { addTableRow } from './results-table';

const TABLE_HEADING = '## Agreement export';
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
      const { id } = await placements.importPlacement({
        student: { email: `student${i}@student.example.org`, name: `Student ${i}` },
        trainer: { email: `trainer${i % 100}@bedrijf.example.org`, name: `Praktijkopleider ${i % 100}` },
        supervisor: { email: `begeleider${i % 10}@roc.example.org`, name: `Begeleider ${i % 10}` },
        company: `Bedrijf ${i % 100}`,
        qualificationId: q.id,
        startDate: '2026-09-01',
        endDate: '2027-06-30',
      });
      const version: AgreementVersion = {
        placementId: id,
        round: 1,
        kind: 'start',
        version: 1,
        header: {
          company: `Bedrijf ${i % 100}`,
          studentName: `Student ${i}`,
          trainerName: `Praktijkopleider ${i % 100}`,
          supervisorName: `Begeleider ${i % 10}`,
          qualificationId: q.id,
          startDate: '2026-09-01',
          endDate: '2027-06-30',
        },
        levels: Object.fromEntries(codes.map((c, n) => [c, LEVELS[(i + n) % LEVELS.length] as string])),
        werkzaamheden: Object.fromEntries(
          q.kerntaken.map((k) => [k.code, `Werkzaamheden ${k.code} `.repeat(40)]),
        ),
        notes: { student: { '1.1': 'Eerst meelopen' }, trainer: { '2.1': 'Met een collega' } },
        settled: { by: 'trainer', at },
        confirmed: { by: 'student', at },
        submittedAt: at,
      };
      for (const row of versionRows(version)) await table.createEntity(row);
      await table.createEntity(
        decisionEntity({ placementId: id, round: 1, version: 1, outcome: 'approved', by: 'supervisor', at }),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  summary: string;
  code: number | null;
}

async function exportOnce(out: string, connectionString: string): Promise<Run> {
  const run = await runCli(
    'export',
    ['agreements', '--format', 'pdf,csv,json', '--out', out],
    connectionString,
  );
  return {
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    peakRssMb: run.peakRssMb,
    summary: run.stdout.split('\n').find((line) => line.includes('goedgekeurde versie')) ?? '',
    code: run.code,
  };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-export-'));
  const azurite = await startAzurite();
  try {
    const store = new TableStore(
      azurite.connectionString,
      'bench',
      KeyHasher.keyed(DEVELOPMENT_EMAIL_HASH_KEY),
    );
    await store.ensureTables();
    await seed(store, count);
    const first = await exportOnce(dir, azurite.connectionString);
    const again = await exportOnce(dir, azurite.connectionString);
    const files = count + 2;
    for (const [name, run, expected] of [
      ['first export', first, `${files} bestand(en) geschreven, 0 ongewijzigd`],
      ['second export', again, `0 bestand(en) geschreven, ${files} ongewijzigd`],
    ] as const) {
      if (run.code !== 0 || !run.summary.endsWith(expected))
        throw new Error(`${name}: exit ${run.code}, summary '${run.summary}', expected '${expected}'`);
    }
    const cell = (run: Run) =>
      `${(count / run.seconds).toFixed(1)} | ${run.seconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${run.peakRssMb}`;
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    const row = `| ${new Date().toISOString().slice(0, 10)} | ${count} | ${cell(first)} | ${cell(again)} | ${load} |`;
    process.stdout.write(`${row}\n`);
    addTableRow(path.join(projectRoot(), 'bench', 'results.md'), TABLE_HEADING, row);
  } finally {
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
