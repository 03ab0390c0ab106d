import { localTime } from './local-time';

/**
 * What stands in a placement in place of a person whose data was erased, so the other people's
 * records stay readable ("Praktijkopleider: verwijderd").
 */
export const ERASED = 'verwijderd';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The first end date that is still kept on `today` (`YYYY-MM-DD`) with a retention of `months`:
 * `today` minus `months` calendar months, the day clamped to the shorter month (31 August minus 18
 * months is 28 or 29 February). A placement that ended on this date ended exactly `months` ago and
 * stays; one that ended a day earlier is purged.
 */
export function retentionCutoff(today: string, months: number): string {
  const [year = 0, month = 1, day = 1] = today.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const d = Math.min(day, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The calendar date (`YYYY-MM-DD`) of `now` in `timeZone`: the school's today. Through the one
 * formatter per time zone that {@link localTime} keeps: an export filters every version by it.
 */
export function localDate(now: Date, timeZone: string): string {
  return localTime(now, timeZone).date;
}
