import { localTime } from './local-time';

/** Which weekdays count as working days, and the time zone whose calendar dates count. */
export interface WorkingCalendar {
  /** Weekdays that are working days, 1 = Monday … 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** IANA time zone, e.g. Europe/Amsterdam. */
  readonly timeZone: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** 1 = Monday … 7 = Sunday, of a calendar date `YYYY-MM-DD`. */
function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * How many working days an item that started at `since` has been open at `now`: the working days
 * after the local date it started on, up to and including today's. An item started on a Monday is
 * 1 working day open on Tuesday and 5 on the next Monday (with Monday to Friday as working days);
 * one started on a Saturday is 1 open on Monday.
 */
export function workingDaysOpen(since: string | Date, now: Date, calendar: WorkingCalendar): number {
  const start = localTime(typeof since === 'string' ? new Date(since) : since, calendar.timeZone).date;
  const today = localTime(now, calendar.timeZone).date;
  if (today <= start) return 0;
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
  const perWeek = calendar.workingDays.length;
  // Whole weeks at once, the remaining days one by one.
  const weeks = Math.floor(days / 7);
  let count = weeks * perWeek;
  const firstWeekday = weekdayOf(start);
  for (let i = weeks * 7 + 1; i <= days; i++) {
    const weekday = ((firstWeekday - 1 + i) % 7) + 1;
    if (calendar.workingDays.includes(weekday)) count += 1;
  }
  return count;
}
