import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AdaptiveCardJson } from '../../src/chat/cards';
import { projectRoot } from '../../src/project-root';

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Teams documents no card width: about what a card gets in a desktop chat, the width the gallery shows. */
export const DESKTOP_WIDTH = 500;
/** A card in Teams on a narrow phone: the width a card must still fit in. */
export const PHONE_WIDTH = 320;
/** The narrow phone and a common one: a card must hold its layout at both. */
export const PHONE_WIDTHS = [PHONE_WIDTH, 360] as const;

/** What the renderer and the layout of one card showed. */
export interface CardCheck {
  /** Parse and validation warnings of the Adaptive Cards renderer. */
  problems: string[];
  /** Elements whose right edge lies past the card's. */
  overflow: string[];
  /** Elements whose content is cut off inside them (such as a button title shortened with "…"). */
  clipped: string[];
  /** Words broken across two lines inside the word, each with the element it is in. */
  brokenWords: string[];
}

function hostFile(name: string): string {
  return path.join(projectRoot(), 'cards', 'host-config', name);
}

/** The Teams host config of a theme (`cards/host-config/teams-<theme>.json`). */
export function hostConfig(theme: Theme): Record<string, unknown> {
  return JSON.parse(readFileSync(hostFile(`teams-${theme}.json`), 'utf8')) as Record<string, unknown>;
}

const LAYOUT_CSS = `
body { margin: 0; padding: 0; }
.case { display: inline-block; padding: 16px; vertical-align: top; }
.card-frame { box-sizing: content-box; overflow: visible; }
`;

/** A browser page holding the Adaptive Cards renderer, a Teams theme, and cards rendered side by side. */
export class CardPage {
  private count = 0;
  /** Warnings and errors the page wrote to its console (the renderer reports some there). */
  readonly console: string[] = [];

  private constructor(
    readonly page: Page,
    readonly theme: Theme,
    private readonly config: Record<string, unknown>,
  ) {}

  static async open(browser: Browser, theme: Theme): Promise<CardPage> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const cardPage = new CardPage(page, theme, hostConfig(theme));
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') cardPage.console.push(message.text());
    });
    page.on('pageerror', (error) => cardPage.console.push(error.message));
    const css = readFileSync(hostFile(`teams-${theme}.css`), 'utf8');
    await page.setContent(
      `<!doctype html><html lang="nl"><head><meta charset="utf-8"><style>${LAYOUT_CSS}</style><style>${css}</style></head><body></body></html>`,
    );
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    await page.addScriptTag({ path: require.resolve('markdown-it/browser') });
    await page.addScriptTag({ path: path.join(projectRoot(), 'scripts', 'card-gallery', 'in-page.js') });
    return cardPage;
  }

  /**
   * Renders a card in a frame of `width` pixels, waits for its fonts, and returns the frame's id and
   * what the renderer and the layout showed.
   */
  async render(card: AdaptiveCardJson, width: number): Promise<{ id: string } & CardCheck> {
    const id = `case-${this.count++}`;
    const gallery = 'globalThis.cardGallery';
    const problems = (await this.page.evaluate(
      `${gallery}.render(${JSON.stringify(id)}, ${JSON.stringify(card)}, ${JSON.stringify(this.config)}, ${width})`,
    )) as string[];
    await this.page.evaluate('document.fonts.ready.then(() => undefined)');
    const layout = (await this.page.evaluate(`${gallery}.measure(${JSON.stringify(id)})`)) as {
      overflow: string[];
      clipped: string[];
      brokenWords: string[];
    };
    return { id, problems, ...layout };
  }

  /** A PNG of a rendered card with the chat background around it. */
  async screenshot(id: string, file: string): Promise<void> {
    await this.page.locator(`#${id}`).screenshot({ path: file, animations: 'disabled' });
  }
}
