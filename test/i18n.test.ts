import { CATALOGS, localeFrom, translator } from '../src/i18n';

describe('UI strings', () => {
  it('has every Dutch key in English and no extra ones', () => {
    expect(Object.keys(CATALOGS.en).sort()).toEqual(Object.keys(CATALOGS.nl).sort());
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(CATALOGS.nl) as (keyof typeof CATALOGS.nl)[]) {
      expect([key, placeholders(CATALOGS.en[key])]).toEqual([key, placeholders(CATALOGS.nl[key])]);
    }
  });

  it.each([
    [undefined, 'nl'],
    ['nl-NL', 'nl'],
    ['nl-BE', 'nl'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['de-DE', 'nl'],
  ])('reads Teams locale %s as %s', (teamsLocale, locale) => {
    expect(localeFrom(teamsLocale)).toBe(locale);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('nl', 'Europe/Amsterdam')('welcome_title', { name: 'Sanne' })).toBe('Welkom, Sanne');
    expect(translator('en', 'Europe/Amsterdam')('welcome_title')).toBe('Welcome, {name}');
  });

  it.each([
    ['nl-NL', 'nl', 'nl-NL'],
    ['nl-BE', 'nl', 'nl-BE'],
    ['en-GB', 'en', 'en-GB'],
    ['en-US', 'en', 'en-US'],
    ['en', 'en', 'en'],
    // Dates read like the text around them: a Dutch UI writes Dutch dates.
    ['de-DE', 'nl', 'nl-NL'],
    [undefined, 'nl', 'nl-NL'],
    // A malformed locale from an activity falls back instead of breaking the card.
    ['en-!!', 'en', 'en-US'],
  ])('gives a person with Teams locale %s strings in %s and dates in %s', (teamsLocale, language, dates) => {
    const t = translator(teamsLocale, 'America/New_York');
    expect(t.language).toBe(language);
    expect(t.format.locale).toBe(dates);
    expect(t.format.timeZone).toBe('America/New_York');
  });
});
