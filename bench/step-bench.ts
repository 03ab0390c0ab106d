/**
 * The card-step benchmark: the bot (bot-process.ts) and the floor (floor-bot.ts), each in a process
 * of its own on the same Azurite, answer the same students' werkproces clicks at 1, 16 and 64 at
 * once. Runs alternate between the two (floor first, then bot first) so that both see the same
 * machine; every figure is kept per run, so a ratio is always taken within one run.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { PlacementRepository } from '../src/storage/placement-repository';
import { TableStore } from '../src/storage/table-store';
import { TENANT_ID } from '../test/support/bot-harness';
import type { FakeConnector } from '../test/support/connector';
import { azuritePid, type BenchChild, cpuSecondsOf, startChild } from './children';
import { floorRow } from './floor-bot';
import { deployedNodeOptions } from './reminder-run';
import { type Clicker, click, type LoadResult, nextClick, quantile, runLoad } from './step-load';

export interface StepRun {
  readonly concurrency: number;
  readonly repeat: number;
  readonly bot: StepFigures;
  readonly floor: StepFigures;
  /** At the highest concurrency only: the floor reading its row by a range query, as the bot reads. */
  readonly floorQuery?: StepFigures;
}

export interface StepFigures {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Clicks answered per second. */
  readonly throughput: number;
  readonly clicks: number;
  readonly errors: number;
  readonly bodyBytes: number;
  /** CPU milliseconds per click of the answering process and of Azurite's table service. */
  readonly cpuMsPerClick: number;
  readonly azuriteCpuMsPerClick: number;
}

export interface StepBenchOptions {
  readonly tablePort: number;
  readonly connectionString: string;
  readonly connector: FakeConnector;
  readonly concurrencies: readonly number[];
  readonly repeats: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly log: (line: string) => void;
}

function figures(result: LoadResult, cpu: { process: number; azurite: number }): StepFigures {
  const clicks = Math.max(1, result.latencies.length);
  return {
    cpuMsPerClick: (cpu.process * 1000) / clicks,
    azuriteCpuMsPerClick: (cpu.azurite * 1000) / clicks,
    p50: quantile(result.latencies, 0.5),
    p95: quantile(result.latencies, 0.95),
    p99: quantile(result.latencies, 0.99),
    throughput: result.latencies.length / result.seconds,
    clicks: result.latencies.length,
    errors: result.errors,
    bodyBytes: result.bodyBytes,
  };
}

