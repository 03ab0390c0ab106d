import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { DOWNLOAD_LINK_MINUTES } from '../../src/services/download-links';
import { RoundRepository } from '../../src/storage/round-repository';
import { assertValidCard, BotHarness, cardText, findAction, openUrl } from '../support/bot-harness';
import { openList, placementWithPeople, submitRound } from '../support/check-in-flow';
import { download, linkStatus, tokenOf } from '../support/download-link';
import { flat, readPdf } from '../support/pdf-text';
import { everything } from '../support/storage-scan';

let harness: BotHarness;
const logLines: string[] = [];
// The bot's clock runs with the real one, moved on when a test needs a link to have expired.
let ahead = 0;

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  harness = await BotHarness.start({
    now: () => new Date(Date.now() + ahead),
    logger: createLogger('info', logStream),
  });
});
afterAll(async () => {
  await harness.stop();
});
afterEach(() => {
  ahead = 0;
});

/** The titles of the buttons in the array that holds the download button, in order. */
function buttonsBesideDownload(card: unknown): string[] {
  let found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      if (node.some((a) => (a as { verb?: unknown })?.verb === 'download'))
        found = node.map((a) => String((a as { title?: unknown }).title));
      node.forEach(walk);
    } else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

async function approvedJourney() {
  const journey = await placementWithPeople(harness);
  await submitRound(journey, { studentLevels: { '1.1': 'Bk' }, trainerLevels: { '1.1': 'Bk' } });
  const approved = (await journey.supervisor.click(await openList(journey.supervisor), 'Goedkeuren')).card;
  return { ...journey, approved };
}

