/** A moment as read on the wall clock of a time zone. */
export interface LocalTime {
  /** The calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Minutes after local midnight. */
  readonly minutes: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

// Building an Intl.DateTimeFormat costs far more than formatting with one, and a sweep asks the same
// zone the same moment once per placement: keep one formatter per zone and its latest answer.
const formats = new Map<string, Intl.DateTimeFormat>();
const latest = new Map<string, { ms: number; time: LocalTime }>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

function read(ms: number, timeZone: string): LocalTime {
  let year = '';
  let month = '';
  let day = '';
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatFor(timeZone).formatToParts(ms)) {
    switch (part.type) {
      case 'year':
        year = part.value;
        break;
      case 'month':
        month = part.value;
        break;
      case 'day':
        day = part.value;
        break;
      case 'weekday':
        weekday = WEEKDAYS.indexOf(part.value) + 1;
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
    }
  }
  return { date: `${year}-${month}-${day}`, weekday, minutes: hour * 60 + minute };
}

/**
 * The date, weekday and minutes after midnight of `now` in `timeZone` (an IANA name; an unknown one
 * throws a RangeError). Asking again for the same moment and zone returns the same object without
 * formatting again.
 */
export function localTime(now: Date, timeZone: string): LocalTime {
  const ms = now.getTime();
  const known = latest.get(timeZone);
  if (known && known.ms === ms) return known.time;
  const time = read(ms, timeZone);
  latest.set(timeZone, { ms, time });
  return time;
}
