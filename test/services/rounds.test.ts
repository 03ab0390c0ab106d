import { randomUUID } from 'node:crypto';
import { openRound } from '../../src/domain/check-in';
import type { Placement } from '../../src/domain/placement';
import type { RoundScheduleRules } from '../../src/domain/round-schedule';
import { activeRound, openNextRoundEarly } from '../../src/services/rounds';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import type { TableStore } from '../../src/storage/table-store';
import { freshStore } from '../support/bot-harness';
import { reminderServiceFor, uniqueQueueName } from '../support/reminder-scenario';

jest.setTimeout(120_000);

const rules: RoundScheduleRules = { finalRoundDaysBeforeEnd: 14, timeZone: 'Europe/Amsterdam' };
// Monday 1 February 2027, 10:00 in Amsterdam: working time, and the mid-term round (due on
// 30 January) is due for a September–June placement.
const DUE = new Date('2027-02-01T09:00:00.000Z');
const NOVEMBER = new Date('2026-11-16T09:00:00.000Z');

let store: TableStore;
let rounds: RoundRepository;
beforeAll(async () => {
  store = await freshStore();
  rounds = new RoundRepository(store);
});

/** A September–June placement whose first round the supervisor approved in November. */
async function approvedPlacement(): Promise<Placement> {
  const placements = new PlacementRepository(store);
  const tag = randomUUID().slice(0, 8);
  const { id } = await placements.importPlacement({
    student: { email: `s.${tag}@example.org`, name: `Student ${tag}` },
    trainer: { email: `t.${tag}@example.org`, name: `Trainer ${tag}` },
    supervisor: { email: `v.${tag}@example.org`, name: `Begeleider ${tag}` },
    company: `Bedrijf ${tag}`,
    qualificationId: 'ict-beheerder',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
  });
  await placements.bind(id, 'student', randomUUID());
  const placement = await placements.bind(id, 'trainer', randomUUID());
  if (!placement) throw new Error('placement not stored');
  const first = openRound({
    placementId: id,
    number: 1,
    kind: 'start',
    qualificationId: 'ict-beheerder',
    now: new Date('2026-09-07T09:00:00.000Z'),
  });
  await rounds.create({ ...first, state: 'approved', stateSince: NOVEMBER.toISOString() }, []);
  return placement;
}

const student = (p: Placement) => ({ id: p.student.aadObjectId ?? '', role: 'student' as const });
const trainer = (p: Placement) => ({ id: p.trainer.aadObjectId ?? '', role: 'trainer' as const });

async function openings(placementId: string) {
  return (await rounds.audit(placementId)).filter(
    (e) => e.round === 2 && (e.event === 'round_opened' || e.event === 'round_opened_early'),
  );
}