describe('PDF downloaden', () => {
  it('is on the approved card of student, trainer and supervisor, and gives each a link that works once', async () => {
    const { placementId, student, trainer, supervisor, people, approved } = await approvedJourney();
    const held = [
      // Student and trainer are told with a short notice; its button opens the approved list.
      [student, await openList(student)],
      [trainer, await openList(trainer)],
      // The supervisor's card, answered in place.
      [supervisor, approved],
    ] as const;
    for (const [who, card] of held) {
      expect(findAction(card, 'PDF downloaden')?.data).toEqual({ p: placementId, r: 1, v: 1, from: 'list' });

      const answer = (await who.click(card, 'PDF downloaden')).card as Record<string, unknown>;
      assertValidCard(answer);
      // The approved list or summary stays what it was, with the link beside its download button.
      const before = cardText(card);
      for (const line of ['1.1 ', '4.3 ', 'Goedgekeurd']) {
        if (before.includes(line)) expect(cardText(answer)).toContain(line);
      }
      expect(cardText(answer)).toContain(cardText(card).split('\n')[0] as string);
      const buttons = buttonsBesideDownload(answer);
      expect(buttons[buttons.indexOf('PDF downloaden') + 1]).toBe('PDF openen');
      // The link lasts a working day (eight hours), not minutes.
      const until = cardText(answer).match(/De link werkt tot (\d\d)-(\d\d)-(\d{4}) (\d\d):(\d\d)/);
      expect(until).not.toBeNull();
      expect(DOWNLOAD_LINK_MINUTES).toBe(8 * 60);
      const url = openUrl(answer) as string;
      // The token is in the fragment, which a browser never sends: no request line or log holds it.
      expect(url).toMatch(new RegExp(`^${harness.bot.url}/downloads#[A-Za-z0-9_-]{43}$`));
      // The link names no placement, person or version: the token is all there is.
      expect(url).not.toContain(placementId);

      // Storage keeps the token's hash, never the token.
      const token = tokenOf(url);
      expect(await everything(harness.store)).toContain('expiresat');
      expect(await everything(harness.store)).not.toContain(token.toLowerCase());

      // Opening the link (as a link scanner would, too) shows the page, which asks what the link
      // gives and names it; none of that spends the link.
      for (let i = 0; i < 2; i++) {
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        const html = await page.text();
        expect(html).toContain('<form id="download" method="post" action="/downloads" hidden>');
        // One language on the page: the person's (Dutch here), not both at once.
        expect(html).toContain('"button":"PDF downloaden"');
        expect(html).toContain('"title":"Afsprakenlijst (PDF)"');
        expect(html).not.toMatch(/Download PDF|The link/);
        expect(await linkStatus(url)).toEqual({ state: 'valid', file: 'agreement' });
      }
      const first = await download(url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('application/pdf');
      expect(first.headers.get('cache-control')).toBe('no-store');
      // No e-mail address or name in the file name: it travels into download folders and mails.
      const disposition = String(first.headers.get('content-disposition'));
      expect(disposition).toBe(
        `attachment; filename="afsprakenlijst_2026-09-01_ronde-1_versie-1_${placementId}.pdf"`,
      );
      expect(disposition).not.toContain(people.student.email.split('@')[0] as string);
      const { pages } = await readPdf(new Uint8Array(await first.arrayBuffer()));
      const text = flat(pages.map((p) => p.text).join('\n'));
      expect(text).toContain(`Naam deelnemer: ${people.student.name}`);
      expect(text).toContain(`Goedgekeurd door de begeleider ROC: ${people.supervisor.name}`);

      const second = await download(url);
      expect(second.status).toBe(404);
      expect(await second.text()).toContain('al gebruikt');
      expect(await linkStatus(url)).toEqual({ state: 'unknown' });
    }
    // Links that were used are gone from storage.
    expect(await everything(harness.store)).not.toContain('expiresat');
  });

  it('is on a stored version card too, also while the version waits for a decision', async () => {
    const { placementId, student, trainer } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    const version = await trainer.execute('version', { p: placementId, r: 1, v: 1 });
    expect(findAction(version.card, 'PDF downloaden')?.data).toEqual({
      p: placementId,
      r: 1,
      v: 1,
      from: 'version',
    });
    const answer = (await trainer.click(version.card, 'PDF downloaden')).card;
    // The version card stays, the link beside its button.
    expect(cardText(answer)).toContain(cardText(version.card).split('\n')[0] as string);
    const response = await download(openUrl(answer) as string);
    expect(response.status).toBe(200);
    const { pages } = await readPdf(new Uint8Array(await response.arrayBuffer()));
    expect(flat(pages.map((p) => p.text).join('\n'))).toContain('nog niet beoordeeld');
  });

  it('is refused to someone outside the placement: no link is made', async () => {
    const { placementId } = await approvedJourney();
    const other = await placementWithPeople(harness);
    const tampered = await other.student.execute('download', { p: placementId, r: 1, v: 1 });
    expect(cardText(tampered.card)).toContain('Deze kaart is niet voor jou');
    expect(openUrl(tampered.card)).toBeUndefined();
    const stranger = harness.user({
      aadObjectId: 'd0d0d0d0-0000-4000-8000-00000000d0d0',
      name: 'X',
      email: 'x-download@elders.example.org',
    });
    expect(
      openUrl((await stranger.execute('download', { p: placementId, r: 1, v: 1 })).card),
    ).toBeUndefined();
    expect(await new RoundRepository(harness.store).versions(placementId)).toHaveLength(1);
  });

  it('refuses a link after it expired, and one that was never made', async () => {
    const { student } = await approvedJourney();
    const url = openUrl((await student.click(await openList(student), 'PDF downloaden')).card) as string;
    ahead = (DOWNLOAD_LINK_MINUTES * 60 + 1) * 1000;
    expect(await linkStatus(url)).toEqual({ state: 'expired' });
    const expired = await download(url);
    expect(expired.status).toBe(410);
    const refusal = await expired.text();
    expect(refusal).toContain('verlopen');
    expect(refusal).not.toContain('expired');
    ahead = 0;
    // Expired is gone for good, even once the clock is back.
    expect((await download(url)).status).toBe(404);

    const guessed = `${harness.bot.url}/downloads#${'A'.repeat(43)}`;
    expect(await linkStatus(guessed)).toEqual({ state: 'unknown' });
    expect((await download(guessed)).status).toBe(404);
    expect(await linkStatus(`${harness.bot.url}/downloads#..%2F..%2Fetc%2Fpasswd`)).toEqual({
      state: 'unknown',
    });
    expect((await download(`${harness.bot.url}/downloads#`)).status).toBe(404);
  });

  it('answers a link of the old shape, with the token in the path, that it no longer works', async () => {
    const { student } = await approvedJourney();
    const url = openUrl((await student.click(await openList(student), 'PDF downloaden')).card) as string;
    const token = tokenOf(url);
    for (const method of ['GET', 'POST']) {
      const old = await fetch(`${harness.bot.url}/downloads/${token}`, { method });
      expect(old.status).toBe(410);
      expect(old.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await old.text()).toContain('Deze link werkt niet meer. Vraag een nieuwe aan in Teams');
    }
    const log = logLines.join('');
    expect(log).toContain('document_link_retired');
    expect(log).not.toContain(token);
    // The old shape does not use the link up: the page still gives the file.
    expect((await download(url)).status).toBe(200);
  });

  it('answers in English where the person asked in English, the language before the fragment', async () => {
    const { placementId, supervisor } = await approvedJourney();
    const english = harness.user({ ...supervisor.person, locale: 'en-GB' });
    const answer = (await english.execute('download', { p: placementId, r: 1, v: 1, from: 'list' })).card;
    const url = openUrl(answer) as string;
    expect(url).toMatch(new RegExp(`^${harness.bot.url}/downloads\\?lang=en#[A-Za-z0-9_-]{43}$`));
    const html = await (await fetch(url)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('"button":"Download PDF"');
    expect(html).toContain('action="/downloads?lang=en"');
    expect(html).not.toContain('PDF downloaden');
    expect((await download(url)).headers.get('content-type')).toBe('application/pdf');
    const used = await download(url);
    expect(used.status).toBe(404);
    expect(await used.text()).toContain('was used already');
    expect(await (await fetch(`${harness.bot.url}/downloads/${tokenOf(url)}?lang=en`)).text()).toContain(
      'This link no longer works',
    );
  });

  it('answers a version that does not exist with "Versie niet gevonden"', async () => {
    const { placementId, student } = await approvedJourney();
    const missing = await student.execute('download', { p: placementId, r: 1, v: 7 });
    expect(cardText(missing.card)).toContain('Versie niet gevonden');
    expect(openUrl(missing.card)).toBeUndefined();
  });
});
