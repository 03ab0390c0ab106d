import type { Browser } from 'playwright-core';
import {
  type CardCheck,
  CardPage,
  DESKTOP_WIDTH,
  PHONE_WIDTH,
  PHONE_WIDTHS,
  THEMES,
  type Theme,
} from '../../scripts/card-gallery/card-page';
import { galleryCases, readSample, samplePath, templateNames } from '../../scripts/card-gallery/cases';
import { launchChromium } from '../../scripts/chromium';
import type { AdaptiveCardJson } from '../../src/chat/cards';

const cases = galleryCases();

/** The key paths of a JSON value (`kerntaken[].rows[].label`), to compare the shape of two samples. */
function keyPaths(value: unknown, prefix = '', found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keyPaths(item, `${prefix}[]`, found);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      found.add(`${prefix}.${key}`);
      keyPaths(child, `${prefix}.${key}`, found);
    }
  }
  return found;
}

describe('card gallery: every template rendered by the Adaptive Cards renderer in a Teams host', () => {
  let browser: Browser;
  const pages = new Map<Theme, CardPage>();
  const checks = new Map<string, CardCheck>();

  beforeAll(async () => {
    browser = await launchChromium();
    for (const theme of THEMES) {
      const page = await CardPage.open(browser, theme);
      pages.set(theme, page);
      // Layout does not depend on the colours: the phone width is measured in the light theme only.
      const widths = theme === 'light' ? [DESKTOP_WIDTH, ...PHONE_WIDTHS] : [DESKTOP_WIDTH];
      for (const item of cases) {
        for (const width of widths) {
          checks.set(
            `${item.template} ${item.language} ${theme} ${width}`,
            await page.render(item.card, width),
          );
        }
      }
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every template in Dutch and in English', () => {
    const rendered = new Set(cases.map((item) => `${item.template} ${item.language}`));
    for (const template of templateNames()) {
      expect(rendered).toContain(`${template} nl`);
      expect(rendered).toContain(`${template} en`);
    }
  });

  it.each(templateNames())('the English sample of %s has the shape of the Dutch one', (template) => {
    const dutch = samplePath(template, 'nl');
    const english = samplePath(template, 'en');
    if (!dutch || !english) throw new Error(`${template}: a sample is missing`);
    expect([...keyPaths(readSample(english))].sort()).toEqual([...keyPaths(readSample(dutch))].sort());
  });

  it.each(cases.map((item) => [item.template, item.language] as const))(
    '%s (%s) parses, validates and renders without a warning, in both themes',
    (template, language) => {
      for (const theme of THEMES) {
        expect(checks.get(`${template} ${language} ${theme} ${DESKTOP_WIDTH}`)?.problems).toEqual([]);
      }
    },
  );

  it.each(cases.map((item) => [item.template, item.language] as const))(
    '%s (%s) keeps every element within the card on a desktop and on a phone, and its text whole on a desktop',
    (template, language) => {
      const desktop = checks.get(`${template} ${language} light ${DESKTOP_WIDTH}`);
      const phone = checks.get(`${template} ${language} light ${PHONE_WIDTH}`);
      expect(desktop?.overflow ?? ['not rendered']).toEqual([]);
      expect(phone?.overflow ?? ['not rendered']).toEqual([]);
      // On a phone the renderer shortens a long button title with "…" (the gallery lists it); on a
      // desktop nothing may be cut off.
      expect(desktop?.clipped ?? ['not rendered']).toEqual([]);
    },
  );

  it.each(cases.map((item) => [item.template, item.language] as const))(
    '%s (%s) breaks no word in the middle at 320 and 360 px, nor on a desktop',
    (template, language) => {
      for (const width of [DESKTOP_WIDTH, ...PHONE_WIDTHS]) {
        const check = checks.get(`${template} ${language} light ${width}`);
        expect([width, check?.brokenWords ?? ['not rendered']]).toEqual([width, []]);
      }
    },
  );

  it('finds a word broken in the middle by a column too narrow for it', async () => {
    const narrow: AdaptiveCardJson = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'ColumnSet',
          columns: [
            {
              type: 'Column',
              width: 'stretch',
              items: [{ type: 'TextBlock', text: '1.1 Stelt de informatiebehoefte vast', wrap: true }],
            },
            { type: 'Column', width: '110px', items: [{ type: 'TextBlock', text: 'Bk' }] },
            { type: 'Column', width: '110px', items: [{ type: 'TextBlock', text: 'G' }] },
          ],
        },
      ],
    };
    const check = await pages.get('light')?.render(narrow, PHONE_WIDTH);
    expect(check?.brokenWords.join('\n')).toContain('"informatiebehoefte"');
  });

  it('the page itself logged no warning or error', () => {
    for (const page of pages.values()) expect(page.console).toEqual([]);
  });

  // The checks above must be able to fail: a card that is too wide and cards the renderer rejects.
  it('finds an element wider than the card', async () => {
    const wide: AdaptiveCardJson = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: '400px', items: [{ type: 'TextBlock', text: 'Werkproces' }] },
            { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: 'Bekwaam' }] },
          ],
        },
      ],
    };
    const check = await pages.get('light')?.render(wide, PHONE_WIDTH);
    expect(check?.problems).toEqual([]);
    expect(check?.overflow.some((line) => line.startsWith('div.ac-textBlock "Werkproces" ends 96px'))).toBe(
      true,
    );
  });

  it('finds text cut off inside its element', async () => {
    const long = 'Stelt de vraag en/of informatiebehoefte van de opdrachtgever vast, en nog veel meer';
    const check = await pages
      .get('light')
      ?.render(
        { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: long }] },
        DESKTOP_WIDTH,
      );
    expect(check?.overflow).toEqual([]);
    expect(check?.clipped.some((line) => line.includes('"Stelt de vraag'))).toBe(true);
  });

  it('reports a property newer than schema 1.5, the version Teams renders', async () => {
    const check = await pages
      .get('light')
      ?.render(
        { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'ImageSet', style: 'stacked', images: [] }] },
        DESKTOP_WIDTH,
      );
    expect(check?.problems.join('\n')).toContain('1.6');
  });

  it('reports an element the renderer does not know and inputs that share an id', async () => {
    const page = pages.get('light');
    const unknown = await page?.render(
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Carousel', pages: [] }] },
      DESKTOP_WIDTH,
    );
    expect(unknown?.problems.join('\n')).toContain('Carousel');
    const sameIds = await page?.render(
      {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'Input.Text', id: 'note', label: 'Notitie' },
          { type: 'Input.Text', id: 'note', label: 'Notitie' },
        ],
      },
      DESKTOP_WIDTH,
    );
    expect(sameIds?.problems.join('\n')).toMatch(/note/);
  });
});
