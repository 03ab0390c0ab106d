/**
 * Benchmark of `npm run placements -- import`: writes a CSV of N placements (default 50,000; a
 * trainer has ten students, a supervisor a hundred) into a temporary folder, starts an in-memory
 * Azurite, imports the file and then imports it again (which must change nothing), each import in
 * a process of its own. Prints the numbers and adds a row to the import table in
 * bench/results.md. Run: `npm run bench:import -- 50000`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PLACEMENT_CSV_COLUMNS } from '../src/domain/placement';
import { startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { addTableRow } from './results-table';

const TABLE_HEADING = '## Placement import';

function packageScripts(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts ?? {};
}

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
  // The same heap ceiling as `npm run placements` (package.json) runs the command with.
  const nodeFlags = /node (--[^ ]+ )*dist\/src\/cli\/placements\.js/
    .exec(packageScripts().placements ?? '')?.[0]
    .split(' ')
    .filter((word) => word.startsWith('--'));
  const child = spawn(
    process.execPath,
    [...(nodeFlags ?? []), path.join(__dirname, 'import-child.js'), file],
    {
      env: { ...process.env, STORAGE_CONNECTION_STRING: connectionString, TABLE_PREFIX: 'bench' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const started = process.hrtime.bigint();
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /peak-rss-kb (\d+)/.exec(stdout);
  const cpu = /cpu-ms (\d+)/.exec(stdout);
  return {
    seconds,
    cpuSeconds: Number(cpu?.[1] ?? 0) / 1000,
    azuriteCpuSeconds: azuriteCpuSeconds() - azuriteBefore,
    peakRssMb: Math.round(Number(rss?.[1] ?? 0) / 1024),
    summary: stdout.split('\n').find((line) => line.startsWith('nieuw:')) ?? '',
    code,
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
