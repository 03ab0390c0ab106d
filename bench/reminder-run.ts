/**
 * The reminder run: two bot processes with reminders on (bot-process.ts) share one Azurite, one
 * queue and Teams' per-tenant limit (a local connector that enforces 50/s per tenant and 7/s per
 * conversation, as Teams does). One of them sweeps (its schedule fires a few seconds after start;
 * the other's does not fire during the run, as if the sweep lease had gone to the first), both
 * deliver, and the other is killed (SIGKILL) once a third of the reminders have arrived. Counts
 * what arrived per conversation against what the scenario expects, and the send rate against
 * the rate the workers are allowed (80 % of the limit, shared by the live workers).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { projectRoot } from '../src/project-root';
import { PlacementRepository } from '../src/storage/placement-repository';
import { ReminderRepository } from '../src/storage/reminder-repository';
import { RoundRepository } from '../src/storage/round-repository';
import { TableStore } from '../src/storage/table-store';
import { FakeConnector } from '../test/support/connector';
import { SWEEP_NOW, seedReminderScenario } from '../test/support/reminder-scenario';
import { azuritePid, type BenchChild, cpuSecondsOf, startChild } from './children';

export interface ReminderRunOptions {
  readonly connectionString: string;
  readonly queuePort: number;
  readonly tablePort: number;
  /** Placements stored; `due` of them have reminders due, the rest have nothing due. */
  readonly placements: number;
  readonly due: number;
  readonly supervisors: number;
  readonly log: (line: string) => void;
}

export interface ReminderRunResult {
  readonly placements: number;
  readonly supervisors: number;
  readonly seedSeconds: number;
  readonly expected: number;
  readonly delivered: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly uncertain: number;
  readonly sweepSeconds: number;
  /** Sends per second from the first to the last arrival, both workers and after the kill. */
  readonly rate: number;
  readonly rateBeforeKill: number;
  readonly rateAfterKill: number;
  readonly allowedRate: number;
  readonly peakPerSecond: number;
  readonly throttled: number;
  readonly sweeperPeakRssMiB: number;
  readonly sweeperHeapMiB: number;
  /** Milliseconds per call on the stored placements: a point read, and a partition range query. */
  readonly probe: { pointReadMs: number; rangeQueryMs: number };
  readonly cpu: { sweeper: number; killed: number; azuriteTable: number; azuriteQueue: number };
  readonly seconds: number;
}

/** A cron expression (with seconds) that fires once, `seconds` from now, read in `timeZone`, and when. */
function onceIn(seconds: number, timeZone: string): { cron: string; at: number } {
  const at = new Date(Math.floor((Date.now() + seconds * 1000) / 1000) * 1000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return {
    cron: `${parts.second} ${parts.minute} ${parts.hour} ${parts.day} ${parts.month} *`,
    at: at.getTime(),
  };
}

/**
 * What one read costs the emulator with this many rows stored: a point read (the placement) and a
 * range query within one partition (its rounds, as the worker reads them before a send). Table
 * Storage serves both from its index; Azurite evaluates a query's filter on every row of the table.
 */
async function probeReads(store: TableStore, ids: readonly string[]) {
  const sample = ids.slice(0, 40);
  const placements = new PlacementRepository(store);
  const rounds = new RoundRepository(store);
  let t = performance.now();
  for (const id of sample) await placements.get(id);
  const pointReadMs = (performance.now() - t) / sample.length;
  t = performance.now();
  for (const id of sample) await rounds.list(id);
  const rangeQueryMs = (performance.now() - t) / sample.length;
  return { pointReadMs, rangeQueryMs };
}

/** The NODE_OPTIONS the web app runs with (infra/main.bicep), so the bot processes start as deployed. */
export function deployedNodeOptions(): { NODE_OPTIONS?: string } {
  const template = readFileSync(path.join(projectRoot(), 'infra', 'main.bicep'), 'utf8');
  const options = /^\s*NODE_OPTIONS: '([^']*)'$/m.exec(template)?.[1];
  return options ? { NODE_OPTIONS: options } : {};
}

