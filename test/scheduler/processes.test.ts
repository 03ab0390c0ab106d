import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/project-root';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { freshStore, storageConnectionString } from '../support/bot-harness';
import { FakeConnector } from '../support/connector';
import { SWEEP_NOW, seedReminderScenario, uniqueQueueName } from '../support/reminder-scenario';

jest.setTimeout(180_000);

// The reminders command as operators run it: the compiled CLI in a process of its own.
const CLI = path.join(projectRoot(), 'dist', 'src', 'cli', 'reminders.js');

function sweepProcess(
  tablePrefix: string,
  queue: string,
  now: Date,
): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, [CLI, 'sweep', '--now', now.toISOString()], {
    env: {
      PATH: process.env.PATH,
      STORAGE_CONNECTION_STRING: storageConnectionString(),
      TABLE_PREFIX: tablePrefix,
      REMINDER_QUEUE: queue,
      REMINDER_VISIBILITY_SECONDS: '2',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const done = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') process.stderr.write(output);
      resolve(code ?? -1);
    }),
  );
  return { child, done };
}

let connector: FakeConnector;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm test builds it first (npm run build)`);
});
beforeEach(async () => {
  connector = await FakeConnector.throttling();
});
afterEach(async () => {
  await connector.stop();
});

describe('reminder sweeps in separate processes', () => {
  it('two processes sweeping at once deliver each reminder once, sharing the rate', async () => {
    const store = await freshStore();
    const scenario = await seedReminderScenario(store, connector.url, 160);
    const queue = uniqueQueueName('p');
    const runs = [
      sweepProcess(store.tablePrefix, queue, SWEEP_NOW),
      sweepProcess(store.tablePrefix, queue, SWEEP_NOW),
    ];
    expect(await Promise.all(runs.map((r) => r.done))).toEqual([0, 0]);
    expect(connector.deliveredCounts()).toEqual(scenario.expected);
    expect(connector.throttled).toBe(0);
    expect(connector.peakRates().global).toBeLessThanOrEqual(50);
  });

  it('a process killed mid-sweep leaves the rest to the next sweep, and nothing is sent twice', async () => {
    const store = await freshStore();
    const scenario = await seedReminderScenario(store, connector.url, 160);
    const queue = uniqueQueueName('k');
    const total = [...scenario.expected.values()].reduce((a, b) => a + b, 0);

    const first = sweepProcess(store.tablePrefix, queue, SWEEP_NOW);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (connector.deliveredCounts().size >= total / 3) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    first.child.kill('SIGKILL');
    await first.done;
    const before = [...connector.deliveredCounts().values()].reduce((a, b) => a + b, 0);
    expect(before).toBeLessThan(total);

    // The next scheduled sweep, a quarter of an hour later.
    const next = sweepProcess(store.tablePrefix, queue, new Date(SWEEP_NOW.getTime() + 15 * 60_000));
    expect(await next.done).toBe(0);
    const counts = connector.deliveredCounts();
    // No conversation got a reminder twice (a failure names the conversations that did).
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    const ledger = [...(await new ReminderRepository(store).scan()).ledger.values()].flat();
    const uncertain = ledger.filter((e) => e.status === 'uncertain').length;
    // Every reminder arrived, except at most the few a killed worker had claimed but not yet sent,
    // which are left for the next repeat rather than risk a double.
    expect(counts.size).toBeGreaterThanOrEqual(scenario.expected.size - uncertain);
    expect(uncertain).toBeLessThanOrEqual(8);
  });
});
