import { type CheckInRound, openRound } from '../../src/domain/check-in';
import type { Placement, Role } from '../../src/domain/placement';
import {
  dueForPlacement,
  isStillOpen,
  isWorkingTime,
  itemKey,
  nextWorkingTime,
  type ReminderRules,
  roundDueDates,
} from '../../src/domain/reminders';

const rules: ReminderRules = {
  days: [3, 7, 14],
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [9 * 60, 17 * 60],
  timeZone: 'Europe/Amsterdam',
  finalRoundDaysBeforeEnd: 14,
};

const placement: Placement = {
  id: 'p1',
  student: { email: 's@x.nl', name: 'S', aadObjectId: 'aad-s' },
  trainer: { email: 't@x.nl', name: 'T', aadObjectId: 'aad-t' },
  supervisor: { email: 'v@x.nl', name: 'V', aadObjectId: 'aad-v' },
  company: 'C',
  qualificationId: 'ict-beheerder',
  startDate: '2026-09-01',
  endDate: '2027-06-30',
};

// Monday 2026-11-30 is a working day; 10:00 in Amsterdam is 09:00 UTC in winter.
const opened = '2026-11-16T09:00:00.000Z';
const round = (patch: Partial<CheckInRound> = {}): CheckInRound => ({
  ...openRound({
    placementId: 'p1',
    number: 1,
    kind: 'start',
    qualificationId: 'ict-beheerder',
    now: new Date(opened),
  }),
  ...patch,
});
const part = { answers: {}, texts: {}, cursor: 0, rev: 0 };
const done = { ...part, doneAt: opened };

function due(
  now: string,
  latest: CheckInRound | undefined,
  extra: { handled?: string[]; snoozed?: [string, string][]; unreachable?: Role[] } = {},
) {
  return dueForPlacement(
    {
      placement,
      latest,
      handled: new Set(extra.handled ?? []),
      snoozedUntil: new Map(extra.snoozed ?? []),
      unreachable: new Set(extra.unreachable ?? []),
    },
    new Date(now),
    rules,
  );
}

const key = (kind: 'part_open' | 'agreement_waiting' | 'approval_pending', role: Role, since = opened) =>
  itemKey('p1', 1, kind, role, since);

describe('working time', () => {
  it.each([
    ['2026-11-30T09:00:00Z', true, 'Monday 10:00 Amsterdam'],
    ['2026-11-30T07:59:00Z', false, 'Monday 08:59'],
    ['2026-11-30T15:59:00Z', true, 'Monday 16:59'],
    ['2026-11-30T16:00:00Z', false, 'Monday 17:00'],
    ['2026-11-28T10:00:00Z', false, 'Saturday'],
    ['2026-11-29T10:00:00Z', false, 'Sunday'],
    ['2026-06-01T07:30:00Z', true, 'Monday 09:30 in summer time'],
  ])('%s → %s (%s)', (now, expected) => {
    expect(isWorkingTime(new Date(now), rules)).toBe(expected);
  });

  it('finds the next working moment: Friday evening → Monday 09:00', () => {
    expect(nextWorkingTime(new Date('2026-11-27T18:00:00Z'), rules).toISOString()).toBe(
      '2026-11-30T08:00:00.000Z',
    );
  });
});

