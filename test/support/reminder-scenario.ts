import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { type CheckInRound, openRound } from '../../src/domain/check-in';
import type { Placement } from '../../src/domain/placement';
import { createLogger } from '../../src/logger';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { storedQualificationCatalog } from '../../src/services/qualification-catalog';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { MAX_ENTRIES_PER_MESSAGE } from '../../src/storage/reminder-message';
import { RoundRepository } from '../../src/storage/round-repository';
import type { TableStore } from '../../src/storage/table-store';
import { createAdapter } from '../../src/teams/adapter';
import { ProactiveChannel } from '../../src/teams/proactive-channel';
import { BotReminderSender } from '../../src/teams/reminder-sender';
import { createReminderService, createSendRateShare, type ReminderService } from '../../src/wiring/reminders';
import { BOT_ID, TENANT_ID } from './bot-harness';

/** Monday 30 November 2026, 11:00 in Amsterdam: working time. */
export const SWEEP_NOW = new Date('2026-11-30T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(SWEEP_NOW.getTime() - days * DAY).toISOString();

export interface Scenario {
  /** Conversation id → reminders expected to arrive there. */
  readonly expected: Map<string, number>;
  /** Conversations scripted to answer 403. */
  readonly blocked: string[];
  /** People with no conversation at all. */
  readonly unreachable: string[];
  readonly placements: Placement[];
}

const conversationOf = (aad: string) => `a:${aad}`;

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/**
 * `count` placements in four groups: parts open for 4 days (student and trainer due), agreements
 * waiting 8 days for the student (second reminder; six working days, so the trainer is asked to
 * nudge them), lists submitted 3 days ago (one digest per
 * supervisor, six supervisors), and approved rounds (nothing due). A few trainers never installed
 * the app; the caller can script failures per conversation. `group` puts every placement in one
 * group, `supervisors` sets how many supervisors share them.
 */
export async function seedReminderScenario(
  store: TableStore,
  connectorUrl: string,
  count: number,
  options: { supervisors?: number; group?: 0 | 1 | 2 | 3 } = {},
): Promise<Scenario> {
  const placements = new PlacementRepository(store);
  const rounds = new RoundRepository(store);
  const conversations = new ConversationRepository(store);
  const tag = randomUUID().slice(0, 8);
  const supervisors = Array.from({ length: options.supervisors ?? 6 }, () => randomUUID());
  const expected = new Map<string, number>();
  const unreachable: string[] = [];
  const seeded: Placement[] = [];
  const pending = new Map<string, number>();
  const add = (aad: string) =>
    expected.set(conversationOf(aad), (expected.get(conversationOf(aad)) ?? 0) + 1);

  await inBatches(
    Array.from({ length: count }, (_, i) => i),
    20,
    async (i) => {
      const group = options.group ?? i % 4;
      const student = randomUUID();
      const trainer = randomUUID();
      const supervisorIndex = Math.floor(options.group === undefined ? i / 4 : i) % supervisors.length;
      const supervisor = supervisors[supervisorIndex] as string;
      const { id } = await placements.importPlacement({
        student: { email: `s${i}.${tag}@example.org`, name: `Student ${i}` },
        trainer: { email: `t${i}.${tag}@example.org`, name: `Trainer ${i}` },
        supervisor: {
          email: `v${supervisorIndex}.${tag}@example.org`,
          name: `Begeleider ${supervisorIndex}`,
        },
        company: `Bedrijf ${i}`,
        qualificationId: 'ict-beheerder',
        startDate: '2026-09-01',
        endDate: '2027-06-30',
      });
      await placements.bind(id, 'student', student);
      await placements.bind(id, 'trainer', trainer);
      const placement = await placements.bind(id, 'supervisor', supervisor);
      if (placement) seeded.push(placement);
      const neverInstalled = group === 0 && i < 12;
      for (const aad of neverInstalled ? [student, supervisor] : [student, trainer, supervisor]) {
        await conversations.save(
          aad,
          {
            channelId: 'msteams',
            serviceUrl: connectorUrl,
            conversation: { id: conversationOf(aad), conversationType: 'personal', tenantId: TENANT_ID },
            user: { id: `29:${aad}`, aadObjectId: aad },
            bot: { id: BOT_ID, name: 'BPV-afspraken' },
            locale: 'nl-NL',
          },
          SWEEP_NOW,
        );
      }
      if (neverInstalled) unreachable.push(trainer);

      const base = openRound({
        placementId: id,
        number: 1,
        kind: 'start',
        qualificationId: 'ict-beheerder',
        now: new Date(ago(4)),
      });
      const done = { answers: {}, texts: {}, cursor: 21, rev: 1, doneAt: ago(9) };
      let round: CheckInRound = base;
      if (group === 0) {
        add(student);
        if (!neverInstalled) add(trainer);
      } else if (group === 1) {
        round = {
          ...base,
          openedAt: ago(20),
          state: 'confirming',
          stateSince: ago(8),
          parts: { student: done, trainer: done },
        };
        add(student);
        // Six working days waiting: the trainer is asked to give the student a nudge (escalation.ts).
        add(trainer);
      } else if (group === 2) {
        pending.set(supervisor, (pending.get(supervisor) ?? 0) + 1);
        round = {
          ...base,
          openedAt: ago(20),
          state: 'submitted',
          stateSince: ago(3),
          version: 1,
          parts: { student: done, trainer: done },
        };
      } else {
        round = {
          ...base,
          openedAt: ago(20),
          state: 'approved',
          stateSince: ago(1),
          parts: { student: done, trainer: done },
        };
      }
      await rounds.create(round, []);
    },
  );
  // One digest per supervisor, in parts of at most MAX_ENTRIES_PER_MESSAGE approvals.
  for (const [supervisor, n] of pending)
    for (let part = 0; part < Math.ceil(n / MAX_ENTRIES_PER_MESSAGE); part++) add(supervisor);
  return { expected, blocked: [], unreachable, placements: seeded };
}

/**
 * The reminder service as the bot builds it (real sender through the Bot Framework adapter to the
 * connector in the stored references), on `store` and a queue of its own in the same account, with a
 * fixed clock.
 */
export function reminderServiceFor(
  store: TableStore,
  options: { queueName: string; now: Date; visibilitySeconds?: number; env?: Record<string, string> },
): ReminderService {
  const logger = createLogger('silent');
  const config = loadConfig({
    REMINDER_QUEUE: options.queueName,
    REMINDER_VISIBILITY_SECONDS: String(options.visibilitySeconds ?? 2),
    ...options.env,
  });
  const conversations = new ConversationRepository(store);
  const share = createSendRateShare(store, config.reminders, logger);
  const channel = new ProactiveChannel({
    adapter: createAdapter(undefined, logger, 10_000),
    appId: '',
    conversations,
    timeZone: config.timeZone,
    slots: share,
    logger,
    now: () => options.now,
  });
  return createReminderService({
    config: config.reminders,
    store,
    storage: store.target,
    sender: new BotReminderSender(
      channel,
      storedQualificationCatalog(loadQualificationCatalog(), undefined),
      config.reminders,
    ),
    logger,
    now: () => options.now,
    share,
  });
}

/** A queue name of its own, so tests never share a queue. */
export function uniqueQueueName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
