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

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translator for one locale; `{name}` placeholders are filled from `params`. */
export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

/** Both catalogs, for the test that keeps them in step. */
export const CATALOGS = catalogs;
