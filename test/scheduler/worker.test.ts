import { QueueClient } from '@azure/storage-queue';
import { itemKey } from '../../src/domain/reminders';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { freshStore, storageConnectionString } from '../support/bot-harness';
import { FakeConnector } from '../support/connector';
import {
  reminderServiceFor,
  SWEEP_NOW,
  seedReminderScenario,
  uniqueQueueName,
} from '../support/reminder-scenario';

async function setup() {
  const connector = new FakeConnector();
  await connector.start();
  const store = await freshStore();
  const scenario = await seedReminderScenario(store, connector.url, 4);
  const queueName = uniqueQueueName('w');
  const service = reminderServiceFor(store, {
    queueName,
    now: SWEEP_NOW,
    visibilitySeconds: 1,
  });
  await service.queue.ensure();
  return { connector, store, scenario, service, queueName };
}

describe('the reminder worker', () => {
  it('leaves a reminder another worker is sending right now on the queue, and sends nothing', async () => {
    const { connector, store, scenario, service } = await setup();
    try {
      const placement = scenario.placements.find((p) => p.student.name === 'Student 0');
      if (!placement?.student.aadObjectId) throw new Error('scenario placement missing');
      const item = itemKey(
        placement.id,
        1,
        'part_open',
        'student',
        new Date(SWEEP_NOW.getTime() - 4 * 86_400_000).toISOString(),
      );
      const entry = {
        placementId: placement.id,
        key: `${item}|0`,
        itemKey: item,
        kind: 'part_open' as const,
        role: 'student' as const,
        round: 1,
        step: 0,
      };
      const reminders = new ReminderRepository(store);
      await reminders.create({
        ...entry,
        status: 'sending',
        queuedAt: SWEEP_NOW.toISOString(),
        // Claimed a moment ago (claims are dated by the wall clock, whatever time the sweep runs at).
        claimedAt: new Date().toISOString(),
        claimedBy: 'other',
      });
      await service.queue.send({ recipient: placement.student.aadObjectId, entries: [entry] });
      const [received] = await service.queue.receive(1, 30);
      if (!received) throw new Error('message not received');
      await service.worker.process(received);
      expect(connector.sent()).toEqual([]);
      expect(await service.queue.approximateCount()).toBe(1);
      expect((await reminders.get(entry.placementId, entry.key))?.entry.status).toBe('sending');
    } finally {
      await connector.stop();
    }
  });

  it('ages the claims of a killed run on a rerun at the same --now: taken as uncertain, not sent, not kept', async () => {
    const { connector, store, scenario, service } = await setup();
    try {
      const placement = scenario.placements.find((p) => p.student.name === 'Student 1');
      if (!placement?.student.aadObjectId) throw new Error('scenario placement missing');
      const item = itemKey(
        placement.id,
        1,
        'part_open',
        'student',
        new Date(SWEEP_NOW.getTime() - 4 * 86_400_000).toISOString(),
      );
      const entry = {
        placementId: placement.id,
        key: `${item}|0`,
        itemKey: item,
        kind: 'part_open' as const,
        role: 'student' as const,
        round: 1,
        step: 0,
      };
      const reminders = new ReminderRepository(store);
      // What `reminders sweep --now SWEEP_NOW` left when it was killed ten minutes ago, mid-send.
      await reminders.create({
        ...entry,
        status: 'sending',
        queuedAt: SWEEP_NOW.toISOString(),
        claimedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
        claimedBy: 'killed',
      });
      await service.queue.send({ recipient: placement.student.aadObjectId, entries: [entry] });
      // The rerun, at the same --now.
      await service.worker.drain();
      expect(connector.sent()).toEqual([]);
      expect(await service.queue.approximateCount()).toBe(0);
      expect((await reminders.get(entry.placementId, entry.key))?.entry.status).toBe('uncertain');
    } finally {
      await connector.stop();
    }
  });

  it('sets an unreadable message aside on the poison queue', async () => {
    const { connector, service, queueName } = await setup();
    try {
      await new QueueClient(storageConnectionString(), queueName).sendMessage('not json at all');
      await service.worker.drain();
      expect(await service.queue.approximateCount()).toBe(0);
      expect(await service.queue.poisonCount()).toBe(1);
      expect(connector.sent()).toEqual([]);
    } finally {
      await connector.stop();
    }
  });
});
