import { type CardFormat, cardFormat, dateLocale } from './card-format';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The UI languages. Qualification texts stay in their official Dutch whatever the UI language. */
export type Locale = 'nl' | 'en';

export type MessageKey = keyof typeof nl;

const catalogs: Record<Locale, Record<MessageKey, string>> = { nl, en };

/** Dutch unless Teams reports an English locale (`en`, `en-US`, `en-GB`, ...). */
export function localeFrom(teamsLocale: string | undefined): Locale {
  return teamsLocale?.toLowerCase().startsWith('en') ? 'en' : 'nl';
}

/** One person's UI strings, and their dates and times: whatever draws a card for them gets both. */
export interface Translate {
  (key: MessageKey, params?: Record<string, string | number>): string;
  /** The UI language the strings are in. */
  readonly language: Locale;
  readonly format: CardFormat;
}

/**
 * A translator for a Teams locale (`nl-NL`, `en-GB`, or just `nl`/`en`); `{name}` placeholders are
 * filled from `params`. Dates follow the locale and are shown in `timeZone` (the `TIME_ZONE` setting).
 */
export function translator(teamsLocale: string | undefined, timeZone: string): Translate {
  const language = localeFrom(teamsLocale);
  const catalog = catalogs[language];
  const translate = (key: MessageKey, params?: Record<string, string | number>) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
  return Object.assign(translate, {
    language,
    format: cardFormat(dateLocale(teamsLocale, language), timeZone),
  });
}

/** Both catalogs, for the test that keeps them in step. */
export const CATALOGS = catalogs;
