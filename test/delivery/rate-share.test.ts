import { loadConfig } from '../../src/config';
import { SendRateShare } from '../../src/delivery/rate-share';
import { createLogger } from '../../src/logger';
import { ReminderWorker } from '../../src/scheduler/reminder-worker';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { ReminderQueue } from '../../src/storage/reminder-queue';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import type { TableStore } from '../../src/storage/table-store';
import { createSendRateShare, reminderRules } from '../../src/wiring/reminders';
import { freshStore, storageConnectionString } from '../support/bot-harness';
import { uniqueQueueName } from '../support/reminder-scenario';

jest.setTimeout(60_000);

// 50 per second for the app in the tenant, of which the workers use 80 %.
const BUDGET = 40;

function worker(store: TableStore, instanceId: string, heartbeatMs?: number): ReminderWorker {
  const config = loadConfig({ STORAGE_CONNECTION_STRING: storageConnectionString() }).reminders;
  return new ReminderWorker({
    queue: new ReminderQueue(storageConnectionString(), uniqueQueueName('r')),
    reminders: new ReminderRepository(store),
    placements: new PlacementRepository(store),
    rounds: new RoundRepository(store),
    conversations: new ConversationRepository(store),
    sender: { send: async () => undefined },
    rules: reminderRules(config),
    logger: createLogger('silent'),
    instanceId,
    now: () => new Date(),
    ratePerSecond: 50,
    conversationRatePerSecond: 7,
    visibilitySeconds: 30,
    ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
  });
}

describe('workers sharing the tenant rate', () => {
  it('a worker that joins gets no rate until the one already sending has made room, however late it looks', async () => {
    const store = await freshStore();
    // The first worker renews its share only once a minute: a process too busy to notice others.
    const busy = worker(store, 'busy', 60_000);
    const newcomer = worker(store, 'newcomer');
    try {
      await busy.join();
      expect(busy.sendRate).toBe(BUDGET);
      await newcomer.join();
      expect(newcomer.sendRate).toBeGreaterThan(0);
      expect(busy.sendRate + newcomer.sendRate).toBeLessThanOrEqual(BUDGET);
    } finally {
      await Promise.all([busy.leave(), newcomer.leave()]);
    }
  });

  it('workers joining one after another never claim more than the rate together', async () => {
    const store = await freshStore();
    const a = worker(store, 'a');
    const b = worker(store, 'b');
    const c = worker(store, 'c');
    try {
      await Promise.all([a.join(), b.join()]);
      expect(a.sendRate + b.sendRate).toBeLessThanOrEqual(BUDGET);
      await c.join();
      expect(a.sendRate + b.sendRate + c.sendRate).toBeLessThanOrEqual(BUDGET);
      expect(c.sendRate).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.leave(), b.leave(), c.leave()]);
    }
  });
});

describe('slots for sends to Teams', () => {
  const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('lets one send at a time into a conversation, and a quarter of the rate on its way overall', async () => {
    const store = await freshStore();
    const config = loadConfig({ STORAGE_CONNECTION_STRING: storageConnectionString() }).reminders;
    const share = createSendRateShare(store, config, createLogger('silent'));
    await share.join();
    try {
      const first = await share.acquire('a');
      let second = false;
      const secondSlot = share.acquire('a').then((release) => {
        second = true;
        return release;
      });
      // 40 a second: at most 10 on their way; 'a' holds one.
      const others = await Promise.all(Array.from({ length: 9 }, (_, i) => share.acquire(`b${i}`)));
      let eleventh = false;
      const eleventhSlot = share.acquire('c').then((release) => {
        eleventh = true;
        return release;
      });
      await settled();
      expect(second).toBe(false);
      expect(eleventh).toBe(false);
      first();
      // 'a' is free again, but its next send waits for room on the way too.
      await settled();
      expect(second || eleventh).toBe(true);
      expect(second && eleventh).toBe(false);
      for (const release of others) release();
      (await secondSlot)();
      (await eleventhSlot)();
    } finally {
      await share.leave();
    }
  });
});

describe('Teams’ hourly limit per conversation', () => {
  it('sends at most 1440 (1800 less the margin) into one conversation within an hour, 5 within a second', async () => {
    // A clock that moves only when the limits wait: an hour passes at once.
    let now = Date.parse('2026-11-30T09:00:00Z');
    const share = new SendRateShare({
      claims: new ReminderRepository(await freshStore()),
      instanceId: 'hourly',
      ratePerSecond: 50,
      conversationRatePerSecond: 7,
      logger: createLogger('silent'),
      clock: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const times: number[] = [];
    for (let i = 0; i <= 1440; i++) {
      const release = await share.acquire('a');
      times.push(now);
      release();
    }
    const first = times[0] ?? 0;
    expect((times[1439] ?? 0) - first).toBeLessThan(60 * 60 * 1000);
    expect(times[1440]).toBeGreaterThanOrEqual(first + 60 * 60 * 1000);
    for (let i = 5; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 5] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    // Another conversation is not held up by the first one's hour.
    const before = now;
    (await share.acquire('b'))();
    expect(now).toBe(before);
  });
});
