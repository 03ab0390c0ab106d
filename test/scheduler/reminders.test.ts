import type { ReminderService } from '../../src/scheduler/reminder-service';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import type { TableStore } from '../../src/storage/table-store';
import { cardText, freshStore } from '../support/bot-harness';
import { FakeConnector } from '../support/connector';
import {
  reminderServiceFor,
  SWEEP_NOW,
  seedReminderScenario,
  uniqueQueueName,
} from '../support/reminder-scenario';

jest.setTimeout(120_000);

function reminderService(store: TableStore, queueName: string, now = SWEEP_NOW): ReminderService {
  return reminderServiceFor(store, { queueName, now });
}

let connector: FakeConnector;
beforeEach(async () => {
  connector = await FakeConnector.throttling();
});
afterEach(async () => {
  await connector.stop();
});

const queueName = () => uniqueQueueName('t');

describe('a reminder sweep against Azurite and a connector that throttles like Teams', () => {
  it('delivers every due reminder exactly once across a few hundred placements, within the limits', async () => {
    const store = await freshStore();
    const scenario = await seedReminderScenario(store, connector.url, 240);
    const students = [...scenario.expected.keys()].filter((c) => (scenario.expected.get(c) ?? 0) === 1);
    const [blockedA, blockedB, flakyA, flakyB, throttledA] = students;
    for (const blocked of [blockedA, blockedB]) connector.script.set(blocked ?? '', [403]);
    connector.script.set(flakyA ?? '', [503, 412]);
    connector.script.set(flakyB ?? '', [502, 504]);
    connector.script.set(throttledA ?? '', [429]);

    const service = reminderService(store, queueName());
    const result = await service.runOnce(SWEEP_NOW);
    expect(result.led).toBe(true);

    const expected = new Map(scenario.expected);
    for (const blocked of [blockedA, blockedB]) expected.delete(blocked ?? '');
    expect(connector.deliveredCounts()).toEqual(expected);
    expect(connector.throttleLog).toEqual([]);
    const peak = connector.peakRates();
    expect(peak.global).toBeLessThanOrEqual(50);
    expect(peak.perConversation).toBeLessThanOrEqual(7);

    // The supervisor's digest lists each of their pending approvals.
    const digest = connector
      .sent()
      .find((c) => c.method === 'POST' && cardText(c.body).includes('wachten op je goedkeuring'));
    expect(cardText(digest?.body)).toContain('10 afsprakenlijsten wachten op je goedkeuring');
    expect(cardText(digest?.body).match(/ingediend op/g)).toHaveLength(10);

    // Whoever blocked the app is marked unreachable and not reminded again.
    const conversations = new ConversationRepository(store);
    for (const blocked of [blockedA, blockedB]) {
      expect((await conversations.get((blocked ?? '').slice(2)))?.active).toBe(false);
    }
    const plan = await service.sweep.plan(SWEEP_NOW);
    expect(plan.unreachable.length).toBeGreaterThanOrEqual(scenario.unreachable.length + 2);

    // A second sweep right after sends nothing new.
    connector.reset();
    await reminderService(store, queueName()).runOnce(SWEEP_NOW);
    expect(connector.sent()).toEqual([]);
  });

  it('sends nothing outside working hours, and drops a queued reminder whose item is done before it is sent', async () => {
    const store = await freshStore();
    const scenario = await seedReminderScenario(store, connector.url, 8);
    const saturday = new Date('2026-11-28T10:00:00.000Z');
    const result = await reminderService(store, queueName(), saturday).runOnce(saturday);
    expect(result.queued).toBe(0);
    expect(connector.sent()).toEqual([]);

    // Monday, working time: the sweep queues a reminder for a student whose part is open ...
    const service = reminderService(store, queueName());
    await service.queue.ensure();
    expect((await service.sweep.run(SWEEP_NOW)).queued).toBeGreaterThan(0);
    const rounds = new RoundRepository(store);
    const latest = await rounds.latestOfAll();
    const placement = scenario.placements.find((p) => latest.get(p.id)?.state === 'open');
    const stored = placement && (await rounds.get(placement.id, 1));
    if (!placement || !stored) throw new Error('the scenario has a placement with open parts');
    const reminders = new ReminderRepository(store);
    const queuedForStudent = async () =>
      ((await reminders.scan()).ledger.get(placement.id) ?? []).filter((e) => e.role === 'student');
    expect((await queuedForStudent()).map((e) => e.status)).toEqual(['queued']);

    // ... who finishes it before the worker gets to the reminder.
    const { student } = stored.round.parts;
    await rounds.save(
      {
        ...stored.round,
        parts: { ...stored.round.parts, student: { ...student, doneAt: SWEEP_NOW.toISOString() } },
      },
      stored.etag,
      [],
    );
    await service.worker.join();
    try {
      await service.worker.drain({ untilEmpty: true });
    } finally {
      await service.worker.leave();
    }

    const expected = new Map(scenario.expected);
    expected.delete(`a:${placement.student.aadObjectId}`);
    expect(connector.deliveredCounts()).toEqual(expected);
    expect((await queuedForStudent()).map((e) => e.status)).toEqual(['cancelled']);
  });

  it('lets only one of two racing sweeps lead, and the ledger keeps each reminder to one send', async () => {
    const store = await freshStore();
    const scenario = await seedReminderScenario(store, connector.url, 80);
    const name = queueName();
    const [a, b] = [reminderService(store, name), reminderService(store, name)];
    await Promise.all([a.queue.ensure(), b.queue.ensure()]);
    // Both ask for the lease at the same moment; whoever gets it holds it for the whole sweep.
    const results = await Promise.all([a.sweep.run(SWEEP_NOW), b.sweep.run(SWEEP_NOW)]);
    expect(results.map((r) => r.led).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.led)).toEqual({ led: false, queued: 0, roundsOpened: 0, failed: 0 });
    // Both workers deliver from the one queue.
    await Promise.all(
      [a, b].map(async (service) => {
        await service.worker.join();
        try {
          await service.worker.drain({ untilEmpty: true });
        } finally {
          await service.worker.leave();
        }
      }),
    );
    expect(connector.deliveredCounts()).toEqual(scenario.expected);
    const ledger = await new ReminderRepository(store).scan();
    const statuses = new Set<string>([...ledger.ledger.values()].flat().map((e) => e.status));
    expect(statuses).toEqual(new Set(['sent']));
  });
});