describe('the active round for start', () => {
  it('keeps the approved round before the next one is due, with the date it opens, and opens nothing', async () => {
    const placement = await approvedPlacement();
    const active = await activeRound(placement, { rounds }, student(placement), NOVEMBER, rules);
    expect(active.round).toMatchObject({ number: 1, state: 'approved' });
    expect(active.upcoming).toEqual({ number: 2, kind: 'tussentijds', dueOn: '2027-01-30' });
    expect(active.tell).toEqual([]);
    expect(await rounds.list(placement.id)).toHaveLength(1);
    expect(await openings(placement.id)).toEqual([]);
  });

  it('opens the due round once, with an audit event, and names the other part to tell', async () => {
    const placement = await approvedPlacement();
    const first = await activeRound(placement, { rounds }, student(placement), DUE, rules);
    expect(first.round).toMatchObject({ number: 2, kind: 'tussentijds', state: 'open' });
    expect(first.tell).toEqual(['trainer']);
    const second = await activeRound(placement, { rounds }, trainer(placement), DUE, rules);
    expect(second.round.number).toBe(2);
    expect(second.tell).toEqual([]);
    expect(await openings(placement.id)).toEqual([
      expect.objectContaining({
        event: 'round_opened',
        actorRole: 'student',
        detail: { kind: 'tussentijds' },
      }),
    ]);
  });

  it('opens a due round exactly once when start and the reminder sweep race for it', async () => {
    // Tables of its own: the sweep goes through every placement in them.
    store = await freshStore();
    rounds = new RoundRepository(store);
    const placements = await Promise.all(Array.from({ length: 16 }, () => approvedPlacement()));
    const service = reminderServiceFor(store, { queueName: uniqueQueueName('rounds'), now: DUE });
    await service.queue.ensure();
    // The sweep opens from the first placement on, the students type `start` from the last one
    // back, so the two meet on placements both found due.
    const startsFromTheBack = (async () => {
      const results: Awaited<ReturnType<typeof activeRound>>[] = [];
      for (const p of [...placements].reverse())
        results.unshift(await activeRound(p, { rounds }, student(p), DUE, rules));
      return results;
    })();
    const [sweep, starts] = await Promise.all([service.sweep.run(DUE), startsFromTheBack]);
    expect(sweep.led).toBe(true);
    let openedByStart = 0;
    for (const [i, placement] of placements.entries()) {
      const start = starts[i] as Awaited<ReturnType<typeof activeRound>>;
      expect(start.round.number).toBe(2);
      expect((await rounds.list(placement.id)).map((r) => r.round.number)).toEqual([1, 2]);
      const [opening, ...more] = await openings(placement.id);
      expect(more).toEqual([]);
      // Whoever opened it is on record, and only `start` tells the trainer (the sweep invites both).
      expect(opening?.actorRole).toBe(start.tell.length > 0 ? 'student' : 'system');
      if (start.tell.length > 0) openedByStart += 1;
    }
    expect(openedByStart + sweep.roundsOpened).toBe(placements.length);
  });

  it('leaves a round that start opened to start: the sweep opens nothing and invites nobody to it', async () => {
    const placement = await approvedPlacement();
    await activeRound(placement, { rounds }, student(placement), DUE, rules);
    const service = reminderServiceFor(store, { queueName: uniqueQueueName('rounds'), now: DUE });
    const plan = await service.sweep.plan(DUE);
    expect(plan.roundsToOpen.filter((r) => r.placementId === placement.id)).toEqual([]);
    expect(plan.reminders.filter((r) => r.placementId === placement.id && r.kind === 'round_due')).toEqual(
      [],
    );
  });
});

describe('opening the next round early', () => {
  it('is for the trainer only, explicit, on record, tells the student, and happens once', async () => {
    const placement = await approvedPlacement();
    expect(await openNextRoundEarly(placement, { rounds }, student(placement), 1, NOVEMBER, rules)).toEqual({
      outcome: 'unchanged',
      reason: 'not_allowed',
    });
    expect(await rounds.list(placement.id)).toHaveLength(1);

    const opened = await openNextRoundEarly(placement, { rounds }, trainer(placement), 1, NOVEMBER, rules);
    expect(opened).toMatchObject({
      outcome: 'opened',
      round: { number: 2, state: 'open' },
      tell: ['student'],
    });
    expect(await openings(placement.id)).toEqual([
      expect.objectContaining({
        event: 'round_opened_early',
        actorRole: 'trainer',
        actorId: trainer(placement).id,
      }),
    ]);

    // The same button again, or an older card: nothing more opens.
    expect(await openNextRoundEarly(placement, { rounds }, trainer(placement), 1, NOVEMBER, rules)).toEqual({
      outcome: 'unchanged',
      reason: 'already_open',
    });
    expect(await openNextRoundEarly(placement, { rounds }, trainer(placement), 2, NOVEMBER, rules)).toEqual({
      outcome: 'unchanged',
      reason: 'not_approved',
    });
    expect(await rounds.list(placement.id)).toHaveLength(2);
  });

  it('opens nothing after the placement has ended', async () => {
    const placement = await approvedPlacement();
    const after = new Date('2027-07-01T09:00:00.000Z');
    expect(await openNextRoundEarly(placement, { rounds }, trainer(placement), 1, after, rules)).toEqual({
      outcome: 'unchanged',
      reason: 'finished',
    });
    expect(await rounds.list(placement.id)).toHaveLength(1);
  });
});
