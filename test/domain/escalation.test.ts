import { type CheckInRound, openRound } from '../../src/domain/check-in';
import {
  dueOnLadder,
  escalationKey,
  groupBySupervisor,
  recipientOf,
  rungOfKey,
  stalledItems,
} from '../../src/domain/escalation';
import type { Placement, Role } from '../../src/domain/placement';
import { itemKey, type ReminderRules } from '../../src/domain/reminders';
import { workingDaysOpen } from '../../src/domain/working-days';

const rules: ReminderRules = {
  days: [3, 7, 14],
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [9 * 60, 17 * 60],
  timeZone: 'Europe/Amsterdam',
  finalRoundDaysBeforeEnd: 14,
  escalationWorkingDays: [5, 8, 12],
};

const placement: Placement = {
  id: 'p1',
  student: { email: 's@x.nl', name: 'Sanne', aadObjectId: 'aad-s' },
  trainer: { email: 't@x.nl', name: 'Tom', aadObjectId: 'aad-t' },
  supervisor: { email: 'v@x.nl', name: 'Vera', aadObjectId: 'aad-v' },
  company: 'C',
  qualificationId: 'ict-beheerder',
  startDate: '2026-09-01',
  endDate: '2027-06-30',
  coordinatorEmail: 'k@x.nl',
};

// Monday 2 November 2026, 10:00 in Amsterdam.
const opened = '2026-11-02T09:00:00.000Z';
const done = { answers: {}, texts: {}, cursor: 21, rev: 1, doneAt: '2026-11-02T10:00:00.000Z' };
const base = openRound({
  placementId: 'p1',
  number: 1,
  kind: 'start',
  qualificationId: 'ict-beheerder',
  now: new Date(opened),
});
/** The trainer finished on the first day; the student's part stays open. */
const studentBehind: CheckInRound = { ...base, parts: { ...base.parts, trainer: done } };
const at = (iso: string) => new Date(iso);

function ladder(
  latest: CheckInRound,
  now: Date,
  extra: {
    handled?: string[];
    snoozed?: [string, string][];
    unreachable?: Role[];
    coordinator?: boolean;
  } = {},
) {
  return dueOnLadder(
    {
      placement,
      latest,
      handled: new Set(extra.handled ?? []),
      snoozedUntil: new Map(extra.snoozed ?? []),
      unreachable: new Set(extra.unreachable ?? []),
      coordinatorReachable: extra.coordinator ?? true,
    },
    now,
    rules,
  ).reminders;
}
const rungs = (list: ReturnType<typeof ladder>) =>
  list.map((r) => `${r.rung ?? 'person'}:${recipientOf(r.role, r.rung ?? 'person')}`);

describe('working days', () => {
  const calendar = { workingDays: [1, 2, 3, 4, 5], timeZone: 'Europe/Amsterdam' };
  it.each([
    ['the same day', '2026-11-02T16:00:00Z', 0],
    ['Tuesday', '2026-11-03T08:00:00Z', 1],
    ['Friday', '2026-11-06T12:00:00Z', 4],
    ['Saturday and Sunday add nothing', '2026-11-08T12:00:00Z', 4],
    ['the next Monday', '2026-11-09T09:00:00Z', 5],
    ['three weeks and a day later', '2026-11-24T09:00:00Z', 16],
  ])('an item opened on a Monday is open %s: %s → %i', (_, now, expected) => {
    expect(workingDaysOpen(opened, at(now), calendar)).toBe(expected);
  });

  it('counts in the time zone: 23:30 UTC on Sunday is Monday in Amsterdam', () => {
    expect(workingDaysOpen('2026-11-06T12:00:00Z', at('2026-11-08T23:30:00Z'), calendar)).toBe(1);
  });

  it('follows the configured working days (Monday to Thursday)', () => {
    expect(
      workingDaysOpen(opened, at('2026-11-09T09:00:00Z'), { ...calendar, workingDays: [1, 2, 3, 4] }),
    ).toBe(4);
  });
});

