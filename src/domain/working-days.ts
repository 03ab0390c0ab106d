import { localTime } from './local-time';

/** A school holiday: the local dates `YYYY-MM-DD` it runs from and to, both included. */
export interface DateRange {
  readonly from: string;
  readonly to: string;
}

/** Which weekdays count as working days, and the time zone whose calendar dates count. */
export interface WorkingCalendar {
  /** Weekdays that are working days, 1 = Monday … 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** IANA time zone, e.g. Europe/Amsterdam. */
  readonly timeZone: string;
  /** Dates that are no working day whatever their weekday (school holidays); none when absent. */
  readonly holidays?: readonly DateRange[];
}

/** Whether the local date `date` falls in one of `holidays`. */
export function inHoliday(date: string, holidays: readonly DateRange[] | undefined): boolean {
  return (holidays ?? []).some((range) => range.from <= date && date <= range.to);
}

/** Whether `now` falls on a holiday date in the calendar's time zone. */
export function isHoliday(now: Date, calendar: WorkingCalendar): boolean {
  return inHoliday(localTime(now, calendar.timeZone).date, calendar.holidays);
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
 * one started on a Saturday is 1 open on Monday. Dates in `calendar.holidays` do not count.
 */
export function workingDaysOpen(since: string | Date, now: Date, calendar: WorkingCalendar): number {
  const start = localTime(typeof since === 'string' ? new Date(since) : since, calendar.timeZone).date;
  const today = localTime(now, calendar.timeZone).date;
  if (today <= start) return 0;
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
  const firstWeekday = weekdayOf(start);
  if (calendar.holidays?.length) {
    // Day by day: a holiday can fall anywhere. Items stay open for weeks, not years.
    let count = 0;
    for (let i = 1; i <= days; i++) {
      const weekday = ((firstWeekday - 1 + i) % 7) + 1;
      const date = new Date(Date.parse(`${start}T00:00:00Z`) + i * DAY_MS).toISOString().slice(0, 10);
      if (calendar.workingDays.includes(weekday) && !inHoliday(date, calendar.holidays)) count += 1;
    }
    return count;
  }
  const perWeek = calendar.workingDays.length;
  // Whole weeks at once, the remaining days one by one.
  const weeks = Math.floor(days / 7);
  let count = weeks * perWeek;
  for (let i = weeks * 7 + 1; i <= days; i++) {
    const weekday = ((firstWeekday - 1 + i) % 7) + 1;
    if (calendar.workingDays.includes(weekday)) count += 1;
  }
  return count;
}

/** A real calendar date written `YYYY-MM-DD`. */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Reads holidays written as ISO 8601 date ranges separated by commas, each `from/to` (both
 * included) or one date: `2026-12-19/2027-01-03,2027-04-27`. Returns why when it cannot.
 */
export function parseDateRanges(text: string): { ranges: DateRange[] } | { error: string } {
  const ranges: DateRange[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const [from = '', to = from, extra] = part.split('/').map((d) => d.trim());
    if (extra !== undefined || !isCalendarDate(from) || !isCalendarDate(to)) {
      return { error: `"${part}" is not a date YYYY-MM-DD or a range YYYY-MM-DD/YYYY-MM-DD` };
    }
    if (to < from) return { error: `"${part}" ends before it starts` };
    ranges.push({ from, to });
  }
  return { ranges };
}