describe('which reminders are due', () => {
  it.each([
    ['2 days after opening: nothing yet', '2026-11-18T09:00:00Z', [], []],
    [
      '3 days: both parts, first reminder',
      '2026-11-19T09:00:00Z',
      [],
      [`${key('part_open', 'student')}|0`, `${key('part_open', 'trainer')}|0`],
    ],
    [
      '8 days: the second reminder',
      '2026-11-24T09:00:00Z',
      [],
      [`${key('part_open', 'student')}|1`, `${key('part_open', 'trainer')}|1`],
    ],
    [
      '8 days with the first sent: the second',
      '2026-11-24T09:00:00Z',
      [`${key('part_open', 'student')}|0`],
      [`${key('part_open', 'student')}|1`, `${key('part_open', 'trainer')}|1`],
    ],
    [
      '8 days with the second sent: nothing more for that one',
      '2026-11-24T09:00:00Z',
      [`${key('part_open', 'student')}|1`],
      [`${key('part_open', 'trainer')}|1`],
    ],
    [
      '30 days with all three sent: the maximum is reached',
      '2026-12-16T09:00:00Z',
      [0, 1, 2].flatMap((s) => [
        `${key('part_open', 'student')}|${s}`,
        `${key('part_open', 'trainer')}|${s}`,
      ]),
      [],
    ],
    ['on a Saturday: nothing', '2026-11-21T10:00:00Z', [], []],
    ['at 07:00 on a weekday: nothing', '2026-11-19T06:00:00Z', [], []],
  ])('%s', (_name, now, handled, expected) => {
    expect(due(now, round(), { handled }).reminders.map((r) => r.key)).toEqual(expected);
  });

  it('never reminds about a finished part', () => {
    const r = round({ parts: { student: done, trainer: part } });
    expect(due('2026-11-19T09:00:00Z', r).reminders.map((x) => x.role)).toEqual(['trainer']);
  });

  it('respects a snooze until it ends', () => {
    const snoozed: [string, string][] = [[key('part_open', 'student'), '2026-11-26T09:00:00.000Z']];
    expect(due('2026-11-24T09:00:00Z', round(), { snoozed }).reminders.map((x) => x.role)).toEqual([
      'trainer',
    ]);
    expect(due('2026-11-26T10:00:00Z', round(), { snoozed }).reminders.map((x) => x.role)).toEqual([
      'student',
      'trainer',
    ]);
  });

  it('skips people who cannot be reached', () => {
    expect(
      due('2026-11-19T09:00:00Z', round(), { unreachable: ['trainer'] }).reminders.map((x) => x.role),
    ).toEqual(['student']);
  });

  it.each([
    ['settling', 'agreement_waiting', 'trainer'],
    ['confirming', 'agreement_waiting', 'student'],
    ['submitted', 'approval_pending', 'supervisor'],
  ] as const)('in state %s reminds the %s to the %s, counted from the state change', (state, kind, role) => {
    const since = '2026-11-20T09:00:00.000Z';
    const r = round({ state, stateSince: since, parts: { student: done, trainer: done } });
    expect(due('2026-11-22T09:00:00Z', r).reminders).toEqual([]);
    const [reminder] = due('2026-11-23T09:00:00Z', r).reminders;
    expect(reminder).toMatchObject({ kind, role, step: 0, key: `${itemKey('p1', 1, kind, role, since)}|0` });
  });

  it('has nothing to remind about an approved round before the next one is due', () => {
    const r = round({ state: 'approved', stateSince: '2026-11-20T09:00:00.000Z' });
    expect(due('2026-11-30T09:00:00Z', r)).toEqual({ reminders: [] });
  });

  it('opens the next round when it is due and invites both', () => {
    const r = round({ state: 'approved', stateSince: '2026-11-20T09:00:00.000Z' });
    const dates = roundDueDates(placement, rules);
    expect(dates).toEqual({ start: '2026-09-01', tussentijds: '2027-01-30', eind: '2027-06-16' });
    expect(due('2027-01-29T09:00:00Z', r).open).toBeUndefined();
    const result = due('2027-02-01T09:00:00Z', r);
    expect(result.open).toEqual({ placementId: 'p1', number: 2, kind: 'tussentijds' });
    expect(result.reminders.map((x) => [x.kind, x.role, x.round])).toEqual([
      ['round_due', 'student', 2],
      ['round_due', 'trainer', 2],
    ]);
  });

  it('opens the first round at the start date when nobody has used the bot yet', () => {
    expect(due('2026-11-30T09:00:00Z', undefined).open).toEqual({
      placementId: 'p1',
      number: 1,
      kind: 'start',
    });
  });

  it('reminds nobody after the placement ended', () => {
    expect(due('2027-07-05T09:00:00Z', round())).toEqual({ reminders: [] });
  });
});

describe('whether a queued reminder is still worth sending', () => {
  it.each([
    ['part still open', round(), key('part_open', 'student'), true],
    [
      'part finished since',
      round({ parts: { student: done, trainer: part } }),
      key('part_open', 'student'),
      false,
    ],
    ['round moved on to settling', round({ state: 'settling' }), key('part_open', 'trainer'), false],
    ['a newer round', round({ number: 2 }), key('part_open', 'trainer'), false],
  ])('%s → %s', (_name, latest, item, expected) => {
    expect(isStillOpen(item, latest)).toBe(expected);
  });
});
