/**
 * `npm run bench:idle`: storage calls of idle bot processes. Runs 1, then 2 real bots (startBot:
 * HTTP server, reminder schedule and queue worker, rate share, retention and backup schedules) on
 * one Azurite (tables, queue and blobs), each service behind a counting proxy, with placements
 * stored but nothing due. The sweep runs every 15 s instead of every 15 minutes and the bench asks
 * `/healthz` of every instance every second instead of App Service's once a minute: 60 times the
 * pace, scaled back to a day below. The queue worker's pause and the rate share's idle time are the
 * product's own, in real time. Writes the figures into BENCHMARKS.md between its markers.
 *
 * Usage: `npm run bench:idle [-- <measured seconds, default 240>]`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { freePort, startAzurite } from '../src/local/azurite';
import { createLogger } from '../src/logger';
import { projectRoot } from '../src/project-root';
import { createBackupSchedule } from '../src/scheduler/backup-schedule';
import { MAX_IDLE_POLL_MS } from '../src/scheduler/reminder-worker';
import { type RunningBot, startBot } from '../src/server';
import { PlacementRepository } from '../src/storage/placement-repository';
import { ReminderRepository } from '../src/storage/reminder-repository';
import { connectionStringTarget } from '../src/storage/storage-target';
import { blobService, TableBackupStore } from '../src/storage/table-backup';
import { TableStore } from '../src/storage/table-store';
import { createRetentionSchedule } from '../src/wiring/schedules';
import { type CountedRequest, CountingProxy, RATE_SHARES_KEYS } from '../test/support/counting-proxy';

const BEGIN = '<!-- npm run bench:idle: figures below are written by bench/idle-storage.ts -->';
const END = '<!-- end of idle storage figures -->';

/** The sweep's pace here against the default `*\/15 * * * *`, and the health check's against once a minute. */
const SWEEP_EVERY_S = 15;
const SWEEPS_PER_DAY = (24 * 60) / 15;
const HEALTH_CHECKS_PER_DAY = 24 * 60;
/** The worker's idle poll at its longest pause. */
const POLLS_PER_DAY = (24 * 60 * 60 * 1000) / MAX_IDLE_POLL_MS;
const WARM_UP_MS = 45_000;
const PLACEMENTS = 50;

interface Counted {
  readonly sweep: number;
  readonly share: number;
  readonly health: number;
  readonly queue: number;
  readonly receives: number;
}

function classify(table: CountedRequest[], queue: CountedRequest[]): Counted {
  const share = table.filter((r) => r.path.endsWith(RATE_SHARES_KEYS)).length;
  const health = table.filter((r) => r.path.includes('~health')).length;
  return {
    sweep: table.length - share - health,
    share,
    health,
    queue: queue.length,
    receives: queue.filter((r) => r.method === 'GET' && r.path.endsWith('/messages')).length,
  };
}

/** A connection string with each service's endpoint moved to its proxy. */
function proxied(connectionString: string, ports: Record<'Table' | 'Queue' | 'Blob', number>): string {
  let text = connectionString;
  for (const [service, port] of Object.entries(ports)) {
    text = text.replace(new RegExp(`(${service}Endpoint=http://127\\.0\\.0\\.1:)\\d+`), `$1${port}`);
  }
  return text;
}

function portOf(connectionString: string, service: string): number {
  const match = new RegExp(`${service}Endpoint=http://127\\.0\\.0\\.1:(\\d+)`).exec(connectionString);
  if (!match?.[1]) throw new Error(`no ${service} endpoint`);
  return Number(match[1]);
}

interface Result {
  readonly instances: number;
  readonly measuredS: number;
  readonly sweeps: number;
  readonly counted: Counted;
  readonly daily: number;
  readonly perDay: number;
}