describe('the escalation ladder', () => {
  it('climbs from the other party to the supervisor to the coordinator, each once, in working days', () => {
    // Monday 9 Nov: 5 working days → the trainer is asked to nudge the student.
    expect(rungs(ladder(studentBehind, at('2026-11-09T09:00:00Z')))).toContain('other_party:trainer');
    // Thursday 12 Nov: 8 → the supervisor, and the other party again only while not yet handled.
    const thursday = ladder(studentBehind, at('2026-11-12T09:00:00Z'), {
      handled: [escalationKey(itemKey('p1', 1, 'part_open', 'student', opened), 'other_party')],
    });
    expect(rungs(thursday).filter((r) => !r.startsWith('person'))).toEqual(['supervisor:supervisor']);
    // Wednesday 18 Nov: 12 → the coordinator.
    const wednesday = ladder(studentBehind, at('2026-11-18T09:00:00Z'), {
      handled: ['e1', 'e2'].map((e) => `${itemKey('p1', 1, 'part_open', 'student', opened)}|${e}`),
    });
    expect(rungs(wednesday).filter((r) => !r.startsWith('person'))).toEqual(['coordinator:coordinator']);
    expect(wednesday.find((r) => r.rung === 'coordinator')?.key).toBe(
      `${itemKey('p1', 1, 'part_open', 'student', opened)}|e3`,
    );
  });

  it('asks nothing of anyone above the person before the first rung, and nothing outside working time', () => {
    expect(ladder(studentBehind, at('2026-11-06T12:00:00Z')).filter((r) => r.rung)).toEqual([]);
    // Saturday 14 Nov: 9 working days by Friday, but nobody is told on a weekend.
    expect(ladder(studentBehind, at('2026-11-14T10:00:00Z'))).toEqual([]);
  });

  it('asks the other party only while it waits: when both parts are open, the ladder goes to the supervisor', () => {
    const due = ladder(base, at('2026-11-12T09:00:00Z'));
    expect(rungs(due).filter((r) => !r.startsWith('person'))).toEqual([
      'supervisor:supervisor',
      'supervisor:supervisor',
    ]);
  });

  it("skips from the supervisor's own approval to the coordinator", () => {
    const submitted: CheckInRound = {
      ...base,
      state: 'submitted',
      stateSince: opened,
      version: 1,
      parts: { student: done, trainer: done },
    };
    expect(
      rungs(ladder(submitted, at('2026-11-12T09:00:00Z'))).filter((r) => !r.startsWith('person')),
    ).toEqual([]);
    expect(
      rungs(ladder(submitted, at('2026-11-18T09:00:00Z'))).filter((r) => !r.startsWith('person')),
    ).toEqual(['coordinator:coordinator']);
  });

  it('tells the student when the trainer does not settle, and the trainer when the student does not confirm', () => {
    const settling: CheckInRound = {
      ...base,
      state: 'settling',
      stateSince: opened,
      parts: { student: done, trainer: done },
    };
    const confirming: CheckInRound = { ...settling, state: 'confirming' };
    expect(rungs(ladder(settling, at('2026-11-09T09:00:00Z')))).toContain('other_party:student');
    expect(rungs(ladder(confirming, at('2026-11-09T09:00:00Z')))).toContain('other_party:trainer');
  });

  it("holds the other party and the supervisor while the person's snooze lasts, never the coordinator", () => {
    const key = itemKey('p1', 1, 'part_open', 'student', opened);
    const snoozed: [string, string][] = [[key, '2026-11-30T00:00:00.000Z']];
    const due = ladder(studentBehind, at('2026-11-18T09:00:00Z'), { snoozed });
    expect(rungs(due)).toEqual(['coordinator:coordinator']);
  });

  it('skips whoever cannot be reached, and a placement without a coordinator', () => {
    const due = ladder(studentBehind, at('2026-11-18T09:00:00Z'), {
      unreachable: ['trainer'],
      coordinator: false,
    });
    expect(rungs(due).filter((r) => !r.startsWith('person'))).toEqual(['supervisor:supervisor']);
  });

  it('climbs nowhere when the setting is off', () => {
    const { escalationWorkingDays: _, ...off } = rules;
    const due = dueOnLadder(
      {
        placement,
        latest: studentBehind,
        handled: new Set(),
        snoozedUntil: new Map(),
        unreachable: new Set(),
      },
      at('2026-11-18T09:00:00Z'),
      off,
    );
    expect(due.reminders.filter((r) => r.rung)).toEqual([]);
  });

  it('reads the rung back from a ledger key', () => {
    const key = itemKey('p1', 1, 'part_open', 'student', opened);
    expect(rungOfKey(`${key}|0`)).toBe('person');
    expect(rungOfKey(escalationKey(key, 'other_party'))).toBe('other_party');
    expect(rungOfKey(escalationKey(key, 'coordinator'))).toBe('coordinator');
  });
});

describe("the coordinator's overview", () => {
  it('lists items open at least the first rung, oldest first, grouped per supervisor', () => {
    const other: Placement = {
      ...placement,
      id: 'p2',
      student: { email: 's2@x.nl', name: 'Ali' },
      supervisor: { email: 'a@x.nl', name: 'Anna' },
    };
    const now = at('2026-11-12T09:00:00Z');
    const items = [
      ...stalledItems(placement, studentBehind, now, rules),
      ...stalledItems(other, { ...base, placementId: 'p2' }, now, rules),
      ...stalledItems({ ...other, id: 'p3' }, { ...base, openedAt: '2026-11-10T09:00:00Z' }, now, rules),
    ];
    const groups = groupBySupervisor(items);
    expect(
      groups.map((g) => [
        g.supervisor,
        g.items.map((i) => `${i.placement.id}:${i.role}:${i.workingDays}:${i.rung}`),
      ]),
    ).toEqual([
      ['Anna', ['p2:student:8:supervisor', 'p2:trainer:8:supervisor']],
      ['Vera', ['p1:student:8:supervisor']],
    ]);
  });

  it('shows nothing of a placement that has ended', () => {
    expect(
      stalledItems({ ...placement, endDate: '2026-11-10' }, studentBehind, at('2026-11-12T09:00:00Z'), rules),
    ).toEqual([]);
  });
});
