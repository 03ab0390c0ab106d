import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';
import { BotHarness } from '../support/bot-harness';
import { fillPart, openList, startCard } from '../support/check-in-flow';
import { MailCatcher, mailEnv, mailTo, placementWithEmailTrainer } from '../support/web-trainer';

/**
 * The trainer's page in headless Chromium, as a trainer without Teams uses it: every link comes
 * from a mail the local SMTP server caught; the student and the supervisor work in Teams
 * (Teams-shaped activities to the running bot).
 */

jest.setTimeout(240_000);

const DAY = 24 * 60 * 60 * 1000;
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'trainer-page');
let clock = Date.now();
let catcher: MailCatcher;
let harness: BotHarness;
let browser: Browser;
/** Console errors and policy violations of every page: there must be none. */
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  catcher = await MailCatcher.start();
  harness = await BotHarness.start({ env: mailEnv(catcher), now: () => new Date(clock) });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await harness?.stop();
  await catcher?.stop();
});

async function newPage(
  locale = 'nl-NL',
  viewport = { width: 900, height: 1000 },
  options: { bypassCSP?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, ...options });
  const page = await context.newPage();
  page.on('console', (message) => {
    // A link that does not work is answered 401, which the browser reports; anything else is a problem.
    const refused = /status of 401/.test(message.text());
    if ((message.type() === 'error' || message.type() === 'warning') && !refused)
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return page;
}

/** What the page shows, once it has shown `count` cards or link problems. */
async function shown(page: Page, count: number): Promise<string> {
  // The page's policy allows no script from elsewhere, not even the test's: wait on the DOM.
  await page.locator(`body[data-shown="${count}"]`).waitFor({ state: 'attached' });
  // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, without the hidden parts
  return page.locator('main').innerText();
}

async function shownCount(page: Page): Promise<number> {
  return Number((await page.locator('body').getAttribute('data-shown')) ?? 0);
}

/** Clicks a card button and waits for the card that takes its place. */
async function click(page: Page, title: string): Promise<string> {
  const before = await shownCount(page);
  await page.locator('#card').getByRole('button', { name: title, exact: true }).click();
  return shown(page, before + 1);
}

/** Opens a link from a mail in a fresh page; resolves with the first thing it shows. */
async function open(link: string, locale?: string): Promise<{ page: Page; text: string }> {
  const page = await newPage(locale);
  await page.goto(link);
  return { page, text: await shown(page, 1) };
}

/** Asks for a new link with the page's form, as a trainer types it. */
async function askForLink(page: Page, email: string): Promise<void> {
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByRole('button', { name: /nieuwe link|new link/i }).click();
  await page.getByText('Als dit adres bij een praktijkopleider hoort').waitFor();
}

describe('the trainer’s page in a browser', () => {
  it('takes a trainer without Teams through a whole round from the links in their mail', async () => {
    const { student, supervisor, people } = await placementWithEmailTrainer(harness);
    await student.click(await fillPart(student, await startCard(student), {}, {}), 'Afronden');

    // The first link: asked for with the form.
    const form = await newPage();
    await form.goto(`${harness.bot.url}/praktijkopleider/nieuwe-link`);
    let mails = catcher.mails.length;
    await askForLink(form, people.trainer.email);
    const invitation = await mailTo(catcher, people.trainer.email, mails);

    const { page, text: first } = await open(invitation.links[0] as string);
    expect(first).toContain('Werkproces 1 van 17');
    await page.screenshot({ path: path.join(ARTIFACTS, '1-werkproces.png'), fullPage: true });
    let text = first;
    while (!text.includes('Afronden')) {
      const level = page.locator('#card').getByRole('radio', { name: /Bekwaam/ });
      if ((await level.count()) > 0) await level.first().check();
      else await page.locator('#card textarea').first().fill('Netwerk beheren op locatie');
      text = await click(page, 'Volgende');
    }
    text = await click(page, 'Afronden');
    expect(text).toContain('Vaststellen en naar deelnemer sturen');
    await page.screenshot({ path: path.join(ARTIFACTS, '2-settle.png'), fullPage: true });
    text = await click(page, 'Vaststellen en naar deelnemer sturen');
    expect(text).toMatch(/deelnemer/);

    // The student sends it back; the trainer's mail leads to the list with the remark.
    mails = catcher.mails.length;
    await student.click(await openList(student), 'Terugsturen met opmerking', {
      remark: 'Bij 1.1 werk ik op G',
    });
    const sentBack = await mailTo(catcher, people.trainer.email, mails);
    const second = await open(sentBack.links[0] as string);
    expect(second.text).toContain('Bij 1.1 werk ik op G');
    await second.page.locator('#card select').first().selectOption('G');
    await click(second.page, 'Vaststellen en naar deelnemer sturen');

    mails = catcher.mails.length;
    await student.click(await openList(student), 'Akkoord');
    await mailTo(catcher, people.trainer.email, mails);
    mails = catcher.mails.length;
    await supervisor.click(await openList(supervisor), 'Goedkeuren');
    const approved = await mailTo(catcher, people.trainer.email, mails);
    expect(approved.subject).toContain('goedgekeurd');

    const last = await open(approved.links[0] as string);
    const status = await click(last.page, 'Status');
    expect(status).toMatch(/goedgekeurd/i);
    await last.page.screenshot({ path: path.join(ARTIFACTS, '3-status.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('shows an expired link as expired, with the form that mails a fresh one', async () => {
    const { people } = await placementWithEmailTrainer(harness);
    const form = await newPage();
    await form.goto(`${harness.bot.url}/praktijkopleider/nieuwe-link`);
    let mails = catcher.mails.length;
    await askForLink(form, people.trainer.email);
    const link = (await mailTo(catcher, people.trainer.email, mails)).links[0] as string;

    const now = clock;
    clock = now + 15 * DAY;
    try {
      const { page, text } = await open(link);
      expect(text).toContain('Deze link is verlopen');
      expect(text).not.toContain(people.student.name.split(' ')[0] as string);
      await page.screenshot({ path: path.join(ARTIFACTS, '4-expired.png'), fullPage: true });
      mails = catcher.mails.length;
      await askForLink(page, people.trainer.email);
      const fresh = (await mailTo(catcher, people.trainer.email, mails)).links[0] as string;
      expect((await open(fresh)).text).toContain('Werkproces 1 van 17');
    } finally {
      clock = now;
    }
    expect(problems).toEqual([]);
  });

  it('shows a link that was altered or made for someone else as not working, revealing nothing', async () => {
    const one = await placementWithEmailTrainer(harness);
    const other = await placementWithEmailTrainer(harness);
    const form = await newPage();
    await form.goto(`${harness.bot.url}/praktijkopleider/nieuwe-link`);
    const mails = catcher.mails.length;
    await askForLink(form, one.people.trainer.email);
    const link = (await mailTo(catcher, one.people.trainer.email, mails)).links[0] as string;

    for (const bad of [
      link.replace(one.placementId, other.placementId),
      `${link.slice(0, -2)}${link.endsWith('AA') ? 'BB' : 'AA'}`,
      link.slice(0, link.indexOf('#')),
    ]) {
      const { text } = await open(bad);
      expect(text).toContain('Deze link werkt niet');
      expect(text).not.toContain('Werkproces');
      expect(text).not.toContain(other.people.student.name.split(' ')[0] as string);
    }
    // In the school's language, as the mails are, whatever language the browser asks for.
    const english = await open(link.slice(0, link.indexOf('#')), 'en-GB');
    expect(english.text).toContain('Deze link werkt niet');
    expect((await open(link, 'en-GB')).text).toContain('Werkproces 1 van 17');
    expect(problems).toEqual([]);
  });

  it('fits a phone: whole buttons, the next button in reach, touch-sized choices, the place kept, web words, the school’s language', async () => {
    const mails = catcher.mails.length;
    // The student installs the app: that opens the round, and the trainer's invitation is mailed.
    const { people } = await placementWithEmailTrainer(harness);
    const invitation = await mailTo(catcher, people.trainer.email, mails);
    expect(invitation.subject).toContain('Uitnodiging');

    // A phone whose browser asks for English: the test reads the layout with its own scripts.
    const phone = { width: 360, height: 740 };
    const page = await newPage('en-US', phone, { bypassCSP: true });
    await page.goto(invitation.links[0] as string);
    let text = await shown(page, 1);
    expect(text).toContain('Werkproces 1 van 17');

    /** Every card button whole and on screen: not cut off, not wider than the phone. */
    const buttonsWhole = async () => {
      const buttons = page.locator('#card button');
      const found: string[] = [];
      for (let i = 0; i < (await buttons.count()); i++) {
        const button = buttons.nth(i);
        const box = await button.boundingBox();
        const clipped = await button.evaluate(
          (b) =>
            b.scrollWidth > b.clientWidth + 1 ||
            [...b.querySelectorAll('*')].some((c) => c.scrollWidth > c.clientWidth + 1),
        );
        if (!box || box.x < 0 || box.x + box.width > phone.width + 0.5 || clipped) {
          found.push((await button.textContent()) ?? '');
        }
      }
      return found;
    };
    const next = () => page.locator('#card').getByRole('button', { name: 'Volgende', exact: true });
    const scrollY = () => page.evaluate<number>('window.scrollY');

    expect(await buttonsWhole()).toEqual([]);
    // "Volgende" in reach without scrolling past the card.
    const nextBox = await next().boundingBox();
    expect(nextBox && nextBox.y + nextBox.height).toBeLessThanOrEqual(phone.height);
    // Radio buttons a finger can hit.
    const radio = await page.locator('#card input[type="radio"]').first().boundingBox();
    expect(radio?.width).toBeGreaterThanOrEqual(24);
    expect(radio?.height).toBeGreaterThanOrEqual(24);
    // The place on the page is kept after a click.
    await page
      .locator('#card')
      .getByRole('radio', { name: /Gevorderd/ })
      .first()
      .check();
    await page.evaluate('window.scrollTo(0, 300)');
    const before = await scrollY();
    expect(before).toBeGreaterThan(0);
    text = await click(page, 'Volgende');
    expect(text).toContain('Werkproces 2 van 17');
    expect(await scrollY()).toBe(before);
    // The page's own words: leave and come back with the same link.
    text = await click(page, 'Later verder');
    expect(text).toContain('open later dezelfde link uit je e-mail');
    expect(text).not.toMatch(/Typ /);

    // Through the list to the settle card: every card's buttons whole, "Volgende" always in reach.
    while (!text.includes('Afronden')) {
      expect(await buttonsWhole()).toEqual([]);
      const box = await next().boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(phone.height);
      const level = page.locator('#card').getByRole('radio', { name: /Bekwaam/ });
      if ((await level.count()) > 0) await level.first().check();
      else await page.locator('#card textarea').first().fill('Netwerk beheren op locatie');
      text = await click(page, 'Volgende');
    }
    expect(await buttonsWhole()).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, '5-phone-overview.png'), fullPage: true });

    // Help for the page, from the page's header.
    const shownBefore = await shownCount(page);
    await page.getByRole('button', { name: 'Hulp', exact: true }).click();
    const help = await shown(page, shownBefore + 1);
    expect(help).toContain('Zo werkt deze pagina');
    expect(help).not.toContain('overzicht / overview');

    // The trainer picks English on the page; it stays picked after coming back.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.waitForURL(/praktijkopleider/);
    expect(await shown(page, 1)).toMatch(/Werkproces \d+ of 17|Overview|your choices/i);
    await page.goto(invitation.links[0] as string);
    expect(await shown(page, 1)).not.toContain('van 17');
    expect(problems).toEqual([]);
  });
});
