import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText } from '../support/bot-harness';
import { fillPart, openList, settleInputs, startCard, stepOf, steps } from '../support/check-in-flow';
import {
  MailCatcher,
  mailEnv,
  mailTo,
  placementWithEmailTrainer,
  requestLink,
  tokenOf,
  WebTrainer,
} from '../support/web-trainer';

const DAY = 24 * 60 * 60 * 1000;
let clock = Date.now();
let catcher: MailCatcher;
let harness: BotHarness;
const logLines: string[] = [];

beforeAll(async () => {
  catcher = await MailCatcher.start();
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  harness = await BotHarness.start({
    env: mailEnv(catcher),
    logger: createLogger('debug', logStream),
    now: () => new Date(clock),
  });
});
afterAll(async () => {
  await harness?.stop();
  await catcher?.stop();
});

/** Goes through every step on the page, choosing `level` everywhere. */
async function fillOnPage(trainer: WebTrainer, first: unknown, level = 'G') {
  let card = first;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[stepOf(card)];
    const inputs: Record<string, string> =
      step?.kind === 'werkproces' ? { level, note: '' } : { text: 'Werkplek inrichten' };
    card = (await trainer.click(card, 'Volgende', inputs)).card;
  }
  return card;
}

/** A fresh link for the placement's trainer, through the form, from the mail it sends. */
async function linkFor(email: string) {
  const before = catcher.mails.length;
  await requestLink(harness, email);
  const mail = await mailTo(catcher, email, before);
  const link = mail.links[0];
  if (!link) throw new Error('the mail holds no link');
  return { mail, link, trainer: new WebTrainer(harness, tokenOf(link)) };
}

