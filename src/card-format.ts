/** How dates and times read on one person's cards: their Teams locale, the school's time zone. */
export interface CardFormat {
  /** The BCP 47 locale the dates are written in, e.g. `nl-NL` or `en-GB`. */
  readonly locale: string;
  /** The IANA time zone moments are shown in, e.g. `Europe/Amsterdam`. */
  readonly timeZone: string;
  /** A moment (ISO 8601 or a Date) as date and time: `29-11-2026 10:05`, `11/29/2026 10:05 AM`. */
  dateTime(at: string | Date): string;
  /** The calendar day a moment falls on in the time zone: `06-12-2026`, `12/06/2026`. */
  date(at: string | Date): string;
  /** A calendar date as stored (`YYYY-MM-DD`, such as a placement's start), in the locale's order. */
  calendarDate(isoDate: string): string;
}

const DATE: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

const MAX_FORMATS = 200;
/** Teams locale → the locale Intl supports for it, per UI language. */
const supported = new Map<string, string>();

/**
 * The locale dates are written in: the Teams locale when it is one of the UI language's (nl-BE,
 * en-GB), so a date reads the way the text around it does; the language's own default otherwise.
 */
export function dateLocale(teamsLocale: string | undefined, language: 'nl' | 'en'): string {
  const fallback = language === 'nl' ? 'nl-NL' : 'en-US';
  if (!teamsLocale || teamsLocale.split('-')[0]?.toLowerCase() !== language) return fallback;
  const key = `${language}|${teamsLocale}`;
  let locale = supported.get(key);
  if (locale === undefined) {
    try {
      // A malformed tag from an activity throws here rather than in the middle of a card.
      locale = Intl.DateTimeFormat.supportedLocalesOf([teamsLocale])[0] ?? fallback;
    } catch {
      locale = fallback;
    }
    // The tags come from activities: whatever they hold, the map stays small.
    if (supported.size >= MAX_FORMATS) supported.clear();
    supported.set(key, locale);
  }
  return locale;
}

// Building Intl formatters costs far more than formatting with them, and every turn asks for the
// sender's: one CardFormat per locale and time zone, a few in practice. The locales are the ones
// Intl supports (dateLocale), so the map stays small; it is emptied should it ever fill up.
const formats = new Map<string, CardFormat>();

/** Date formatting for `locale` in `timeZone`; `timeZone` must be valid (config checks it at start). */
export function cardFormat(locale: string, timeZone: string): CardFormat {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size >= MAX_FORMATS) formats.clear();
    format = newCardFormat(locale, timeZone);
    formats.set(key, format);
  }
  return format;
}

function newCardFormat(locale: string, timeZone: string): CardFormat {
  const date = new Intl.DateTimeFormat(locale, { ...DATE, timeZone });
  const time = new Intl.DateTimeFormat(locale, { ...TIME, timeZone });
  // A stored calendar date has no time zone: read and written as UTC it stays the same day.
  const calendar = new Intl.DateTimeFormat(locale, { ...DATE, timeZone: 'UTC' });
  const moment = (at: string | Date) => (typeof at === 'string' ? new Date(at) : at);
  return {
    locale,
    timeZone,
    // Date and time apart, joined by a space: Intl puts a comma between them in some locales.
    dateTime: (at) => `${date.format(moment(at))} ${time.format(moment(at))}`,
    date: (at) => date.format(moment(at)),
    calendarDate: (isoDate) => {
      const day = new Date(`${isoDate}T00:00:00Z`);
      return Number.isNaN(day.getTime()) ? isoDate : calendar.format(day);
    },
  };
}