/** Students with a placement each, who typed `start` and hold the first step of their part. */
async function students(
  bot: BenchChild,
  store: TableStore,
  connector: FakeConnector,
  count: number,
): Promise<Clicker[]> {
  const placements = new PlacementRepository(store);
  const clickers: Clicker[] = [];
  for (let i = 0; i < count; i++) {
    const aadObjectId = `b0b0b0b0-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const email = `student${i}@bench.example.org`;
    await placements.importPlacement({
      student: { email, name: `Student ${i}` },
      trainer: { email: `trainer${i}@bench.example.org`, name: `Trainer ${i}` },
      supervisor: { email: `begeleider${i % 8}@bench.example.org`, name: `Begeleider ${i % 8}` },
      company: `Bedrijf ${i}`,
      qualificationId: 'ict-beheerder',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
    });
    connector.addMember({ id: `29:${aadObjectId}`, aadObjectId, name: `Student ${i}`, email });
    const conversationId = `a:personal-${aadObjectId}`;
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `start-${i}`,
        text: 'start',
        serviceUrl: connector.url,
        channelId: 'msteams',
        from: { id: `29:${aadObjectId}`, name: `Student ${i}`, aadObjectId },
        conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: conversationId },
        recipient: { id: '28:bpv-bot', name: 'BPV-afspraken' },
        locale: 'nl-NL',
        channelData: { tenant: { id: TENANT_ID } },
      }),
    });
    if (response.status !== 200) throw new Error(`start answered ${response.status}`);
    const card = connector.postedCards(conversationId).at(-1)?.card;
    const next = nextClick(card, 0);
    if (!next) throw new Error('start did not answer with a step');
    clickers.push({ aadObjectId, serviceUrl: connector.url, next, clicks: 0 });
  }
  return clickers;
}

export async function runStepBench(options: StepBenchOptions): Promise<StepRun[]> {
  const { connectionString, connector, log } = options;
  const most = Math.max(...options.concurrencies);
  const bot = await startChild('bot-process.js', {
    ...deployedNodeOptions(),
    STORAGE_CONNECTION_STRING: connectionString,
    TABLE_PREFIX: 'step',
    REMINDERS: 'off',
    LOG_LEVEL: 'warn',
    PORT: '0',
  });
  let floor: BenchChild | undefined;
  let floorQuery: BenchChild | undefined;
  try {
    const store = new TableStore(connectionString, 'step');
    log(`seeding ${most} students`);
    const clickers = await students(bot, store, connector, most);

    // The floor answers with the card the bot gave for a werkproces step.
    const first = clickers[0] as Clicker;
    const sample = await click(bot.url, first);
    first.clicks += 1;
    first.next = nextClick(sample.card, first.clicks) ?? first.next;
    const cardFile = path.join(os.tmpdir(), `floor-card-${process.pid}.json`);
    writeFileSync(cardFile, JSON.stringify(sample.card));
    const table = TableClient.fromConnectionString(connectionString, 'floorsteps', {
      allowInsecureConnection: true,
    });
    await table.createTable();
    for (const c of clickers) await table.upsertEntity(floorRow(c.aadObjectId), 'Replace');
    floor = await startChild('floor-bot.js', {
      FLOOR_STORAGE: connectionString,
      FLOOR_TABLE: 'floorsteps',
      FLOOR_CARD: cardFile,
    });
    floorQuery = await startChild('floor-bot.js', {
      FLOOR_STORAGE: connectionString,
      FLOOR_TABLE: 'floorsteps',
      FLOOR_CARD: cardFile,
      FLOOR_READ: 'query',
    });
    const floorClickers: Clicker[] = clickers.map((c) => ({
      aadObjectId: c.aadObjectId,
      serviceUrl: c.serviceUrl,
      next: { verb: 'answer', data: {} },
      clicks: 0,
    }));

    const tablePid = azuritePid('table', options.tablePort);
    const runs: StepRun[] = [];
    for (const concurrency of options.concurrencies) {
      for (let repeat = 1; repeat <= options.repeats; repeat++) {
        const load = { warmupMs: options.warmupMs, measureMs: options.measureMs };
        // CPU seconds of the answering process and of Azurite's table service over the whole run
        // (warm-up included), divided by the clicks measured: a ratio between the two, not an absolute.
        const measured = async (child: BenchChild, clicking: Clicker[], follow: boolean) => {
          const before = { process: child.cpuSeconds(), azurite: cpuSecondsOf(tablePid) };
          const result = await runLoad(child.url, clicking, { ...load, follow });
          return figures(result, {
            process: child.cpuSeconds() - before.process,
            azurite: cpuSecondsOf(tablePid) - before.azurite,
          });
        };
        const onFloor = () => measured(floor as BenchChild, floorClickers.slice(0, concurrency), false);
        const onBot = () => measured(bot, clickers.slice(0, concurrency), true);
        let floorFigures: StepFigures;
        let botFigures: StepFigures;
        if (repeat % 2 === 1) {
          floorFigures = await onFloor();
          botFigures = await onBot();
        } else {
          botFigures = await onBot();
          floorFigures = await onFloor();
        }
        const floorQueryFigures =
          concurrency === most
            ? await measured(floorQuery as BenchChild, floorClickers.slice(0, concurrency), false)
            : undefined;
        const run = {
          concurrency,
          repeat,
          bot: botFigures,
          floor: floorFigures,
          ...(floorQueryFigures ? { floorQuery: floorQueryFigures } : {}),
        };
        runs.push(run);
        log(
          `c=${concurrency} #${repeat}: bot p50 ${run.bot.p50.toFixed(1)} p95 ${run.bot.p95.toFixed(1)} ${run.bot.throughput.toFixed(0)}/s cpu ${run.bot.cpuMsPerClick.toFixed(2)}+${run.bot.azuriteCpuMsPerClick.toFixed(2)} ms; floor p50 ${run.floor.p50.toFixed(1)} p95 ${run.floor.p95.toFixed(1)} ${run.floor.throughput.toFixed(0)}/s cpu ${run.floor.cpuMsPerClick.toFixed(2)}+${run.floor.azuriteCpuMsPerClick.toFixed(2)} ms`,
        );
      }
    }
    return runs;
  } finally {
    await floor?.stop();
    await floorQuery?.stop();
    await bot.stop();
  }
}
