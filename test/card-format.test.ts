import { cardFormat, dateLocale } from '../src/card-format';
import { translator } from '../src/i18n';

// Summer time in 2026: Amsterdam from 29 March 01:00 UTC to 25 October 01:00 UTC; New York from
// 8 March 07:00 UTC to 1 November 06:00 UTC.
describe('dates and times on cards', () => {
  const amsterdam = (locale: string) => cardFormat(locale, 'Europe/Amsterdam');

  it.each([
    ['nl-NL', '29-11-2026 10:05'],
    ['nl-BE', '29/11/2026 10:05'],
    ['en-GB', '29/11/2026 10:05'],
  ])('writes a moment in %s as %s', (locale, expected) => {
    expect(amsterdam(locale).dateTime('2026-11-29T09:05:00Z')).toBe(expected);
  });

  it('writes a moment in en-US with month first and a 12-hour clock', () => {
    expect(amsterdam('en-US').dateTime('2026-11-29T09:05:00Z')).toMatch(/^11\/29\/2026 10:05\sAM$/);
    expect(amsterdam('en-US').dateTime(new Date('2026-11-29T14:05:00Z'))).toMatch(/^11\/29\/2026 03:05\sPM$/);
  });

  it('follows summer time across the change in the configured zone', () => {
    const nl = amsterdam('nl-NL');
    expect(nl.dateTime('2026-03-29T00:59:00Z')).toBe('29-03-2026 01:59');
    expect(nl.dateTime('2026-03-29T01:00:00Z')).toBe('29-03-2026 03:00');
    expect(nl.dateTime('2026-10-25T00:30:00Z')).toBe('25-10-2026 02:30');
    expect(nl.dateTime('2026-10-25T01:30:00Z')).toBe('25-10-2026 02:30');

    const newYork = cardFormat('nl-NL', 'America/New_York');
    expect(newYork.dateTime('2026-03-08T06:59:00Z')).toBe('08-03-2026 01:59');
    expect(newYork.dateTime('2026-03-08T07:00:00Z')).toBe('08-03-2026 03:00');
    // The same moment is already the next day in Amsterdam.
    expect(newYork.dateTime('2026-03-28T23:30:00Z')).toBe('28-03-2026 19:30');
    expect(nl.dateTime('2026-03-28T23:30:00Z')).toBe('29-03-2026 00:30');
  });

  it('gives the calendar day a moment falls on in the configured zone', () => {
    expect(amsterdam('nl-NL').date('2026-12-05T23:30:00Z')).toBe('06-12-2026');
    expect(cardFormat('nl-NL', 'America/New_York').date('2026-12-05T23:30:00Z')).toBe('05-12-2026');
    expect(amsterdam('en-US').date('2026-12-05T23:30:00Z')).toBe('12/06/2026');
  });

  it('keeps a stored calendar date on its day in every zone, in the locale’s order', () => {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Amsterdam']) {
      expect(cardFormat('nl-NL', zone).calendarDate('2026-09-01')).toBe('01-09-2026');
      expect(cardFormat('en-US', zone).calendarDate('2026-09-01')).toBe('09/01/2026');
      expect(cardFormat('en-GB', zone).calendarDate('2026-09-01')).toBe('01/09/2026');
    }
    expect(amsterdam('nl-NL').calendarDate('niet-een-datum')).toBe('niet-een-datum');
  });

  it('writes dates in the Teams locale only where it is of the UI language', () => {
    expect(dateLocale('en-GB', 'en')).toBe('en-GB');
    expect(dateLocale('nl-BE', 'nl')).toBe('nl-BE');
    expect(dateLocale('fr-FR', 'nl')).toBe('nl-NL');
    expect(dateLocale(undefined, 'en')).toBe('en-US');
    expect(dateLocale('en-', 'en')).toBe('en-US');
  });
});

describe('formatters per turn', () => {
  it('builds no date formatter for a locale and time zone it has formatted for before', () => {
    const first = translator('en-GB', 'Asia/Tokyo');
    const built = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      const again = translator('en-GB', 'Asia/Tokyo');
      expect(again.format.dateTime('2026-11-29T10:05:00Z')).toBe(
        first.format.dateTime('2026-11-29T10:05:00Z'),
      );
      expect(again.format.dateTime('2026-11-29T10:05:00Z')).toBe('29/11/2026 19:05');
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });
});
