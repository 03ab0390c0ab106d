import { DOWNLOAD_LINK_MINUTES } from '../../src/services/download-links';
import { RoundRepository } from '../../src/storage/round-repository';
import { assertValidCard, BotHarness, cardText, findAction, openUrl } from '../support/bot-harness';
import { openList, placementWithPeople, submitRound } from '../support/check-in-flow';
import { flat, readPdf } from '../support/pdf-text';
import { everything } from '../support/storage-scan';

let harness: BotHarness;
// The bot's clock runs with the real one, moved on when a test needs a link to have expired.
let ahead = 0;

beforeAll(async () => {
  harness = await BotHarness.start({ now: () => new Date(Date.now() + ahead) });
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
      const url = openUrl(answer);
      expect(url).toMatch(new RegExp(`^${harness.bot.url}/downloads/[A-Za-z0-9_-]{43}$`));
      // The link names no placement, person or version: the token is all there is.
      expect(url).not.toContain(placementId);

      // Storage keeps the token's hash, never the token.
      const token = (url as string).split('/').at(-1) as string;
      expect(await everything(harness.store)).toContain('expiresat');
      expect(await everything(harness.store)).not.toContain(token.toLowerCase());

      // Opening the link (as a link scanner would, too) shows a button and spends nothing.
      for (let i = 0; i < 2; i++) {
        const page = await fetch(url as string);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        const html = await page.text();
        expect(html).toContain('<form method="post">');
        // One language on the page: the person's (Dutch here), not both at once.
        expect(html).toContain('<button type="submit">PDF downloaden</button>');
        expect(html).not.toMatch(/Download PDF|The link/);
      }
      const first = await fetch(url as string, { method: 'POST' });
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

      const second = await fetch(url as string, { method: 'POST' });
      expect(second.status).toBe(404);
      expect(await second.text()).toContain('al gebruikt');
      expect((await fetch(url as string)).status).toBe(404);
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
    const url = openUrl(answer);
    const response = await fetch(url as string, { method: 'POST' });
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
    expect((await fetch(url)).status).toBe(410);
    const expired = await fetch(url, { method: 'POST' });
    expect(expired.status).toBe(410);
    const refusal = await expired.text();
    expect(refusal).toContain('verlopen');
    expect(refusal).not.toContain('expired');
    ahead = 0;
    // Expired is gone for good, even once the clock is back.
    expect((await fetch(url, { method: 'POST' })).status).toBe(404);

    const guessed = `${harness.bot.url}/downloads/${'A'.repeat(43)}`;
    for (const method of ['GET', 'POST']) {
      expect((await fetch(guessed, { method })).status).toBe(404);
      expect((await fetch(`${harness.bot.url}/downloads/..%2F..%2Fetc%2Fpasswd`, { method })).status).toBe(
        404,
      );
    }
  });

  it('answers a version that does not exist with "Versie niet gevonden"', async () => {
    const { placementId, student } = await approvedJourney();
    const missing = await student.execute('download', { p: placementId, r: 1, v: 7 });
    expect(cardText(missing.card)).toContain('Versie niet gevonden');
    expect(openUrl(missing.card)).toBeUndefined();
  });
});
