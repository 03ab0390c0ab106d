import {
  localDate,
  nextRound,
  type RoundSchedule,
  type RoundScheduleRules,
  roundDueDates,
} from '../../src/domain/round-schedule';
import type { RoundState } from '../../src/domain/round-state';

const rules: RoundScheduleRules = { finalRoundDaysBeforeEnd: 14, timeZone: 'Europe/Amsterdam' };
// A school year: September to June.
const schoolYear = { startDate: '2026-09-01', endDate: '2027-06-30' };
const latest = (number: number, state: RoundState) => ({ number, state });

describe('the due dates of a placement’s check-ins', () => {
  it.each([
    ['a school year', '2026-09-01', '2027-06-30', 14, ['2026-09-01', '2027-01-30', '2027-06-16']],
    ['ten days', '2027-02-01', '2027-02-11', 14, ['2027-02-01', '2027-02-06', '2027-02-07']],
    ['two days', '2027-03-01', '2027-03-03', 14, ['2027-03-01', '2027-03-02', '2027-03-03']],
    ['one day', '2027-03-01', '2027-03-02', 14, ['2027-03-01', '2027-03-02', '2027-03-02']],
    [
      'across the spring DST change',
      '2027-03-01',
      '2027-04-30',
      14,
      ['2027-03-01', '2027-03-31', '2027-04-16'],
    ],
    [
      'across the autumn DST change',
      '2026-10-01',
      '2026-11-30',
      14,
      ['2026-10-01', '2026-10-31', '2026-11-16'],
    ],
    [
      'the last one on the end date',
      '2026-09-01',
      '2027-06-30',
      0,
      ['2026-09-01', '2027-01-30', '2027-06-30'],
    ],
  ] as const)('%s (%s to %s, final %i days before the end)', (_name, startDate, endDate, days, expected) => {
    const dates = roundDueDates({ startDate, endDate }, { finalRoundDaysBeforeEnd: days });
    expect([dates.start, dates.tussentijds, dates.eind]).toEqual(expected);
  });

  it('keeps start ≤ halfway ≤ final ≤ end for every length from one day to more than a year', () => {
    const start = Date.parse('2026-09-01T00:00:00Z');
    for (let days = 1; days <= 400; days++) {
      const endDate = new Date(start + days * 86_400_000).toISOString().slice(0, 10);
      const d = roundDueDates({ startDate: '2026-09-01', endDate }, rules);
      expect([d.start <= d.tussentijds, d.tussentijds <= d.eind, d.eind <= endDate, d.start]).toEqual([
        true,
        true,
        true,
        '2026-09-01',
      ]);
    }
  });
});

describe('the local date a moment falls on', () => {
  it.each([
    ['winter, just before midnight', '2027-01-29T22:59:00Z', '2027-01-29'],
    ['winter, midnight (still the day before in UTC)', '2027-01-29T23:00:00Z', '2027-01-30'],
    ['summer, midnight (two hours ahead of UTC)', '2027-06-15T22:00:00Z', '2027-06-16'],
    ['the night the clocks go back', '2026-10-25T22:30:00Z', '2026-10-25'],
  ])('%s: %s is %s in Amsterdam', (_name, at, date) => {
    expect(localDate(new Date(at), 'Europe/Amsterdam')).toBe(date);
  });
});

describe('the one rule for when the next round opens', () => {
  const upcoming = (number: number, kind: string, dueOn: string): RoundSchedule =>
    ({ status: 'upcoming', next: { number, kind, dueOn } }) as RoundSchedule;
  const due = (number: number, kind: string, dueOn: string): RoundSchedule =>
    ({ status: 'due', next: { number, kind, dueOn } }) as RoundSchedule;

  it.each([
    [
      'before the start date, no round yet',
      undefined,
      '2026-08-20T10:00:00Z',
      upcoming(1, 'start', '2026-09-01'),
    ],
    [
      'a minute before the start date begins locally',
      undefined,
      '2026-08-31T21:59:00Z',
      upcoming(1, 'start', '2026-09-01'),
    ],
    ['at local midnight of the start date', undefined, '2026-08-31T22:00:00Z', due(1, 'start', '2026-09-01')],
    ['a round that is still open', latest(1, 'open'), '2027-02-01T10:00:00Z', { status: 'in_progress' }],
    [
      'a list waiting for the supervisor',
      latest(1, 'submitted'),
      '2027-02-01T10:00:00Z',
      { status: 'in_progress' },
    ],
    [
      'approved, in November',
      latest(1, 'approved'),
      '2026-11-16T10:00:00Z',
      upcoming(2, 'tussentijds', '2027-01-30'),
    ],
    [
      'approved, the evening before halfway',
      latest(1, 'approved'),
      '2027-01-29T22:59:00Z',
      upcoming(2, 'tussentijds', '2027-01-30'),
    ],
    [
      'approved, halfway at local midnight',
      latest(1, 'approved'),
      '2027-01-29T23:00:00Z',
      due(2, 'tussentijds', '2027-01-30'),
    ],
    [
      'approved only after halfway',
      latest(1, 'approved'),
      '2027-03-10T10:00:00Z',
      due(2, 'tussentijds', '2027-01-30'),
    ],
    [
      'mid-term approved, before the final date (summer time)',
      latest(2, 'approved'),
      '2027-06-15T21:59:00Z',
      upcoming(3, 'eind', '2027-06-16'),
    ],
    [
      'mid-term approved, the final date at local midnight',
      latest(2, 'approved'),
      '2027-06-15T22:00:00Z',
      due(3, 'eind', '2027-06-16'),
    ],
    [
      'mid-term approved, on the end date',
      latest(2, 'approved'),
      '2027-06-30T21:00:00Z',
      due(3, 'eind', '2027-06-16'),
    ],
    [
      'after the end date',
      latest(1, 'approved'),
      '2027-06-30T22:00:00Z',
      { status: 'finished', reason: 'ended' },
    ],
    [
      'the last round approved',
      latest(3, 'approved'),
      '2027-06-20T10:00:00Z',
      { status: 'finished', reason: 'last_round' },
    ],
  ] as const)('%s', (_name, round, now, expected) => {
    expect(nextRound(schoolYear, round, new Date(now), rules)).toEqual(expected);
  });

  it('opens a halfway round that falls on the night the clocks go forward from local midnight', () => {
    // 1 January to 22 June: halfway is 28 March 2027, when summer time starts at 02:00.
    const placement = { startDate: '2027-01-01', endDate: '2027-06-22' };
    expect(roundDueDates(placement, rules).tussentijds).toBe('2027-03-28');
    const approved = latest(1, 'approved');
    expect(nextRound(placement, approved, new Date('2027-03-27T22:59:00Z'), rules).status).toBe('upcoming');
    expect(nextRound(placement, approved, new Date('2027-03-27T23:00:00Z'), rules).status).toBe('due');
  });

  it('opens every round of a one-day placement by its end date, then nothing', () => {
    const placement = { startDate: '2027-03-01', endDate: '2027-03-02' };
    const at = new Date('2027-03-02T10:00:00Z');
    expect(nextRound(placement, latest(1, 'approved'), at, rules)).toEqual(
      due(2, 'tussentijds', '2027-03-02'),
    );
    expect(nextRound(placement, latest(2, 'approved'), at, rules)).toEqual(due(3, 'eind', '2027-03-02'));
    expect(nextRound(placement, latest(2, 'approved'), new Date('2027-03-03T10:00:00Z'), rules)).toEqual({
      status: 'finished',
      reason: 'ended',
    });
  });
});
