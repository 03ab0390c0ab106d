import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { connectionStringTarget } from '../../src/storage/storage-target';
import type { TableStore } from '../../src/storage/table-store';
import { createReminderService } from '../../src/wiring/reminders';
import { cardText, freshStore, storageConnectionString } from '../support/bot-harness';
import { FakeConnector } from '../support/connector';
import { QueueProxy } from '../support/queue-proxy';
import {
  reminderServiceFor,
  SWEEP_NOW,
  seedReminderScenario,
  uniqueQueueName,
} from '../support/reminder-scenario';

jest.setTimeout(180_000);

let connector: FakeConnector;
beforeEach(async () => {
  connector = await FakeConnector.throttling();
});
afterEach(async () => {
  await connector.stop();
});

/** The reminder service with its log lines kept, on a queue reached through `connectionString`. */
function serviceWithLog(store: TableStore, connectionString: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({
    STORAGE_CONNECTION_STRING: connectionString,
    REMINDER_QUEUE: uniqueQueueName('f'),
    REMINDER_VISIBILITY_SECONDS: '2',
  });
  const service = createReminderService({
    config: config.reminders,
    store,
    storage: connectionStringTarget(connectionString),
    sender: { send: async () => undefined },
    logger: createLogger('warn', destination),
    now: () => SWEEP_NOW,
  });
  return { service, lines };
}

describe('a reminder sweep', () => {
  it('queues a supervisor digest of hundreds of approvals in parts that fit the queue, and delivers them all', async () => {
    const store = await freshStore();
    // 260 pending approvals for one supervisor: as one message with whole entries, about 70 KB.
    const scenario = await seedReminderScenario(store, connector.url, 260, { supervisors: 1, group: 2 });
    const service = reminderServiceFor(store, {
      queueName: uniqueQueueName('d'),
      now: SWEEP_NOW,
    });
    const result = await service.runOnce(SWEEP_NOW);
    expect(result).toMatchObject({ led: true, queued: 260, failed: 0 });

    const [conversation] = [...scenario.expected.keys()];
    const cards = connector.postedCards(conversation);
    expect(cards.map((c) => cardText(c.card).match(/(\d+) afsprakenlijsten wachten/)?.[1])).toEqual(
      expect.arrayContaining(['100', '100', '60']),
    );
    expect(cards).toHaveLength(3);
    const ledger = [...(await new ReminderRepository(store).scan()).ledger.values()].flat();
    expect(ledger).toHaveLength(260);
    expect(new Set(ledger.map((e) => e.status))).toEqual(new Set(['sent']));
  });

  it('skips an unreadable row, a placement the rules cannot read and a message the queue refuses, and does all the rest', async () => {
    const store = await freshStore();
    const scenario = await seedReminderScenario(store, connector.url, 48);
    const named = (i: number) => {
      const placement = scenario.placements.find((p) => p.student.name === `Student ${i}`);
      if (!placement) throw new Error(`no placement ${i}`);
      return placement;
    };
    const placementsTable = store.client('placements');
    // An agreement waiting (group 1) whose round row was damaged.
    const damaged = named(21);
    await placementsTable.updateEntity(
      { partitionKey: damaged.id, rowKey: 'round|001', student: '{"answers":' },
      'Merge',
    );
    // Three approved placements (group 3) lose their round, so round 1 is due again: one opens
    // normally, one has an end date that is no date, one's invitation the queue keeps refusing.
    const [healthy, badDate, refused] = [named(23), named(27), named(31)];
    for (const p of [healthy, badDate, refused]) await placementsTable.deleteEntity(p.id, 'round|001');
    await placementsTable.updateEntity(
      { partitionKey: badDate.id, rowKey: 'placement', endDate: 'eind juni' },
      'Merge',
    );
    // And one student's part reminder (group 0) the queue keeps refusing too.
    const refusedStudent = named(16).student.aadObjectId ?? '';
    const refusedInvitee = refused.student.aadObjectId ?? '';
    const proxy = new QueueProxy(
      storageConnectionString(),
      (method, body) => method === 'POST' && (body.includes(refusedStudent) || body.includes(refusedInvitee)),
    );
    const proxied = await proxy.start();
    try {
      const { service, lines } = serviceWithLog(store, proxied);
      await service.queue.ensure();
      const plan = await service.sweep.plan(SWEEP_NOW);
      expect(plan.failed).toBe(2);
      expect(plan.roundsToOpen.map((r) => r.placementId).sort()).toEqual([healthy.id, refused.id].sort());

      const logged = lines.length;
      const result = await service.sweep.run(SWEEP_NOW);
      const failures = lines.slice(logged).filter((l) => l.event === 'sweep_item_failed');

      // Everything else is queued and in the ledger; the healthy round is open.
      const refusedKeys = plan.reminders
        .filter((r) => r.recipient === refusedStudent || r.recipient === refusedInvitee)
        .map((r) => r.key);
      expect(refusedKeys).toHaveLength(2);
      expect(result).toEqual({
        led: true,
        queued: plan.reminders.length - 2,
        roundsOpened: 1,
        failed: 2 + 2 + 1,
      });
      const ledger = [...(await new ReminderRepository(store).scan()).ledger.values()].flat();
      expect(ledger.map((e) => e.key).sort()).toEqual(
        plan.reminders
          .map((r) => r.key)
          .filter((k) => !refusedKeys.includes(k))
          .sort(),
      );
      expect(await service.queue.approximateCount()).toBeGreaterThanOrEqual(1);
      const after = await service.sweep.plan(SWEEP_NOW);
      // The refused ones are due again at the next sweep, the refused placement's round with them.
      expect(after.reminders.map((r) => r.key).sort()).toEqual([...refusedKeys].sort());
      expect(after.roundsToOpen.map((r) => r.placementId)).toEqual([refused.id]);

      // Logged with ids and the error's type, nothing more.
      expect(failures.map((l) => l.item).sort()).toEqual([
        'placement',
        'reminder',
        'reminder',
        'round',
        'row',
      ]);
      expect(failures.flatMap((l) => l.placementIds as string[]).sort()).toEqual(
        [damaged.id, badDate.id, named(16).id, refused.id, refused.id].sort(),
      );
      expect(JSON.stringify(lines)).not.toMatch(/Student \d|Bedrijf \d|example\.org|eind juni/);
      expect(failures.find((l) => l.item === 'reminder')?.error).toEqual({
        type: 'StorageUnavailableError',
      });
    } finally {
      await proxy.stop();
    }
  });
});
