import { localDate, retentionCutoff } from '../../src/domain/privacy';

describe('retentionCutoff', () => {
  it.each([
    ['2028-12-31', 18, '2027-06-30'],
    ['2028-06-15', 18, '2026-12-15'],
    ['2028-01-01', 1, '2027-12-01'],
    // The day is clamped to the shorter month.
    ['2027-08-31', 18, '2026-02-28'],
    ['2029-08-31', 18, '2028-02-29'],
    ['2028-03-31', 1, '2028-02-29'],
  ])('on %s with %i months keeps what ended on or after … %s', (today, months, cutoff) => {
    expect(retentionCutoff(today, months)).toBe(cutoff);
  });
});

describe('localDate', () => {
  it('is the calendar date in the school’s time zone', () => {
    expect(localDate(new Date('2026-11-29T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-11-30');
    expect(localDate(new Date('2026-11-29T22:30:00Z'), 'Europe/Amsterdam')).toBe('2026-11-29');
  });
});
