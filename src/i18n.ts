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
  const plurals = pluralRules(language);
  const translate = (key: MessageKey, params?: Record<string, string | number>) =>
    catalog[key]
      .replace(PLURAL, (whole, name: string, branches: string) =>
        params && name in params ? pluralBranch(plurals, Number(params[name]), branches) : whole,
      )
      .replace(/\{(\w+)\}/g, (whole, name: string) =>
        params && name in params ? String(params[name]) : whole,
      );
  return Object.assign(translate, {
    language,
    format: cardFormat(dateLocale(teamsLocale, language), timeZone),
  });
}

/**
 * `{count, plural, one {# verschil} other {# verschillen}}`: the branch for the number's plural
 * category in the UI language (`Intl.PluralRules`), `=0` for an exact number, `#` for the number.
 */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

const pluralRulesByLanguage = new Map<Locale, Intl.PluralRules>();

function pluralRules(language: Locale): Intl.PluralRules {
  let rules = pluralRulesByLanguage.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRulesByLanguage.set(language, rules);
  }
  return rules;
}

function pluralBranch(rules: Intl.PluralRules, count: number, branches: string): string {
  const byName = new Map<string, string>();
  for (const [, name, text] of branches.matchAll(BRANCH)) byName.set(name as string, text as string);
  const text = byName.get(`=${count}`) ?? byName.get(rules.select(count)) ?? byName.get('other') ?? '';
  return text.replace(/#/g, String(count));
}

/** Both catalogs, for the test that keeps them in step. */
export const CATALOGS = catalogs;
