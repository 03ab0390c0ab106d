import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { checkInSteps } from '../../src/domain/check-in';
import type { LocalStack } from '../../src/local/run-local';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import type { TableStore } from '../../src/storage/table-store';
import { ARTIFACTS, ChatPage, launchChromium, startE2eStack } from './support';

jest.setTimeout(240_000);

const q = loadQualificationCatalog().require('ict-beheerder');
const steps = checkInSteps(q);
const levelTitle = (code: string) =>
  code === 'nvt' ? q.notApplicable.label : `${code} – ${q.levels.find((l) => l.code === code)?.label}`;

let stack: LocalStack;
let store: TableStore;
let browser: Browser;

beforeAll(async () => {
  ({ stack, store } = await startE2eStack());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Goes through every card of a part the way a person would, then finishes it. */
async function fillPart(
  chat: ChatPage,
  levels: Record<string, string>,
  texts: Record<string, string>,
  shots: boolean,
  send = true,
) {
  if (send) await chat.send('start');
  for (const step of steps) {
    if (step.kind === 'werkproces') {
      const w = step.werkproces;
      await chat.waitForText(`${w.code} ${w.title}`);
      await chat.choose(levelTitle(levels[w.code] ?? 'G'));
      if (shots && w.code === '1.1') {
        await chat.screenshot('werkproces');
        // The levels legend is behind a toggle: a werkproces card fits a laptop screen.
        const box = await chat.card().locator('.ac-adaptiveCard').first().boundingBox();
        expect(box?.height ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(700);
      }
    } else {
      await chat.waitForText(`Specific work for kerntaak ${step.kerntaakCode}`);
      await chat.fill('Specific work (optional, max. 2000 characters)', texts[step.kerntaakCode] ?? '');
      if (shots && step.kerntaakCode === '1') await chat.screenshot('werkzaamheden');
    }
    await chat.click('Next');
  }
  await chat.waitForText('Overview of your choices');
  if (shots) await chat.screenshot('overview');
  await chat.click('Finish');
}

let student: ChatPage;
let trainer: ChatPage;
let supervisor: ChatPage;

async function storedRound(number: number) {
  const [membership] = await new PlacementRepository(store).rolesForEmail('sanne.jansen@student.example.org');
  return (await new RoundRepository(store).get(membership?.placement.id ?? '', number))?.round;
}

describe('the whole journey in three Agents Playgrounds, in headless Chromium', () => {
  it('takes student and trainer from greeting to an agreement list the supervisor approves', async () => {
    student = await ChatPage.open(browser, stack, 'student');
    await student.waitForText('Welcome, Sanne');
    await student.screenshot('welcome');
    trainer = await ChatPage.open(browser, stack, 'trainer');
    await trainer.waitForText('As workplace trainer');
    supervisor = await ChatPage.open(browser, stack, 'supervisor');
    await supervisor.waitForText('As school supervisor');

    const trainerLevels: Record<string, string> = { '1.2': 'Bk', '2.3': 'Bg', '4.1': 'nvt' };
    await fillPart(student, {}, { '1': 'Documentatie van het netwerk bijwerken' }, true);
    await student.waitForText('Your part is finished');

    // The trainer sees the student's choice on each card, then finishes second.
    await trainer.send('start');
    await trainer.waitForText('The student chose: G (Gevorderd)');
    await trainer.screenshot('werkproces-trainer');
    await fillPart(trainer, trainerLevels, { '2': 'Uitrol van 40 laptops' }, false);

    await trainer.waitForText('3 differences, marked with ≠');
    await trainer.screenshot('agreement-trainer');
    await student.waitForText('You are both done');

    await trainer.click('Settle and send to student');
    await trainer.waitForText('Sent to Sanne Jansen for agreement');
    await student.waitForText('The agreement list awaits your agreement');
    await student.click('Review and agree');
    await student.screenshot('agreement-student');
    await student.click('Agree');
    await student.waitForText('Agreed. The list goes to the school supervisor.');
    await trainer.waitForText('The agreement list has been submitted');

    const round = await storedRound(1);
    expect(round?.state).toBe('submitted');
    for (const step of steps) {
      if (step.kind !== 'werkproces') continue;
      const code = step.werkproces.code;
      expect([code, round?.parts.student.answers[code]?.level]).toEqual([code, 'G']);
      expect([code, round?.agreement?.levels[code]]).toEqual([code, trainerLevels[code] ?? 'G']);
    }
    expect(round?.parts.student.texts['1']).toBe('Documentatie van het netwerk bijwerken');
    expect(round?.agreement?.texts['2']).toBe('Uitrol van 40 laptops');

    // The supervisor gets the summary in their chat and approves it there.
    await supervisor.waitForText('New agreement list for approval');
    await supervisor.click('Review and decide');
    await supervisor.waitForText('Uitrol van 40 laptops');
    await supervisor.screenshot('summary');
    await supervisor.click('Approve');
    await supervisor.waitForText('Approved on');
    expect(await supervisor.card().getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
    await supervisor.screenshot('approved');

    // The PDF: Teams opens the card's link in the browser, where the download page's button saves
    // the file. The token is in the link's fragment, so no request the browser makes carries it.
    const answered = await supervisor.click('Download PDF');
    await supervisor.waitForText('The link works until');
    const link = /https?:\/\/[^"\\]+\/downloads\?lang=en#[A-Za-z0-9_-]{43}/.exec(answered)?.[0];
    if (!link) throw new Error(`no download link in the answer: ${answered.slice(0, 300)}`);
    const token = new URL(link).hash.slice(1);
    // Left open: the browser closes with the tests.
    const tab = await browser.newPage();
    const requested: string[] = [];
    tab.on('request', (request) => requested.push(request.url()));
    await tab.goto(link);
    const button = tab.getByRole('button', { name: 'Download PDF', exact: true });
    await button.waitFor();
    expect(await tab.getByRole('heading').textContent()).toBe('Agreement list (PDF)');
    const saved = tab.waitForEvent('download');
    await button.click();
    const pdf = await saved;
    expect(pdf.suggestedFilename()).toMatch(
      /^afsprakenlijst_\d{4}-\d\d-\d\d_ronde-1_versie-1_[0-9a-f]{32}\.pdf$/,
    );
    const bytes = readFileSync(await pdf.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await tab.getByText('The download has started').waitFor();
    expect(requested.some((url) => url.endsWith('/downloads/status'))).toBe(true);
    expect(requested.filter((url) => url.includes(token))).toEqual([]);
    await student.waitForText('The school supervisor approved your agreement list');
    await trainer.waitForText('The school supervisor approved your agreement list');
    expect((await storedRound(1))?.state).toBe('approved');
  });

  it('runs the next round with a send-back, a request for changes and a resubmission, in a chat that stays short', async () => {
    const trainerLevels: Record<string, string> = { '3.5': 'Bk' };
    // In November the mid-term check-in is not due yet: start says when it opens, and the trainer
    // starts it early; the student is told.
    const roundStart = await student.cardMessages().count();
    await student.send('start');
    await student.waitForText('The next check-in (mid-term) opens on 01/30/2027.');
    await trainer.send('start');
    await trainer.waitForText('The next check-in (mid-term) opens on 01/30/2027.');
    await trainer.click('Start the next check-in now');
    await trainer.waitForText('Mid-term check-in');
    await student.waitForText('The next check-in (mid-term) is open');
    await student.click('Start');
    await fillPart(student, {}, {}, false, false);
    // The trainer is told the student has finished, and goes on where he was.
    await trainer.waitForText('The student has finished their part');
    await trainer.click('Continue where I left off');
    await fillPart(trainer, trainerLevels, {}, false, false);
    await trainer.waitForText('1 difference, marked with ≠');
    await trainer.click('Settle and send to student');
    await student.waitForText('The agreement list awaits your agreement');
    await student.click('Review and agree');
    // The student disagrees on 3.5 and sends the list back; the trainer's notice carries her remark.
    await student.fill(
      'Remark (required to send it back, max. 1000 characters)',
      '3.5 doe ik nog niet zelf.',
    );
    await student.click('Send back with a remark');
    await trainer.waitForText('The student sent the list back');
    await trainer.waitForText('3.5 doe ik nog niet zelf.');
    await trainer.click('Settle the levels');
    await trainer.click('Settle and send to student');
    await student.waitForText('The agreement list awaits your agreement');
    await student.click('Review and agree');
    await student.click('Agree');

    await supervisor.waitForText('New agreement list for approval');
    await supervisor.click('Review and decide');
    await supervisor.waitForText('Mid-term check-in');
    await supervisor.card().getByRole('button', { name: 'Request changes', exact: true }).click();
    await supervisor.fill(
      'What should change? (required, max. 1000 characters)',
      '3.5 is nog Gevorderd: de firewall beheert de leverancier.',
    );
    await supervisor.click('Send back with remark');
    await supervisor.waitForText('Changes requested on');
    await trainer.waitForText('The school supervisor requests changes');
    await trainer.click('Settle the levels');
    await trainer.waitForText('de firewall beheert de leverancier');
    await student.waitForText('The school supervisor requests changes');

    // The trainer changes 3.5 in the settle card's drop-down, sends it again; the student agrees.
    // 3.5 is the 14th werkproces on the list.
    await trainer.pickFromDropdown(13, 'G');
    await trainer.click('Settle and send to student');
    await student.waitForText('The agreement list awaits your agreement');
    await student.click('Review and agree');
    await student.click('Agree');

    await supervisor.waitForText('Revised agreement list for approval');
    await supervisor.click('Review and decide');
    await supervisor.waitForText('Changed since version 1');
    await supervisor.waitForText('3.5: Bk → G');
    await supervisor.screenshot('summary-resubmitted');
    await supervisor.click('Approve');
    await supervisor.waitForText('Approved on');

    // The student's chat for this round: superseded cards are one line; at most four messages are more.
    await student.waitForText('The school supervisor approved your agreement list');
    const tall = await student.tallMessagesFrom(roundStart);
    expect(tall.total).toBeGreaterThanOrEqual(5);
    expect(tall.tall).toBeLessThanOrEqual(4);
    await student.page.screenshot({ path: `${ARTIFACTS}/student-chat-round-2.png`, fullPage: true });

    const round = await storedRound(2);
    expect(round?.state).toBe('approved');
    expect(round?.version).toBe(2);
    expect(round?.agreement?.levels['3.5']).toBe('G');
    expect(round?.decisions.map((d) => d.outcome)).toEqual(['changes_requested', 'approved']);
  });
});
