import { QueueClient } from '@azure/storage-queue';
import { createAdapter } from '../../src/bot/adapter';
import { BotReminderSender } from '../../src/bot/reminder-sender';
import { loadConfig } from '../../src/config';
import { itemKey } from '../../src/domain/reminders';
import { createLogger } from '../../src/logger';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { createReminderService } from '../../src/scheduler/reminder-service';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { freshStore, storageConnectionString } from '../support/bot-harness';
import { FakeConnector } from '../support/connector';
import { SWEEP_NOW, seedReminderScenario } from '../support/reminder-scenario';

async function setup() {
  const connector = new FakeConnector();
  await connector.start();
  const store = await freshStore();
  const scenario = await seedReminderScenario(store, connector.url, 4);
  const queueName = `w-${Math.random().toString(36).slice(2, 10)}`;
  const logger = createLogger('silent');
  const config = loadConfig({
    STORAGE_CONNECTION_STRING: storageConnectionString(),
    REMINDER_QUEUE: queueName,
    REMINDER_VISIBILITY_SECONDS: '1',
  });
  const service = createReminderService({
    config: config.reminders,
    store,
    connectionString: storageConnectionString(),
    sender: new BotReminderSender(
      createAdapter(undefined, logger),
      '',
      new ConversationRepository(store),
      loadQualificationCatalog(),
    ),
    logger,
    now: () => SWEEP_NOW,
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
        claimedAt: SWEEP_NOW.toISOString(),
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
