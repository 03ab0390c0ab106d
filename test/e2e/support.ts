import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/local/azurite';
import { type DemoTab, type LocalStack, startLocalStack } from '../../src/local/run-local';
import { createLogger } from '../../src/logger';
import { projectRoot } from '../../src/project-root';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';

// Browser discovery is shared with the card gallery.
export { chromiumExecutable, launchChromium } from '../../scripts/chromium';

export const ARTIFACTS = path.join(projectRoot(), 'test-artifacts', 'e2e');

/** The stack `npm start` runs (bot, demo placement, three Playgrounds) on test ports and fresh tables. */
export async function startE2eStack(options: { office?: boolean } = {}): Promise<{
  stack: LocalStack;
  store: TableStore;
  tablePrefix: string;
}> {
  const tablePrefix = uniqueTablePrefix();
  const config = loadConfig({
    PORT: String(await freePort()),
    STORAGE_CONNECTION_STRING: storageConnectionString(),
    TABLE_PREFIX: tablePrefix,
    LOG_LEVEL: 'silent',
    REMINDERS: 'off',
    // The journeys read the English cards.
    DEMO_LOCALE: 'en',
  });
  const stack = await startLocalStack({
    config: { ...config, host: '127.0.0.1' },
    logger: createLogger('silent'),
    connectionString: storageConnectionString(),
    workDir: mkdtempSync(path.join(tmpdir(), 'bpv-e2e-')),
    playgroundPorts: {
      student: await freePort(),
      trainer: await freePort(),
      supervisor: await freePort(),
      ...(options.office ? { office: await freePort() } : {}),
    },
    // A fixed day in November, so the demo placement runs September 2026 to June 2027 and the
    // mid-term check-in is not due yet whenever the tests run.
    now: () => E2E_NOW,
  });
  return { stack, store: new TableStore(storageConnectionString(), tablePrefix), tablePrefix };
}

// Runs in the page (the project's types have no DOM): whether a rendered card is more than one line.
const TALL_CARD = `(card) => {
  const visible = (element) => element.offsetHeight > 0;
  const blocks = [...card.querySelectorAll('.ac-textBlock')].filter(visible);
  const buttons = [...card.querySelectorAll('button')].filter(visible);
  const overOneLine = blocks.some((block) => {
    const line = Number.parseFloat(getComputedStyle(block).lineHeight) || 20;
    return block.offsetHeight > line * 1.5;
  });
  return blocks.length > 1 || buttons.length > 0 || overOneLine;
}`;

/** The bot's clock in the end-to-end tests. */
export const E2E_NOW = new Date('2026-11-16T10:00:00.000Z');

/** One person's Playground tab, used the way a person uses it: typing, picking, clicking. */
export class ChatPage {
  private constructor(
    readonly page: Page,
    readonly role: DemoTab,
  ) {}

  static async open(browser: Browser, stack: LocalStack, role: DemoTab): Promise<ChatPage> {
    const playground = stack.playgrounds[role];
    if (!playground) throw new Error(`no playground for ${role}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    // The UI asks a CDN for fonts; there is no internet here, so fail those requests at once.
    await page.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
    const installed = page.waitForResponse((r) => r.url().includes('/installation'));
    await page.goto(playground.url);
    await installed;
    const chat = new ChatPage(page, role);
    await chat.cardMessages().first().waitFor();
    return chat;
  }

  private botMessages(): Locator {
    return this.page
      .locator('div:has(> [aria-label="Message header"])')
      .filter({ has: this.page.locator('[aria-label="Message author"]') });
  }

  cardMessages(): Locator {
    return this.botMessages().filter({ has: this.page.locator('.ac-adaptiveCard') });
  }

  /** The newest card in the chat (an updated card stays where it was). */
  card(): Locator {
    return this.cardMessages().last();
  }

  async send(text: string): Promise<void> {
    const before = await this.cardMessages().count();
    await this.page.locator('[role="textbox"][data-lexical-editor="true"]').fill(text);
    await this.page.getByRole('button', { name: 'Send Message' }).click();
    await this.cardMessages().nth(before).waitFor();
  }

  async waitForText(text: string, card: Locator = this.card()): Promise<void> {
    try {
      await card.getByText(text, { exact: false }).first().waitFor();
    } catch (error) {
      // Keep what the person saw, for whoever reads the failed run.
      mkdirSync(ARTIFACTS, { recursive: true });
      await this.page.screenshot({ path: path.join(ARTIFACTS, `failure-${this.role}.png`), fullPage: true });
      throw error;
    }
  }

  async choose(option: string): Promise<void> {
    await this.card().getByRole('radio', { name: option }).check();
  }

  /** Picks an option in the card's `index`-th drop-down (a compact ChoiceSet, rendered as a combobox). */
  async pickFromDropdown(index: number, option: string): Promise<void> {
    await this.card().getByRole('combobox').nth(index).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async fill(label: string, text: string): Promise<void> {
    await this.card().getByRole('textbox', { name: label }).fill(text);
  }

  /**
   * Clicks a card button and waits for the bot to answer the invoke; fails on anything but 200.
   * Answers the invoke's answer as the Playground got it (the card, with any link on it).
   */
  async click(title: string, card: Locator = this.card()): Promise<string> {
    const invoke = this.page.waitForResponse((r) => r.url().endsWith('/_conversation/v1/invoke'));
    await card.getByRole('button', { name: title, exact: true }).click();
    const response = await invoke;
    if (response.status() !== 200)
      throw new Error(`invoke answered ${response.status()}: ${await response.text()}`);
    return response.text();
  }

  /**
   * Of the card messages from the `from`-th on, how many there are and how many are taller than one
   * line: more than one visible text block, any button, or a text block over one line high.
   */
  async tallMessagesFrom(from: number): Promise<{ total: number; tall: number }> {
    const cards = await this.cardMessages().all();
    let tall = 0;
    for (const message of cards.slice(from)) {
      const isTall = (await message.locator('.ac-adaptiveCard').first().evaluate(TALL_CARD)) as boolean;
      if (isTall) tall += 1;
    }
    return { total: cards.length - from, tall };
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.card().screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  }
}
