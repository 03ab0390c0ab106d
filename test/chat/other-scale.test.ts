import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkInSteps } from '../../src/domain/check-in';
import type { Qualification } from '../../src/domain/qualification';
import { projectRoot } from '../../src/project-root';
import { defaultQualificationsDir, loadQualificationCatalog } from '../../src/qualifications/catalog';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText, inputValue, type TeamsUser } from '../support/bot-harness';
import { openList, placementWithPeople, startCard } from '../support/check-in-flow';

// A qualification whose scale shares nothing with ICT-beheerder's: four levels, other codes, three
// criteria, another not-applicable code. Only data differs; the bot is the same.
const FIXTURE = path.join(projectRoot(), 'test', 'fixtures', 'qualifications', 'vier-niveaus.json');

let dir: string;
let harness: BotHarness;
let q: Qualification;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'qualifications-'));
  copyFileSync(
    path.join(defaultQualificationsDir(), 'ict-beheerder.json'),
    path.join(dir, 'ict-beheerder.json'),
  );
  copyFileSync(FIXTURE, path.join(dir, 'vier-niveaus.json'));
  const qualifications = loadQualificationCatalog(dir);
  q = qualifications.require('vier-niveaus');
  harness = await BotHarness.start({ qualifications });
});
afterAll(async () => {
  await harness.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The values offered by the choice input `id` of a card. */
function choiceValues(card: unknown, id: string): string[] {
  let values: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.id === id && record.type === 'Input.ChoiceSet') {
        values = (record.choices as { value: string }[]).map((choice) => choice.value);
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return values;
}

/** Goes through every step of the fixture with Volgende, choosing `levels[code]`. */
async function fill(user: TeamsUser, first: unknown, levels: Record<string, string>) {
  let card = first;
  for (const step of checkInSteps(q)) {
    const inputs: Record<string, string> =
      step.kind === 'werkproces' ? { level: levels[step.werkproces.code] ?? '' } : { text: 'Werkplaats' };
    card = (await user.click(card, 'Volgende', inputs)).card;
  }
  return card;
}

describe('a qualification with a four-level scale of its own', () => {
  it('draws its levels, criteria and options from the data and stores its codes', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness, {
      qualificationId: 'vier-niveaus',
    });

    const first = await startCard(student);
    const text = cardText(first);
    expect(text).toContain('B1-K1-W1 Bereidt het werk voor');
    expect(text).toContain('Werkproces 1 van 3');
    expect(text).toContain('Vakkundig');
    expect(text).toContain('a) Zelfstandigheid: werkt onder directe begeleiding');
    expect(text).toContain('c) Verantwoordelijkheid: voor het werk van het team');
    expect(text).toContain('N3 – Zelfstandig');
    expect(text).toContain('Komt bij dit bedrijf niet voor');
    for (const ict of ['Beginnend', 'Werktempo', 'Niet mogelijk bij dit bedrijf'])
      expect(text).not.toContain(ict);
    expect(choiceValues(first, 'level')).toEqual(['N1', 'N2', 'N3', 'N4', 'nb']);

    // ICT-beheerder's codes mean nothing here: refused, nothing stored.
    const refused = await student.click(first, 'Volgende', { level: 'Bg' });
    expect(cardText(refused.card)).toContain('Dat niveau ken ik niet');
    const rounds = new RoundRepository(harness.store);
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers).toEqual({});

    const overview = await fill(student, refused.card, {
      'B1-K1-W1': 'N3',
      'B1-K1-W2': 'nb',
      'B1-K2-W1': 'N4',
    });
    expect(cardText(overview)).toContain('Alles is ingevuld');
    const stored = (await rounds.get(placementId, 1))?.round.parts.student.answers;
    expect(Object.fromEntries(Object.entries(stored ?? {}).map(([code, a]) => [code, a.level]))).toEqual({
      'B1-K1-W1': 'N3',
      'B1-K1-W2': 'nb',
      'B1-K2-W1': 'N4',
    });
    await student.click(overview, 'Afronden');

    const trainerFirst = await startCard(trainer);
    expect(cardText(trainerFirst)).toContain('Deelnemer koos: N3 (Zelfstandig)');
    const trainerOverview = await fill(trainer, trainerFirst, {
      'B1-K1-W1': 'N2',
      'B1-K1-W2': 'nb',
      'B1-K2-W1': 'N4',
    });
    const agreement = (await trainer.click(trainerOverview, 'Afronden')).card;
    expect(cardText(agreement)).toContain('1 verschil, gemarkeerd met ≠');
    expect(cardText(agreement)).toContain(
      'N1 = Oriënterend, N2 = Meewerkend, N3 = Zelfstandig, N4 = Vakkundig, nb = Komt bij dit bedrijf niet voor',
    );
    expect(choiceValues(agreement, 'lvl_B1-K1-W1')).toEqual(['N1', 'N2', 'N3', 'N4', 'nb']);
    expect(inputValue(agreement, 'lvl_B1-K1-W1')).toBe('N2');

    const inputs = { 'lvl_B1-K1-W1': 'N3', 'lvl_B1-K1-W2': 'nb', 'lvl_B1-K2-W1': 'N4' };
    for (const k of q.kerntaken) Object.assign(inputs, { [`txt_${k.code}`]: 'Werkplaats' });
    await trainer.click(agreement, 'Vaststellen en naar deelnemer sturen', inputs);
    await student.click(await openList(student), 'Akkoord');

    const summary = cardText(await openList(supervisor));
    expect(summary).toContain('**N3 Zelfstandig**');
    expect(summary).toContain('**Komt bij dit bedrijf niet voor**');
    expect(summary).toContain('N1 = Oriënterend, N2 = Meewerkend, N3 = Zelfstandig, N4 = Vakkundig.');
    expect((await rounds.get(placementId, 1))?.round.agreement?.levels).toEqual({
      'B1-K1-W1': 'N3',
      'B1-K1-W2': 'nb',
      'B1-K2-W1': 'N4',
    });
  });

  it('lists each scale on the help card, named after its qualification', async () => {
    const { student } = await placementWithPeople(harness, { qualificationId: 'vier-niveaus' });
    await student.say('help');
    const own = cardText(student.lastCard());
    expect(own).toContain(
      "Niveaus: **N1** Oriënterend, **N2** Meewerkend, **N3** Zelfstandig, **N4** Vakkundig, of 'Komt bij dit bedrijf niet voor'.",
    );
    expect(own).not.toContain('Beginnend');

    // Someone without a placement sees every scale the bot knows.
    const stranger = harness.user({ aadObjectId: 'd0d0d0d0-0000-4000-8000-000000000001', name: 'Onbekend' });
    await stranger.say('help');
    const all = cardText(stranger.lastCard());
    expect(all).toContain(
      "**ICT-beheerder**: Niveaus: **Bg** Beginnend, **G** Gevorderd, **Bk** Bekwaam, of 'Niet mogelijk bij dit bedrijf'.",
    );
    expect(all).toContain('**Testkwalificatie met vier niveaus**: Niveaus: **N1** Oriënterend');
  });

  it('shows the translation the data carries beside the Dutch label for an English UI', async () => {
    const { student } = await placementWithPeople(harness, {
      qualificationId: 'vier-niveaus',
      locale: 'en-GB',
    });
    await student.say('help');
    expect(cardText(student.lastCard())).toContain(
      "Levels: **N1** Oriënterend (exploring), **N2** Meewerkend, **N3** Zelfstandig, **N4** Vakkundig, or 'Komt bij dit bedrijf niet voor'.",
    );
  });
});