describe('a trainer who works by e-mail', () => {
  it('goes through a whole round on the page, with the same cards and use cases, and hears of each step by mail', async () => {
    const { student, supervisor, people, placementId } = await placementWithEmailTrainer(harness);
    // The trainer is reached by mail: the supervisor's status does not call them unreachable.
    await supervisor.say('status');
    expect(cardText(supervisor.lastCard())).toContain('Stand van zaken');
    expect(cardText(supervisor.lastCard())).not.toContain('Niet bereikbaar voor herinneringen');
    const studentOverview = await fillPart(student, await startCard(student), {}, {});
    await student.click(studentOverview, 'Afronden');

    const { mail, trainer } = await linkFor(people.trainer.email);
    expect(mail.subject).toBe('Afsprakenlijst BPV: Je nieuwe link naar de afsprakenlijst');
    expect(mail.text).toContain(`de afsprakenlijst van Sanne bij Bedrijf`);
    expect(mail.text).toContain('Deze link is alleen voor jou');

    const first = await trainer.act('start');
    expect(first.status).toBe(200);
    expect(cardText(first.card)).toContain('Werkproces 1 van 17');
    const overview = await fillOnPage(trainer, first.card, 'Bk');
    // A card from before (another tab, the back button) is refused as out of date, in place.
    const stale = await trainer.click(first.card, 'Volgende', { level: 'Bg', note: '' });
    expect(cardText(stale.card)).toContain('Deze kaart was niet meer actueel');
    const agreement = (await trainer.click(overview, 'Afronden')).card;
    expect(cardText(agreement)).toContain('Vaststellen en naar deelnemer sturen');
    // The student hears that the list is ready, in Teams.
    expect(cardText(student.lastCard())).toContain('Jullie zijn allebei klaar');

    await trainer.click(agreement, 'Vaststellen en naar deelnemer sturen', settleInputs(agreement));
    const before = catcher.mails.length;
    const list = await openList(student);
    await student.click(list, 'Terugsturen met opmerking', { remark: 'Bij 1.1 werk ik op G' });
    const sentBack = await mailTo(catcher, people.trainer.email, before);
    expect(sentBack.subject).toContain('teruggestuurd');

    // The link in that mail opens the list with the student's remark; the trainer changes and settles again.
    const again = new WebTrainer(harness, tokenOf(sentBack.links[0] as string));
    const reopened = (await again.act('start')).card;
    expect(cardText(reopened)).toContain('Bij 1.1 werk ik op G');
    await again.click(
      reopened,
      'Vaststellen en naar deelnemer sturen',
      settleInputs(reopened, { 'lvl_1.1': 'G' }),
    );

    const beforeConfirm = catcher.mails.length;
    await student.click(await openList(student), 'Akkoord');
    expect((await mailTo(catcher, people.trainer.email, beforeConfirm)).subject).toContain('ingediend');

    const beforeApproval = catcher.mails.length;
    await supervisor.click(await openList(supervisor), 'Goedkeuren');
    const approved = await mailTo(catcher, people.trainer.email, beforeApproval);
    expect(approved.subject).toContain('goedgekeurd');

    const status = await new WebTrainer(harness, tokenOf(approved.links[0] as string)).act('status');
    expect(cardText(status.card)).toMatch(/goedgekeurd/i);

    // At the mid-term date the student opens the next check-in in Teams; the trainer is invited by mail.
    const now = clock;
    clock = Date.parse('2027-01-30T10:00:00.000Z');
    try {
      const beforeRound = catcher.mails.length;
      await student.say('start');
      const invited = await mailTo(catcher, people.trainer.email, beforeRound);
      expect(invited.subject).toBe(
        'Afsprakenlijst BPV: Uitnodiging: de afsprakenlijst van Sanne, tussentijds gesprek',
      );
      expect(invited.text).toContain('Het tussentijds gesprek van Sanne');
      const roundTwo = await new WebTrainer(harness, tokenOf(invited.links[0] as string)).act('start');
      expect(cardText(roundTwo.card)).toContain('Werkproces 1 van 17');
    } finally {
      clock = now;
    }
    // The trainer's answers are stored under the placement like anyone's, under the link's actor id.
    const audit = await new RoundRepository(harness.store).audit(placementId);
    expect(audit.filter((e) => e.actorRole === 'trainer').map((e) => e.actorId)).toEqual(
      expect.arrayContaining([`link:trainer:${placementId}`]),
    );
  });

  it('reveals nothing without a valid link: missing, altered, for another placement, expired, or after the trainer changed', async () => {
    const one = await placementWithEmailTrainer(harness);
    const other = await placementWithEmailTrainer(harness);
    const { link } = await linkFor(one.people.trainer.email);
    const token = tokenOf(link);
    const ask = (t: string) => new WebTrainer(harness, t).act('start');

    expect(await ask('')).toMatchObject({ status: 401, reason: 'invalid', card: undefined });
    // Every other last character, also those that differ only in bits base64 leaves unused.
    for (const last of 'AEIMQUYcgkosw048BFJNRVZdhlptx159'.replace(token.at(-1) as string, '')) {
      expect([last, await ask(`${token.slice(0, -1)}${last}`)]).toMatchObject([
        last,
        { status: 401, reason: 'invalid' },
      ]);
    }
    expect(await ask(token.replace(one.placementId, other.placementId))).toMatchObject({
      status: 401,
      reason: 'invalid',
    });
    // A later expiry with the same signature: altered, not merely expired.
    const [v, p, expiry, sig] = token.split('.');
    const later = (Number.parseInt(expiry as string, 36) + 86_400).toString(36);
    expect(await ask([v, p, later, sig].join('.'))).toMatchObject({ status: 401, reason: 'invalid' });

    // Fourteen days on, the link has expired.
    const now = clock;
    clock = now + 14 * DAY + 1000;
    try {
      expect(await ask(token)).toMatchObject({ status: 401, reason: 'expired' });
    } finally {
      clock = now;
    }
    expect((await ask(token)).status).toBe(200);

    // The placement gets another trainer: the old trainer's link no longer works.
    const repo = new PlacementRepository(harness.store);
    await repo.importPlacement({
      ...one.input,
      trainer: { email: 'nieuw@bedrijf.example', name: 'Nieuwe Trainer' },
    });
    expect(await ask(token)).toMatchObject({ status: 401, reason: 'invalid' });
    // Back to the first trainer, but now in Teams: still nothing by link.
    await repo.importPlacement({ ...one.input, trainerContact: 'teams' });
    expect(await ask(token)).toMatchObject({ status: 401, reason: 'invalid' });
    await repo.importPlacement(one.input);
    expect((await ask(token)).status).toBe(200);
  });

  it('acts as the trainer of that placement only', async () => {
    const { placementId, people } = await placementWithEmailTrainer(harness);
    const { trainer } = await linkFor(people.trainer.email);
    const asStudent = await trainer.act('open', { p: placementId, role: 'student' });
    expect(asStudent.status).toBe(200);
    expect(cardText(asStudent.card)).toContain('Deze kaart is niet voor jou');
    const unknown = await trainer.act('constructor', {});
    expect(cardText(unknown.card)).not.toContain('Werkproces');
  });

  it('asks for a new link with a form that answers the same for any address and mails only the trainer', async () => {
    const { people } = await placementWithEmailTrainer(harness);
    const before = catcher.mails.length;
    const stranger = await requestLink(harness, 'onbekend@example.org');
    const student = await requestLink(harness, people.student.email);
    const known = await requestLink(harness, people.trainer.email.toUpperCase());
    expect(stranger.status).toBe(200);
    expect(student.html).toBe(stranger.html);
    expect(known.html).toBe(stranger.html);
    expect(catcher.mails.slice(before).map((m) => m.to)).toEqual([[people.trainer.email]]);
    // Asked again at once: no second mail within the interval.
    await requestLink(harness, people.trainer.email);
    expect(catcher.mails.length).toBe(before + 1);
  });

  it('serves the page and its files with a policy that allows only the page itself', async () => {
    const page = await fetch(`${harness.bot.url}/praktijkopleider`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).not.toMatch(/<script>[^<]/);
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)];
    // The renderer, markdown-it, the page's script, its style and the Teams theme.
    expect(assets).toHaveLength(5);
    for (const asset of assets) {
      const response = await fetch(`${harness.bot.url}${asset[1]}`);
      expect([asset[1], response.status]).toEqual([asset[1], 200]);
    }
    // A card action only as JSON with the token in a header: a form from elsewhere cannot post one.
    const form = await fetch(`${harness.bot.url}/praktijkopleider/api/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'verb=start',
    });
    expect(form.status).toBe(415);
  });

  it('writes no token, address or name to the log', async () => {
    const { people } = await placementWithEmailTrainer(harness);
    const { link, trainer } = await linkFor(people.trainer.email);
    await trainer.act('start');
    await requestLink(harness, 'onbekend@example.org');
    const log = logLines.join('\n');
    expect(log).toContain('"event":"trainer_mailed"');
    expect(log).not.toContain(tokenOf(link).split('.')[3] as string);
    expect(log).not.toContain(people.trainer.email);
    expect(log).not.toContain('onbekend@example.org');
    expect(log).not.toContain(people.student.name.split(' ')[0] as string);
  });
});