const rateOf = (times: readonly number[]) =>
  times.length > 1 ? (times.length - 1) / (((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000) : 0;

export async function runReminderRun(options: ReminderRunOptions): Promise<ReminderRunResult> {
  const { connectionString, log } = options;
  const connector = await FakeConnector.throttling();
  const children: BenchChild[] = [];
  try {
    const store = new TableStore(connectionString, 'rem');
    await store.ensureTables();
    let t = Date.now();
    const quiet = options.placements - options.due;
    const dueSupervisors = Math.max(1, Math.round((options.supervisors * options.due) / options.placements));
    log(`seeding ${options.placements} placements (${options.due} with reminders due)`);
    // Approved rounds: stored and read by every sweep, nothing due.
    if (quiet > 0)
      await seedReminderScenario(store, connector.url, quiet, {
        group: 3,
        supervisors: options.supervisors - dueSupervisors,
      });
    const scenario = await seedReminderScenario(store, connector.url, options.due, {
      supervisors: dueSupervisors,
    });
    const seedSeconds = (Date.now() - t) / 1000;
    const probe = await probeReads(
      store,
      scenario.placements.map((p) => p.id),
    );
    const expected = [...scenario.expected.values()].reduce((a, b) => a + b, 0);

    const config = loadConfig({});
    const allowedRate = Math.floor(config.reminders.ratePerSecond * 0.8);
    const env = {
      ...deployedNodeOptions(),
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_PREFIX: 'rem',
      REMINDERS: 'on',
      REMINDER_QUEUE: 'bench-reminders',
      REMINDER_VISIBILITY_SECONDS: '10',
      BENCH_CLOCK: SWEEP_NOW.toISOString(),
      PORT: '0',
    };
    const schedule = onceIn(8, config.reminders.timeZone);
    let sweepDoneAt: number | undefined;
    const sweeper = await startChild(
      'bot-process.js',
      { ...env, LOG_LEVEL: 'info', REMINDER_SCHEDULE: schedule.cron },
      (line) => {
        if (sweepDoneAt === undefined && line.includes('"sweep_done"'))
          sweepDoneAt = (JSON.parse(line) as { time: number }).time;
      },
    );
    children.push(sweeper);
    const other = await startChild('bot-process.js', {
      ...env,
      LOG_LEVEL: 'warn',
      REMINDER_SCHEDULE: '0 0 1 1 *',
    });
    children.push(other);
    const tablePid = azuritePid('table', options.tablePort);
    const queuePid = azuritePid('queue', options.queuePort);
    const cpuAtStart = { table: cpuSecondsOf(tablePid), queue: cpuSecondsOf(queuePid) };
    t = Date.now();
    const posts = () => connector.sent().filter((c) => c.method === 'POST');
    let killedAt: number | undefined;
    let lastCount = 0;
    let lastProgress = Date.now();
    let killedCpu = 0;
    while (Date.now() - t < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const count = posts().length;
      if (count !== lastCount) {
        lastCount = count;
        lastProgress = Date.now();
      }
      if (killedAt === undefined && count >= expected / 3) {
        killedCpu = other.cpuSeconds();
        killedAt = Date.now();
        await other.kill();
        log(`killed the second bot process after ${count} of ${expected} reminders`);
      }
      if (count >= expected) break;
      // Nothing arrived for a while: what remains will not come in this run.
      if (count > 0 && Date.now() - lastProgress > 30_000) break;
    }
    const seconds = (Date.now() - t) / 1000;
    const memory = await sweeper.memory();
    const times = posts().map((c) => c.at);
    const firstSend = times[0] ?? 0;
    const counts = connector.deliveredCounts();
    let duplicates = 0;
    let missing = 0;
    for (const [conversation, want] of scenario.expected) {
      const got = counts.get(conversation) ?? 0;
      if (got > want) duplicates += got - want;
      if (got < want) missing += want - got;
    }
    for (const [conversation, got] of counts) if (!scenario.expected.has(conversation)) duplicates += got;
    const ledger = [...(await new ReminderRepository(store).scan()).ledger.values()].flat();
    const result: ReminderRunResult = {
      placements: options.placements,
      supervisors: options.supervisors,
      seedSeconds,
      expected,
      delivered: times.length,
      duplicates,
      missing,
      uncertain: ledger.filter((e) => e.status === 'uncertain').length,
      sweepSeconds: sweepDoneAt ? (sweepDoneAt - schedule.at) / 1000 : Number.NaN,
      rate: rateOf(times),
      rateBeforeKill: rateOf(times.filter((at) => at < (killedAt ?? Infinity))),
      rateAfterKill: rateOf(times.filter((at) => at >= (killedAt ?? Infinity))),
      allowedRate,
      peakPerSecond: connector.peakRates().global,
      throttled: connector.throttled,
      sweeperPeakRssMiB: memory.maxRss / 1024 / 1024,
      sweeperHeapMiB: memory.heapUsed / 1024 / 1024,
      probe,
      cpu: {
        sweeper: sweeper.cpuSeconds(),
        killed: killedCpu,
        azuriteTable: cpuSecondsOf(tablePid) - cpuAtStart.table,
        azuriteQueue: cpuSecondsOf(queuePid) - cpuAtStart.queue,
      },
      seconds: firstSend ? ((times.at(-1) ?? firstSend) - firstSend) / 1000 : seconds,
    };
    return result;
  } finally {
    for (const child of children) await child.stop();
    await connector.stop();
  }
}
