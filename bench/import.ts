/**
 * Benchmark of `npm run placements -- import`: writes a CSV of N placements (default 50,000; a
 * trainer has ten students, a supervisor a hundred) into a temporary folder, starts an in-memory
 * Azurite, imports the file and then imports it again (which must change nothing), each import in
 * a process of its own. Prints the numbers and adds a row to the import table in
 * bench/results.md. Run: `npm run bench:import -- 50000`.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PLACEMENT_CSV_COLUMNS } from '../src/domain/placement';
import { startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { runCli } from './cli-run';
import { addTableRow } from './results-table';

const TABLE_HEADING = '## Placement import';

function placementsCsv(count: number): string {
  const lines = [PLACEMENT_CSV_COLUMNS.join(',')];
  for (let i = 0; i < count; i++) {
    const trainer = i % Math.max(1, Math.floor(count / 10));
    const supervisor = i % Math.max(1, Math.floor(count / 100));
    lines.push(
      [
        `student${i}@student.example.org`,
        `Student ${i}`,
        `trainer${trainer}@bedrijf.example.org`,
        `Praktijkopleider ${trainer}`,
        `begeleider${supervisor}@roc.example.org`,
        `Begeleider ${supervisor}`,
        `"Bedrijf ${trainer}, ICT"`,
        'ict-beheerder',
        '2026-09-01',
        '2027-06-30',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

interface Run {
  seconds: number;
  cpuSeconds: number;
  azuriteCpuSeconds: number;
  peakRssMb: number;
  summary: string;
  code: number | null;
}

/** CPU seconds used so far by this process's Azurite table service (Linux /proc; 0 elsewhere). */
function azuriteCpuSeconds(): number {
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('azurite-table')) continue;
      return (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    // Not Linux: the column stays 0.
  }
  return 0;
}

async function importOnce(file: string, connectionString: string): Promise<Run> {
  const azuriteBefore = azuriteCpuSeconds();
  const run = await runCli('placements', ['import', file], connectionString);
  return {
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    azuriteCpuSeconds: azuriteCpuSeconds() - azuriteBefore,
    peakRssMb: run.peakRssMb,
    summary: run.stdout.split('\n').find((line) => line.startsWith('nieuw:')) ?? '',
    code: run.code,
  };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 50_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));
  const file = path.join(dir, 'placements.csv');
  writeFileSync(file, placementsCsv(count));
  const azurite = await startAzurite();
  try {
    const first = await importOnce(file, azurite.connectionString);
    const again = await importOnce(file, azurite.connectionString);
    for (const [name, run, expected] of [
      ['first import', first, `nieuw: ${count}, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 0, mislukt: 0`],
      ['re-import', again, `nieuw: 0, bijgewerkt: 0, ongewijzigd: ${count}, afgewezen: 0, mislukt: 0`],
    ] as const) {
      if (run.code !== 0 || !run.summary.startsWith(expected)) {
        throw new Error(`${name}: exit ${run.code}, summary '${run.summary}', expected '${expected}'`);
      }
    }
    const cell = (run: Run) =>
      `${(count / run.seconds).toFixed(0)} | ${run.seconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${run.azuriteCpuSeconds.toFixed(1)} | ${run.peakRssMb}`;
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
