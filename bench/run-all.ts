/**
 * `npm run bench`: the card step against its floor at 1, 16 and 64 students, storage requests per
 * action, the reminder plan, and the reminder run with 10,000 placements stored (a bot process's
 * peak memory, the send rate, duplicates and losses with one of two processes killed), all on one
 * in-memory Azurite. Writes the figures into BENCHMARKS.md between its markers; the text around
 * them (method, what remains) is kept. Options: `--repeats N` (3), `--seconds S` per run (5),
 * `--placements N` (10000), `--due N` (2000), `--supervisors N` (50), `--students 1,16,64`,
 * `--only step,requests,plan,reminders`; BENCH_CPU_PROF=<dir> profiles the bot processes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { FakeConnector } from '../test/support/connector';
import { timePlan } from './plan';
import { runReminderRun } from './reminder-run';
import { countStorageRequests } from './request-count';
import { runStepBench, type StepFigures, type StepRun } from './step-bench';
import { median } from './step-load';

const BEGIN = '<!-- npm run bench: figures below are written by bench/run-all.ts -->';
const END = '<!-- end of written figures -->';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function students(): number[] {
  const at = process.argv.indexOf('--students');
  return at >= 0 ? (process.argv[at + 1] ?? '').split(',').map(Number) : [1, 16, 64];
}

function only(): Set<string> | undefined {
  const at = process.argv.indexOf('--only');
  return at >= 0 ? new Set((process.argv[at + 1] ?? '').split(',')) : undefined;
}

const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const f1 = (n: number) => (Number.isFinite(n) ? (Math.abs(n) < 10 ? n.toFixed(2) : n.toFixed(1)) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

function machine(loadAtStart: number[]): string[] {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- CPU: ${cpus.length} × ${cpus[0]?.model ?? 'unknown'}; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- ${os.type()} ${os.release()}, Node ${process.version}`,
    `- Load average (1, 5, 15 min) at the start: ${loadAtStart.map(f2).join(', ')}; at the end: ${os.loadavg().map(f2).join(', ')}`,
  ];
}

/** Per concurrency: medians of the runs for bot and floor, and the median of the per-run ratios. */
function stepTable(runs: readonly StepRun[]): string[] {
  const lines = [
    '| students | runs | figure | bot (median) | floor (median) | ratio (median of runs) | ratios per run |',
    '| -------- | ---- | ------ | ------------ | -------------- | ---------------------- | -------------- |',
  ];
  const keys: [keyof StepFigures, string][] = [
    ['p50', 'p50 ms'],
    ['p95', 'p95 ms'],
    ['p99', 'p99 ms'],
    ['throughput', 'clicks/s'],
    ['cpuMsPerClick', 'CPU ms per click, bot or floor process'],
    ['azuriteCpuMsPerClick', 'CPU ms per click, Azurite table service'],
  ];
  for (const concurrency of [...new Set(runs.map((r) => r.concurrency))]) {
    const of = runs.filter((r) => r.concurrency === concurrency);
    for (const [key, label] of keys) {
      const ratios = of.map((r) => r.bot[key] / r.floor[key]);
      lines.push(
        `| ${concurrency} | ${of.length} | ${label} | ${f1(median(of.map((r) => r.bot[key])))} | ${f1(median(of.map((r) => r.floor[key])))} | ${f2(median(ratios))} | ${ratios.map(f2).join(', ')} |`,
      );
    }
  }
  const queried = runs.filter((r) => r.floorQuery);
  if (queried.length > 0) {
    const c = queried[0]?.concurrency;
    lines.push(
      '',
      `Diagnostic, at ${c} students only: the floor reading its row by a range query in its partition (as the bot read a round before its texts moved into the round row) instead of a point read, in the same runs.`,
      '',
      '| students | runs | figure | bot (median) | floor with a range query (median) | ratio (median of runs) | ratios per run |',
      '| -------- | ---- | ------ | ------------ | --------------------------------- | ---------------------- | -------------- |',
    );
    for (const [key, label] of keys) {
      const ratios = queried.map((r) => r.bot[key] / (r.floorQuery as StepFigures)[key]);
      lines.push(
        `| ${c} | ${queried.length} | ${label} | ${f1(median(queried.map((r) => r.bot[key])))} | ${f1(median(queried.map((r) => (r.floorQuery as StepFigures)[key])))} | ${f2(median(ratios))} | ${ratios.map(f2).join(', ')} |`,
      );
    }
  }
  const clicks = runs.reduce((a, r) => a + r.bot.clicks, 0);
  const floorClicks = runs.reduce((a, r) => a + r.floor.clicks, 0);
  const errors = runs.reduce((a, r) => a + r.bot.errors + r.floor.errors, 0);
  const size = median(runs.map((r) => r.bot.bodyBytes));
  const floorSize = median(runs.map((r) => r.floor.bodyBytes));
  lines.push(
    '',
    `Clicks measured: ${clicks} on the bot, ${floorClicks} on the floor; failed clicks: ${errors}. Invoke answer size: bot ${Math.round(size)} bytes (median), floor ${Math.round(floorSize)} bytes.`,
  );
  return lines;
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  const started = Date.now();
  const repeats = option('repeats', 3);
  const seconds = option('seconds', 5);
  const placements = option('placements', 10_000);
  const due = option('due', 2_000);
  const supervisors = option('supervisors', 50);
  const parts = only();
  const wants = (part: string) => !parts || parts.has(part);
  const out: string[] = [BEGIN, '', '### Machine and run', '', ...[]];
  const azurite = await startAzurite();
  const connector = new FakeConnector();
  await connector.start();
  const sections: string[] = [];
  try {
    if (wants('step')) {
      const runs = await runStepBench({
        connectionString: azurite.connectionString,
        tablePort: azurite.tablePort,
        connector,
        concurrencies: students(),
        repeats,
        warmupMs: 1500,
        measureMs: seconds * 1000,
        log,
      });
      sections.push(
        '### Card step against the floor',
        '',
        `Each run: ${seconds} s measured after 1.5 s of warm-up, the floor and the bot one after the other (the order alternating between runs), ${repeats} runs per number of students.`,
        '',
        ...stepTable(runs),
        '',
      );
    }
    if (wants('requests')) {
      log('counting storage requests per action');
      const counts = await countStorageRequests(azurite.connectionString);
      sections.push(
        '### Storage requests per action',
        '',
        '| action | requests | which |',
        '| ------ | -------- | ----- |',
        ...counts.map((c) => `| ${c.action} | ${c.requests.length} | ${c.requests.join(', ') || '–'} |`),
        '',
      );
    }
    if (wants('plan')) {
      log('timing the reminder plan');
      const plan = timePlan(10_000, 7);
      sections.push(
        '### Reminder plan (rules only)',
        '',
        '| placements | reminders | median ms | fastest ms | slowest ms | target ms | median / target |',
        '| ---------- | --------- | --------- | ---------- | ---------- | --------- | --------------- |',
        `| 10000 | ${plan.reminders} | ${f1(plan.median)} | ${f1(plan.sorted[0] ?? Number.NaN)} | ${f1(plan.sorted.at(-1) ?? Number.NaN)} | 300 | ${f2(plan.median / 300)} |`,
        '',
      );
    }
    if (wants('reminders')) {
      const run = await runReminderRun({
        connectionString: azurite.connectionString,
        tablePort: azurite.tablePort,
        queuePort: azurite.queuePort,
        placements,
        due,
        supervisors,
        log,
      });
      log(`reminders: ${JSON.stringify(run)}`);
      sections.push(
        '### Reminder run with one of two bot processes killed',
        '',
        '| figure | value | target | value / target |',
        '| ------ | ----- | ------ | -------------- |',
        `| placements stored (supervisors) | ${run.placements} (${run.supervisors}) | 10000 (50) | |`,
        `| reminders expected / delivered | ${run.expected} / ${run.delivered} | | |`,
        `| duplicates / missing | ${run.duplicates} / ${run.missing} | 0 / 0 | |`,
        `| ledger entries left uncertain (worker died while sending) | ${run.uncertain} | | |`,
        `| send rate, first to last arrival (/s) | ${f1(run.rate)} | ≥ ${f1(0.9 * run.allowedRate)} (0.9 × ${run.allowedRate}) | ${f2(run.rate / run.allowedRate)} of allowed |`,
        `| send rate, both processes alive (/s) | ${f1(run.rateBeforeKill)} | | ${f2(run.rateBeforeKill / run.allowedRate)} of allowed |`,
        `| send rate, after the kill (/s) | ${f1(run.rateAfterKill)} | | ${f2(run.rateAfterKill / run.allowedRate)} of allowed |`,
        `| most sends arriving within one second | ${run.peakPerSecond} | ≤ 50 | |`,
        `| answered 429 | ${run.throttled} | 0 | |`,
        `| sweep (plan from storage and queueing), s | ${f1(run.sweepSeconds)} | | |`,
        `| peak RSS of the sweeping bot process, MiB | ${f1(run.sweeperPeakRssMiB)} | < 250 | ${f2(run.sweeperPeakRssMiB / 250)} |`,
        `| its V8 heap in use at the end, MiB | ${f1(run.sweeperHeapMiB)} | | |`,
        `| Azurite with these rows stored: point read / range query in one partition, ms | ${f2(run.probe.pointReadMs)} / ${f2(run.probe.rangeQueryMs)} | | ${f1(run.probe.rangeQueryMs / run.probe.pointReadMs)} × |`,
        `| CPU s during the run: sweeping process / killed process (until killed) | ${f1(run.cpu.sweeper)} / ${f1(run.cpu.killed)} | | |`,
        `| CPU s during the run: Azurite table / queue | ${f1(run.cpu.azuriteTable)} / ${f1(run.cpu.azuriteQueue)} | | |`,
        `| seconds from first to last arrival; seeding took | ${f1(run.seconds)}; ${f1(run.seedSeconds)} | | |`,
        '',
      );
    }
  } finally {
    await connector.stop();
    await azurite.stop();
  }
  out.push(
    ...machine(loadAtStart),
    `- Command: \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`; took ${f1((Date.now() - started) / 60_000)} min`,
    '',
    ...sections,
    END,
  );
  const file = path.join(projectRoot(), 'BENCHMARKS.md');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const begin = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  const text =
    begin >= 0 && end > begin
      ? `${existing.slice(0, begin)}${out.join('\n')}${existing.slice(end + END.length)}`
      : `${existing.trimEnd()}\n\n${out.join('\n')}\n`;
  writeFileSync(file, text);
  // The tables as the project's formatter aligns them, so `npm run lint` passes on the written file.
  spawnSync(path.join(projectRoot(), 'node_modules', '.bin', 'biome'), ['format', '--write', file], {
    stdio: 'ignore',
  });
  log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