async function run(instances: number, measuredMs: number): Promise<Result> {
  const azurite = await startAzurite({ blob: true });
  const proxies = {
    Table: new CountingProxy('127.0.0.1', portOf(azurite.connectionString, 'Table')),
    Queue: new CountingProxy('127.0.0.1', portOf(azurite.connectionString, 'Queue')),
    Blob: new CountingProxy('127.0.0.1', portOf(azurite.connectionString, 'Blob')),
  };
  for (const proxy of Object.values(proxies)) await proxy.start();
  const connectionString = proxied(azurite.connectionString, {
    Table: proxies.Table.port,
    Queue: proxies.Queue.port,
    Blob: proxies.Blob.port,
  });
  const tablePrefix = `idle${instances}`;
  const logger = createLogger('silent');
  const bots: RunningBot[] = [];
  let healthTimer: NodeJS.Timeout | undefined;
  try {
    // Placements of next term: stored, read by every sweep, nothing due yet.
    const store = new TableStore(connectionString, tablePrefix);
    await store.ensureTables();
    const placements = new PlacementRepository(store);
    const start = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < PLACEMENTS; i++) {
      await placements.importPlacement({
        student: { email: `student${i}@student.example.org`, name: `Student ${i}` },
        trainer: { email: `trainer${i % 20}@bedrijf.example.org`, name: `Trainer ${i % 20}` },
        supervisor: { email: `begeleider${i % 5}@roc.example.org`, name: `Begeleider ${i % 5}` },
        company: `Bedrijf ${i % 20}`,
        qualificationId: 'ict-beheerder',
        startDate: start,
        endDate: end,
      });
    }
    for (let i = 0; i < instances; i++) {
      const config = loadConfig({
        PORT: String(await freePort()),
        STORAGE_CONNECTION_STRING: connectionString,
        TABLE_PREFIX: tablePrefix,
        LOG_LEVEL: 'silent',
        REMINDERS: 'on',
        REMINDER_QUEUE: `${tablePrefix}-reminders`,
        REMINDER_SCHEDULE: `*/${SWEEP_EVERY_S} * * * * *`,
        // Every moment is working time: the sweep does its whole work on every run.
        REMINDER_WORKING_DAYS: '1-7',
        REMINDER_WORKING_HOURS: '00:00-24:00',
      });
      bots.push(await startBot({ config, storage: connectionStringTarget(connectionString), logger }));
    }
    // What App Service does: the health check on every instance (here every second).
    let pings = 0;
    healthTimer = setInterval(() => {
      for (const bot of bots) {
        pings += 1;
        void fetch(`${bot.url}/healthz`).then((r) => r.arrayBuffer());
      }
    }, 1000);
    // Start-up (tables, queue, the first claims) and the rate share's first idle period are not idle.
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    proxies.Table.takeAll();
    proxies.Queue.takeAll();
    const pingsBefore = pings;
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, measuredMs));
    const to = Date.now();
    const counted = classify(proxies.Table.takeAll(), proxies.Queue.takeAll());
    const healthPings = pings - pingsBefore;
    clearInterval(healthTimer);
    healthTimer = undefined;
    const sweeps = Math.floor(to / (SWEEP_EVERY_S * 1000)) - Math.floor(from / (SWEEP_EVERY_S * 1000));

    // The daily jobs, once each as at 02:00 and 02:30: every instance's clock fires, one holds the lease.
    for (const proxy of Object.values(proxies)) proxy.takeAll();
    const at = new Date();
    const target = connectionStringTarget(connectionString);
    for (let i = 0; i < instances; i++) {
      const each = new TableStore(connectionString, tablePrefix);
      await createRetentionSchedule({
        store: each,
        months: 24,
        timeZone: 'Europe/Amsterdam',
        logger,
      }).runOnce(at);
      await createBackupSchedule({
        leases: new ReminderRepository(each),
        backups: new TableBackupStore(each, blobService(target)),
        retentionDays: 35,
        timeZone: 'Europe/Amsterdam',
        logger,
      }).runOnce(at);
    }
    const daily = Object.values(proxies).reduce((sum, proxy) => sum + proxy.takeAll().length, 0);

    const receivesPerInstance = counted.receives / instances;
    const queuePerPoll = receivesPerInstance > 0 ? counted.queue / counted.receives : 1;
    const perDay =
      (counted.sweep / Math.max(1, sweeps)) * SWEEPS_PER_DAY +
      (counted.health / Math.max(1, healthPings)) * HEALTH_CHECKS_PER_DAY * instances +
      queuePerPoll * POLLS_PER_DAY * instances +
      (counted.share / ((to - from) / 1000)) * 86_400 +
      daily;
    return { instances, measuredS: Math.round((to - from) / 1000), sweeps, counted, daily, perDay };
  } finally {
    if (healthTimer) clearInterval(healthTimer);
    for (const bot of bots) await bot.close();
    for (const proxy of Object.values(proxies)) await proxy.stop();
    await azurite.stop();
  }
}

async function main(): Promise<void> {
  const measuredMs = Number(process.argv[2] ?? 240) * 1000;
  const results: Result[] = [];
  for (const instances of [1, 2]) {
    const result = await run(instances, measuredMs);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    results.push(result);
  }
  const row = (r: Result) => {
    const c = r.counted;
    return `| ${r.instances} | ${r.measuredS} s, ${r.sweeps} sweeps | ${c.sweep} | ${c.health} | ${c.queue} (${c.receives} receives) | ${c.share} | ${r.daily} | **${Math.round(r.perDay).toLocaleString('en')}** | **${Math.round(r.perDay / r.instances).toLocaleString('en')}** |`;
  };
  const lines = [
    BEGIN,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on this machine (Node ${process.versions.node}, Azurite on the same 2 cores), ${PLACEMENTS} placements stored, none due, working time all day:`,
    '',
    '| instances | measured | sweep calls (leases, reads) | health-check calls | queue calls | rate-share calls | daily jobs (retention, backup) | calls per day, all | calls per day per instance |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(row),
    '',
    `Scaled to a day: sweep calls per sweep × ${SWEEPS_PER_DAY} (one every 15 minutes), health-check calls per check × ${HEALTH_CHECKS_PER_DAY} × instances (App Service checks each instance once a minute), queue calls per poll × ${POLLS_PER_DAY} × instances (the worker's idle poll every ${MAX_IDLE_POLL_MS / 60_000} minutes once it has backed off), rate-share calls at the measured rate (real time), plus one run of each daily job. Target: ≤ 3,000 a day per instance.`,
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
      : `${text.trimEnd()}\n\n## Idle storage calls\n\n\`npm run bench:idle\` (bench/idle-storage.ts).\n\n${lines}\n`;
  writeFileSync(file, next);
  process.stdout.write(`${lines}\n`);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  },
);
