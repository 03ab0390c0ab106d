/**
 * One bot process for the benchmarks, started as `npm start` starts it (settings from the
 * environment, the reminder schedule and worker running when REMINDERS=on), with two differences:
 * the clock starts at BENCH_CLOCK (an ISO time; the reminder scenario's Monday morning) and moves
 * on in real time, and the parent asks it over IPC for its memory. Prints `listening <url>`.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startBot } from '../src/server';
import { storageTarget } from '../src/storage/storage-target';

/** What the parent reads from a bot process: resident memory now and at its peak, in bytes. */
export interface ProcessMemory {
  readonly rss: number;
  readonly maxRss: number;
  readonly heapUsed: number;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.storage) throw new Error('STORAGE_CONNECTION_STRING is needed');
  const startedAt = Date.now();
  const clock = process.env.BENCH_CLOCK ? Date.parse(process.env.BENCH_CLOCK) : undefined;
  const bot = await startBot({
    config: { ...config, host: '127.0.0.1' },
    storage: storageTarget(config.storage),
    logger: createLogger(config.logLevel),
    ...(clock !== undefined ? { now: () => new Date(clock + (Date.now() - startedAt)) } : {}),
  });
  process.on('message', (message: unknown) => {
    if (message === 'memory') {
      const memory: ProcessMemory = {
        rss: process.memoryUsage().rss,
        maxRss: process.resourceUsage().maxRSS * 1024,
        heapUsed: process.memoryUsage().heapUsed,
      };
      process.send?.({ memory });
    } else if (message === 'stop') {
      void bot.close().then(() => process.exit(0));
    }
  });
  process.stdout.write(`listening ${bot.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
