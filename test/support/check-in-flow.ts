import { checkInSteps } from '../../src/domain/check-in';
import { allWerkprocessen } from '../../src/domain/qualification';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { actionTitles, type BotHarness, findAction, inputValue, type TeamsUser } from './bot-harness';

export const qualification = loadQualificationCatalog().require('ict-beheerder');
export const steps = checkInSteps(qualification);
export const werkprocesCodes = allWerkprocessen(qualification).map((w) => w.code);

let sequence = 0;

/** A placement of its own, with its three people having installed the app. */
export async function placementWithPeople(
  harness: BotHarness,
  options: { secondStudent?: boolean; locale?: string; install?: boolean; qualificationId?: string } = {},
) {
  sequence += 1;
  const tag = `${Date.now().toString(36)}${sequence}`;
  const id = (n: number) =>
    `c0c0c0c0-0000-4000-8${n}00-${String(Date.now() % 1e9).padStart(9, '0')}${String(sequence).padStart(3, '0')}`;
  const mail = (who: string) => `${who}.${tag}@example.org`;
  const repo = new PlacementRepository(harness.store);
  const people = {
    student: { aadObjectId: id(1), name: `Sanne ${tag}`, email: mail('sanne') },
    trainer: { aadObjectId: id(2), name: `Pieter ${tag}`, email: mail('pieter') },
    supervisor: { aadObjectId: id(3), name: `Fatima ${tag}`, email: mail('fatima') },
  };
  const base = {
    trainer: { email: people.trainer.email, name: people.trainer.name },
    supervisor: { email: people.supervisor.email, name: people.supervisor.name },
    company: `Bedrijf ${tag}`,
    qualificationId: options.qualificationId ?? 'ict-beheerder',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
  };
  const { id: placementId } = await repo.importPlacement({
    ...base,
    student: { email: people.student.email, name: people.student.name },
  });
  if (options.secondStudent) {
    await repo.importPlacement({ ...base, student: { email: mail('daan'), name: `Daan ${tag}` } });
  }
  const locale = options.locale ? { locale: options.locale } : {};
  const student = harness.user({ ...people.student, ...locale });
  const trainer = harness.user(people.trainer);
  const supervisor = harness.user(people.supervisor);
  if (options.install !== false) {
    await student.install();
    await trainer.install();
    await supervisor.install();
  }
  return { placementId, student, trainer, supervisor, people };
}

/** The step a card shows, read from its "Volgende" button. */
export function stepOf(card: unknown): number {
  const next = findAction(card, 'Volgende') ?? findAction(card, 'Next');
  if (!next) throw new Error(`not a step card: ${actionTitles(card).join(', ')}`);
  return next.data.s as number;
}

export async function startCard(user: TeamsUser) {
  await user.say('start');
  return user.lastCard();
}

/** Goes through every step with Volgende, choosing `levels[code]` (default G) and writing `texts[kerntaak]`. */
export async function fillPart(
  user: TeamsUser,
  first: unknown,
  levels: Record<string, string>,
  texts: Record<string, string>,
  notes: Record<string, string> = {},
) {
  let card = first;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[stepOf(card)];
    if (!step) throw new Error('ran past the last step');
    const inputs: Record<string, string> =
      step.kind === 'werkproces'
        ? { level: levels[step.werkproces.code] ?? 'G', note: notes[step.werkproces.code] ?? '' }
        : { text: texts[step.kerntaakCode] ?? '' };
    card = (await user.click(card, 'Volgende', inputs)).card;
  }
  return card;
}

/** The agreed list as the trainer's settle card shows it, as card inputs. */
export function settleInputs(card: unknown, overrides: Record<string, string> = {}): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const code of werkprocesCodes) inputs[`lvl_${code}`] = String(inputValue(card, `lvl_${code}`) ?? '');
  for (const k of qualification.kerntaken)
    inputs[`txt_${k.code}`] = String(inputValue(card, `txt_${k.code}`) ?? '');
  return { ...inputs, ...overrides };
}

/**
 * Opens the whole list (the supervisor's summary) from the person's newest message: a notice
 * about the round has one button that opens it in place.
 */
export async function openList(user: TeamsUser) {
  const notice = user.lastCard();
  const titles = actionTitles(notice);
  if (titles.length !== 1) throw new Error(`not a notice: buttons ${titles.join(', ')}`);
  const card = (await user.click(notice, titles[0] as string)).card;
  if (!card) throw new Error('the notice did not open');
  return card;
}

/** Student and trainer fill in, finish, settle and confirm: the round is submitted to the supervisor. */
export async function submitRound(
  people: { student: TeamsUser; trainer: TeamsUser },
  options: {
    studentLevels?: Record<string, string>;
    trainerLevels?: Record<string, string>;
    notes?: Record<string, string>;
    texts?: Record<string, string>;
  } = {},
) {
  const { student, trainer } = people;
  const studentOverview = await fillPart(
    student,
    await startCard(student),
    options.studentLevels ?? {},
    options.texts ?? {},
    options.notes ?? {},
  );
  await student.click(studentOverview, 'Afronden');
  const trainerOverview = await fillPart(
    trainer,
    await startCard(trainer),
    options.trainerLevels ?? {},
    options.texts ?? {},
  );
  const agreement = (await trainer.click(trainerOverview, 'Afronden')).card;
  await trainer.click(agreement, 'Vaststellen en naar deelnemer sturen', settleInputs(agreement));
  return student.click(await openList(student), 'Akkoord');
}
