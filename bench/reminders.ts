/**
 * Benchmark of the reminder path at scale: seeds N placements in a fresh in-memory Azurite, then
 * measures the sweep's plan and queueing, and the worker's delivery to a local connector that
 * enforces Teams' limits (50/s per tenant, 7/s per conversation). Prints and appends the numbers
 * to bench/results.md. Run: `npm run bench:reminders -- 2000`.
 */
import path from 'node:path';
import { startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { TableStore } from '../src/storage/table-store';
import { FakeConnector } from '../test/support/connector';
import { reminderServiceFor, SWEEP_NOW, seedReminderScenario } from '../test/support/reminder-scenario';
import { addTableRow } from './results-table';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const azurite = await startAzurite();
  const connector = new FakeConnector();
  connector.limits = { perConversation: 7, global: 50 };
  await connector.start();
  try {
    const store = new TableStore(azurite.connectionString, 'bench');
    await store.ensureTables();
    let t = Date.now();
    const scenario = await seedReminderScenario(store, connector.url, count);
    const seedMs = Date.now() - t;
    const expected = [...scenario.expected.values()].reduce((a, b) => a + b, 0);

    const service = reminderServiceFor(store, {
      queueName: 'bench-reminders',
      now: SWEEP_NOW,
      visibilitySeconds: 30,
    });
    await service.queue.ensure();
    t = Date.now();
    const plan = await service.sweep.plan(SWEEP_NOW);
    const planMs = Date.now() - t;
    t = Date.now();
    const result = await service.sweep.run(SWEEP_NOW);
    const sweepMs = Date.now() - t;
    await service.worker.join();
    t = Date.now();
    await service.worker.drain({ untilEmpty: true });
    const sendMs = Date.now() - t;
    await service.worker.leave();
    const sent = connector.sent().filter((c) => c.method === 'POST').length;
    const peak = connector.peakRates();
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const heap = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
    const line = `| ${new Date().toISOString().slice(0, 10)} | ${count} | ${expected} | ${plan.reminders.length} | ${planMs} | ${sweepMs} | ${result.queued} | ${sent} | ${sendMs} | ${(sent / (sendMs / 1000)).toFixed(1)} | ${peak.global} | ${peak.perConversation} | ${connector.throttled} | ${rss} | ${heap} | ${seedMs} |`;
    process.stdout.write(`${line}\n`);
    addTableRow(path.join(projectRoot(), 'bench', 'results.md'), '## Reminders', line);
  } finally {
    await connector.stop();
    await azurite.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
