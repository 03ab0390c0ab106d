import { loadConfig } from '../../src/config';
import { type CheckInRound, openRound } from '../../src/domain/check-in';
import { dueOnLadder, escalationKey, recipientOf, stalledItems } from '../../src/domain/escalation';
import type { Placement } from '../../src/domain/placement';
import { itemKey, type ReminderRules } from '../../src/domain/reminders';
import { parseDateRanges, workingDaysOpen } from '../../src/domain/working-days';
import { reminderRules } from '../../src/wiring/reminders';

// The Christmas holiday of school year 2026-2027, as the README's example writes it.
const CHRISTMAS = '2026-12-19/2027-01-03';

const plain: ReminderRules = {
  days: [3, 7, 14],
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [9 * 60, 17 * 60],
  timeZone: 'Europe/Amsterdam',
  finalRoundDaysBeforeEnd: 14,
  escalationWorkingDays: [5, 8, 12],
};
const withHolidays: ReminderRules = {
  ...plain,
  schoolHolidays: [{ from: '2026-12-19', to: '2027-01-03' }],
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

// Monday 7 December 2026, 10:00 in Amsterdam: the student's part opens; the trainer is done that day.
const opened = '2026-12-07T09:00:00.000Z';
const base = openRound({
  placementId: 'p1',
  number: 1,
  kind: 'start',
  qualificationId: 'ict-beheerder',
  now: new Date(opened),
});
const studentBehind: CheckInRound = {
  ...base,
  parts: {
    ...base.parts,
    trainer: { answers: {}, texts: {}, cursor: 21, rev: 1, doneAt: '2026-12-07T10:00:00.000Z' },
  },
};
const item = itemKey('p1', 1, 'part_open', 'student', opened);

function rungsAt(now: string, rules: ReminderRules, handled: string[] = []) {
  return dueOnLadder(
    {
      placement,
      latest: studentBehind,
      handled: new Set(handled),
      snoozedUntil: new Map(),
      unreachable: new Set(),
      coordinatorReachable: true,
    },
    new Date(now),
    rules,
  )
    .reminders.filter((r) => r.rung)
    .map((r) => `${r.rung}:${recipientOf(r.role, r.rung ?? 'person')}`);
}

describe('SCHOOL_HOLIDAYS', () => {
  it('reads ISO date ranges and single dates, and names what is wrong with a bad one', () => {
    expect(loadConfig({ SCHOOL_HOLIDAYS: `${CHRISTMAS}, 2027-04-27` }).reminders.schoolHolidays).toEqual([
      { from: '2026-12-19', to: '2027-01-03' },
      { from: '2027-04-27', to: '2027-04-27' },
    ]);
    expect(loadConfig({}).reminders.schoolHolidays).toEqual([]);
    expect(() => loadConfig({ SCHOOL_HOLIDAYS: '19-12-2026/03-01-2027' })).toThrow(
      /SCHOOL_HOLIDAYS.*not a date YYYY-MM-DD/,
    );
    expect(() => loadConfig({ SCHOOL_HOLIDAYS: '2027-01-03/2026-12-19' })).toThrow(
      /SCHOOL_HOLIDAYS.*ends before it starts/,
    );
    expect(() => loadConfig({ SCHOOL_HOLIDAYS: '2026-02-30' })).toThrow(/SCHOOL_HOLIDAYS/);
    expect(parseDateRanges('')).toEqual({ ranges: [] });
    expect(reminderRules(loadConfig({ SCHOOL_HOLIDAYS: CHRISTMAS }).reminders).schoolHolidays).toHaveLength(
      1,
    );
  });

  it('are no working days for school staff: the days of an item stand still over Christmas', () => {
    const school = {
      workingDays: [1, 2, 3, 4, 5],
      timeZone: 'Europe/Amsterdam',
      holidays: withHolidays.schoolHolidays,
    };
    // Monday 28 December: 15 weekdays after the 7th, but only the 9 before the holiday count.
    expect(workingDaysOpen(opened, new Date('2026-12-28T09:00:00Z'), plain)).toBe(15);
    expect(workingDaysOpen(opened, new Date('2026-12-28T09:00:00Z'), school)).toBe(9);
    // Monday 4 January, the first school day: 10.
    expect(workingDaysOpen(opened, new Date('2027-01-04T09:00:00Z'), school)).toBe(10);
  });

  it('keep the ladder from the supervisor and the coordinator during the holiday, and count on after it', () => {
    const handled = [escalationKey(item, 'other_party'), escalationKey(item, 'supervisor')];
    // Without holidays the coordinator is told on Monday 28 December, in the middle of the holiday.
    expect(rungsAt('2026-12-28T09:00:00Z', plain, handled)).toEqual(['coordinator:coordinator']);
    // With them nobody at school is told during the holiday…
    expect(rungsAt('2026-12-28T09:00:00Z', withHolidays, [escalationKey(item, 'other_party')])).toEqual([]);
    expect(rungsAt('2027-01-04T09:00:00Z', withHolidays, handled)).toEqual([]);
    // …and the coordinator on the 12th school working day, Wednesday 6 January.
    expect(rungsAt('2027-01-06T09:00:00Z', withHolidays, handled)).toEqual(['coordinator:coordinator']);
  });

  it('leave the student and the trainer their own calendar: the other party is still asked', () => {
    // Monday 14 December is before the holiday either way; Monday 21 December is in it.
    expect(rungsAt('2026-12-21T09:00:00Z', withHolidays)).toEqual(['other_party:trainer']);
  });

  it("show the coordinator's overview in school working days", () => {
    const [onPlainDays] = stalledItems(placement, studentBehind, new Date('2026-12-28T09:00:00Z'), plain);
    const [onSchoolDays] = stalledItems(
      placement,
      studentBehind,
      new Date('2026-12-28T09:00:00Z'),
      withHolidays,
    );
    expect([onPlainDays?.workingDays, onPlainDays?.rung]).toEqual([15, 'coordinator']);
    expect([onSchoolDays?.workingDays, onSchoolDays?.rung]).toEqual([9, 'supervisor']);
  });
});
