import type { Browser } from 'playwright-core';
import { checkInSteps } from '../../src/domain/check-in';
import type { LocalStack } from '../../src/local/run-local';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import type { TableStore } from '../../src/storage/table-store';
import { ChatPage, launchChromium, startE2eStack } from './support';

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
) {
  await chat.send('start');
  for (const step of steps) {
    if (step.kind === 'werkproces') {
      const w = step.werkproces;
      await chat.waitForText(`${w.code} ${w.title}`);
      await chat.choose(levelTitle(levels[w.code] ?? 'G'));
      if (shots && w.code === '1.1') await chat.screenshot('werkproces');
    } else {
      await chat.waitForText(`Specific work for kerntaak ${step.kerntaakCode}`);
      await chat.fill('Specific work (optional)', texts[step.kerntaakCode] ?? '');
      if (shots && step.kerntaakCode === '1') await chat.screenshot('werkzaamheden');
    }
    await chat.click('Next');
  }
  await chat.waitForText('Overview of your choices');
  if (shots) await chat.screenshot('overview');
  await chat.click('Finish');
}

describe('a check-in round in the Agents Playground, in headless Chromium', () => {
  it('takes student and trainer from greeting to a submitted agreement list', async () => {
    const student = await ChatPage.open(browser, stack, 'student');
    await student.waitForText('Welcome, Sanne');
    await student.screenshot('welcome');
    const trainer = await ChatPage.open(browser, stack, 'trainer');
    await trainer.waitForText('As workplace trainer');

    const studentLevels: Record<string, string> = {};
    const trainerLevels: Record<string, string> = { '1.2': 'Bk', '2.3': 'Bg', '4.1': 'nvt' };
    await fillPart(student, studentLevels, { '1': 'Documentatie van het netwerk bijwerken' }, true);
    await student.waitForText('Your part is finished');

    // The trainer sees the student's choice on each card, then finishes second.
    await trainer.send('start');
    await trainer.waitForText('The student chose: G (Gevorderd)');
    await trainer.screenshot('werkproces-trainer');
    await fillPart(trainer, trainerLevels, { '2': 'Uitrol van 40 laptops' }, false);

    await trainer.waitForText('3 difference(s) marked with ≠');
    await trainer.screenshot('agreement-trainer');
    await student.waitForText('You are both done');

    await trainer.click('Settle and send to student');
    await trainer.waitForText('Sent to Sanne Jansen for agreement');
    await student.waitForText('The agreement list awaits your agreement');
    await student.screenshot('agreement-student');
    await student.click('Agree');
    await student.waitForText('Agreed. The list goes to the school supervisor.');
    await student.screenshot('submitted');
    await trainer.waitForText('The agreement list has been submitted');

    const placements = new PlacementRepository(store);
    const [membership] = await placements.rolesForEmail('sanne.jansen@student.example.org');
    const round = (await new RoundRepository(store).get(membership?.placement.id ?? '', 1))?.round;
    expect(round?.state).toBe('submitted');
    for (const step of steps) {
      if (step.kind !== 'werkproces') continue;
      const code = step.werkproces.code;
      expect([code, round?.parts.student.answers[code]?.level]).toEqual([code, 'G']);
      expect([code, round?.agreement?.levels[code]]).toEqual([code, trainerLevels[code] ?? 'G']);
    }
    expect(round?.parts.student.texts['1']).toBe('Documentatie van het netwerk bijwerken');
    expect(round?.agreement?.texts['2']).toBe('Uitrol van 40 laptops');
  });
});
