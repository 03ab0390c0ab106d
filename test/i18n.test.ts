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
    expect(translator('nl')('welcome_title', { name: 'Sanne' })).toBe('Welkom, Sanne');
    expect(translator('en')('welcome_title')).toBe('Welcome, {name}');
  });
});
