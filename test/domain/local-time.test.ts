import { localTime } from '../../src/domain/local-time';
import { isWorkingTime, type ReminderRules } from '../../src/domain/reminders';
import { localDate } from '../../src/domain/round-schedule';

const rules: ReminderRules = {
  days: [3, 7, 14],
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [8 * 60, 18 * 60],
  timeZone: 'Europe/Amsterdam',
  finalRoundDaysBeforeEnd: 14,
};

describe('localTime', () => {
  test('reads date, weekday and minutes on the zone’s wall clock, across daylight saving', () => {
    // Monday 30 November 2026, 10:00 UTC = 11:00 in Amsterdam (winter time).
    expect(localTime(new Date('2026-11-30T10:00:00Z'), 'Europe/Amsterdam')).toEqual({
      date: '2026-11-30',
      weekday: 1,
      minutes: 11 * 60,
    });
    // Sunday 29 March 2026 01:00 UTC = 03:00 summer time, an hour after the change.
    expect(localTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Amsterdam')).toEqual({
      date: '2026-03-29',
      weekday: 7,
      minutes: 3 * 60,
    });
    // Midnight is 0 minutes, not 24 hours.
    expect(localTime(new Date('2026-11-29T23:00:00Z'), 'Europe/Amsterdam').minutes).toBe(0);
    expect(localDate(new Date('2026-11-29T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-11-30');
    expect(localTime(new Date('2026-11-29T23:30:00Z'), 'America/New_York').date).toBe('2026-11-29');
  });

  test('the same moment and zone give the same answer as a new moment would', () => {
    const now = new Date('2026-12-01T16:59:00Z');
    const first = localTime(now, 'Europe/Amsterdam');
    expect(localTime(new Date(now.getTime()), 'Europe/Amsterdam')).toBe(first);
    expect(localTime(new Date(now.getTime() + 60_000), 'Europe/Amsterdam').minutes).toBe(first.minutes + 1);
    expect(localTime(now, 'UTC').minutes).toBe(16 * 60 + 59);
  });

  test('an unknown time zone is refused', () => {
    expect(() => localTime(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('the working-hours check', () => {
  // A sweep asks once per placement: building a formatter each time made the plan for 10,000
  // placements take seconds (bench/results.md, "Reminder plan").
  test('builds no formatter per call', () => {
    isWorkingTime(new Date('2026-11-30T10:00:00Z'), rules);
    const built = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let minute = 0; minute < 1000; minute++) {
        isWorkingTime(new Date(Date.parse('2026-11-30T10:00:00Z') + minute * 60_000), rules);
        localDate(new Date(Date.parse('2026-11-30T10:00:00Z') + minute * 60_000), rules.timeZone);
      }
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });
});
