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

  it('builds no date formatter per call: an export asks it once per version', () => {
    const moments = Array.from({ length: 50 }, (_, day) => new Date(Date.UTC(2026, 0, day + 1, 16)));
    const reference = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', dateStyle: 'short' });
    const expected = moments.map((at) => reference.format(at));
    localDate(moments[0] as Date, 'Asia/Tokyo');
    const built = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      expect(moments.map((at) => localDate(at, 'Asia/Tokyo'))).toEqual(expected);
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });
});
