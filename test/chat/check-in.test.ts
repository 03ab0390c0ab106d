import { RoundRepository } from '../../src/storage/round-repository';
import {
  actionTitles,
  BotHarness,
  cardText,
  findAction,
  inputValue,
  rowActions,
} from '../support/bot-harness';
import {
  werkprocesCodes as codes,
  fillPart,
  openList,
  startCard,
  placementWithPeople as withPeople,
} from '../support/check-in-flow';

let harness: BotHarness;
let rounds: RoundRepository;

beforeAll(async () => {
  harness = await BotHarness.start();
  rounds = new RoundRepository(harness.store);
});
afterAll(async () => {
  await harness.stop();
});

const studentLevels = Object.fromEntries(
  codes.map((c, i) => [c, (['Bg', 'G', 'Bk'] as const)[i % 3] as string]),
);
const trainerLevels = { ...studentLevels, '1.2': 'Bk', '2.3': 'nvt', '4.1': 'Bg' };
const studentTexts = {
  '1': 'Netwerkdocumentatie bijwerken',
  '2': 'Uitrol Windows 11',
  '3': 'Back-ups controleren',
  '4': 'Servicedesk op dinsdag',
};
const trainerTexts = {
  '1': 'Netwerkdocumentatie bijwerken',
  '2': 'Uitrol Windows 11 op 40 laptops',
  '3': '',
  '4': 'Servicedesk',
};

describe('a complete check-in round over HTTP', () => {
  it('student and trainer go through all 17 werkprocessen, settle three differences and confirm', async () => {
    const { placementId, student, trainer, people } = await withPeople(harness, { secondStudent: true });

    const first = await startCard(student);
    expect(cardText(first)).toContain(
      '1.1 Stelt de vraag en/of informatiebehoefte van de opdrachtgever vast',
    );
    expect(cardText(first)).toContain('Werkproces 1 van 17 · kerntaak 1: 1 van 5');
    expect(cardText(first)).toContain('b) Werktempo: 40-60 % ten opzichte van een vakvolwassen persoon');
    expect(cardText(first)).toContain('Niet mogelijk bij dit bedrijf');
    const studentOverview = await fillPart(student, first, studentLevels, studentTexts);
    expect(cardText(studentOverview)).toContain('Alles is ingevuld');
    const studentDone = await student.click(studentOverview, 'Afronden');
    expect(cardText(studentDone.card)).toContain('Je deel is afgerond');

    // The trainer has two students and picks one; then sees the student's choices on each card.
    const picker = await startCard(trainer);
    expect(cardText(picker)).toContain('Met welke deelnemer wil je verder?');
    const sanne = actionTitles(picker).find((title) => title.startsWith(people.student.name)) ?? '';
    const opened = await trainer.click(picker, sanne);
    expect(cardText(opened.card)).toContain('Deelnemer koos: Bg (Beginnend)');
    const trainerOverview = await fillPart(trainer, opened.card, trainerLevels, trainerTexts);
    const before = student.cards().length;
    const agreed = await trainer.click(trainerOverview, 'Afronden');

    // Both get the side-by-side list: the trainer in place, the student in their chat.
    expect(cardText(agreed.card)).toContain('3 verschillen, gemarkeerd met ≠');
    expect(cardText(agreed.card)).toContain('≠ 1.2 Maakt een functioneel ontwerp');
    expect(actionTitles(agreed.card)).toContain('Vaststellen en naar deelnemer sturen');
    expect(student.cards().length).toBe(before + 1);
    expect(cardText(student.lastCard())).toContain('Jullie zijn allebei klaar');
    expect(actionTitles(student.lastCard())).not.toContain('Akkoord');

    // The trainer settles: 1.2 to the student's level, the others as the trainer chose.
    expect(inputValue(agreed.card, 'lvl_1.2')).toBe('Bk');
    const settleInputs: Record<string, string> = {};
    for (const code of codes) settleInputs[`lvl_${code}`] = String(inputValue(agreed.card, `lvl_${code}`));
    settleInputs['lvl_1.2'] = studentLevels['1.2'] as string;
    for (const k of ['1', '2', '3', '4'])
      settleInputs[`txt_${k}`] = String(inputValue(agreed.card, `txt_${k}`));
    const settled = await trainer.click(agreed.card, 'Vaststellen en naar deelnemer sturen', settleInputs);
    expect(cardText(settled.card)).toContain(`Verstuurd naar ${people.student.name} voor akkoord`);

    expect(cardText(student.lastCard())).toContain('De afsprakenlijst wacht op jouw akkoord');
    const confirmCard = await openList(student);
    const confirmed = await student.click(confirmCard, 'Akkoord');
    expect(cardText(confirmed.card)).toContain('Akkoord gegeven');
    expect(cardText(trainer.lastCard())).toContain('De afsprakenlijst is ingediend');

    const stored = (await rounds.get(placementId, 1))?.round;
    expect(stored?.state).toBe('submitted');
    expect(stored?.version).toBe(1);
    for (const code of codes) {
      expect([code, stored?.parts.student.answers[code]?.level]).toEqual([code, studentLevels[code]]);
      expect([code, stored?.parts.trainer.answers[code]?.level]).toEqual([
        code,
        trainerLevels[code as keyof typeof trainerLevels],
      ]);
      const expected =
        code === '1.2' ? studentLevels['1.2'] : trainerLevels[code as keyof typeof trainerLevels];
      expect([code, stored?.agreement?.levels[code]]).toEqual([code, expected]);
    }
    expect(stored?.parts.student.texts).toEqual(studentTexts);
    expect(stored?.parts.trainer.texts).toEqual({
      '1': trainerTexts['1'],
      '2': trainerTexts['2'],
      '4': trainerTexts['4'],
    });
    expect(stored?.agreement?.texts['2']).toBe(trainerTexts['2']);

    const trail = await rounds.audit(placementId);
    const count = (event: string) => trail.filter((e) => e.event === event).length;
    expect(count('answered')).toBe(17 * 2 + 4 + 3);
    expect(count('part_completed')).toBe(2);
    expect(count('settled')).toBe(1);
    expect(count('confirmed')).toBe(1);
    expect(count('submitted')).toBe(1);
    expect(JSON.stringify(trail)).not.toContain('Netwerkdocumentatie');
  });
});

describe('moving through the cards', () => {
  it('resumes at the first open werkproces after an interruption', async () => {
    const { student } = await withPeople(harness);
    let card = await startCard(student);
    for (const level of ['G', 'Bk', 'Bg']) card = (await student.click(card, 'Volgende', { level })).card;
    expect(cardText(card)).toContain('1.4 Maakt een plan van aanpak');
    const resumed = await startCard(student);
    expect(cardText(resumed)).toContain('1.4 Maakt een plan van aanpak');
    expect(cardText(resumed)).toContain('Werkproces 4 van 17');
  });

  it('goes back with Vorige showing the saved choice and note, and forward again', async () => {
    const { student } = await withPeople(harness);
    let card = await startCard(student);
    card = (await student.click(card, 'Volgende', { level: 'Bk', note: 'Intake met de klant' })).card;
    expect(cardText(card)).toContain('1.2 Maakt een functioneel ontwerp');
    card = (await student.click(card, 'Vorige', {})).card;
    expect(cardText(card)).toContain('1.1 Stelt de vraag');
    expect(inputValue(card, 'level')).toBe('Bk');
    expect(inputValue(card, 'note')).toBe('Intake met de klant');
    card = (await student.click(card, 'Volgende', { level: 'Bk', note: 'Intake met de klant' })).card;
    expect(cardText(card)).toContain('1.2 Maakt een functioneel ontwerp');
  });

  it('saves on Later verder and says how to continue', async () => {
    const { student, placementId } = await withPeople(harness);
    const card = await startCard(student);
    const later = await student.click(card, 'Later verder', { level: 'G' });
    expect(cardText(later.card)).toContain('Opgeslagen');
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers['1.1']?.level).toBe('G');
  });

  it('keeps a note typed without a level on the card instead of dropping it', async () => {
    const { student, placementId } = await withPeople(harness);
    const card = await startCard(student);
    const later = await student.click(card, 'Later verder', { note: 'vragen aan de praktijkopleider' });
    expect(cardText(later.card)).toContain('Kies eerst een niveau');
    expect(inputValue(later.card, 'note')).toBe('vragen aan de praktijkopleider');
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers).toEqual({});
  });

  it('asks for a level before moving on, and keeps a too long note for shortening', async () => {
    const { student, placementId } = await withPeople(harness);
    const card = await startCard(student);
    const noLevel = await student.click(card, 'Volgende', { note: 'nog niet zeker' });
    expect(cardText(noLevel.card)).toContain('Kies eerst een niveau');
    expect(cardText(noLevel.card)).toContain('1.1 Stelt de vraag');
    const long = 'x'.repeat(612);
    const tooLong = await student.click(card, 'Volgende', { level: 'G', note: long });
    expect(cardText(tooLong.card)).toContain('Te lang: 612 tekens, maximaal 500.');
    expect(inputValue(tooLong.card, 'note')).toBe(long);
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers['1.1']).toBeUndefined();
  });

  it('opens any answer again from the overview', async () => {
    const { student } = await withPeople(harness);
    const overview = await fillPart(student, await startCard(student), studentLevels, studentTexts);
    const rows = rowActions(overview);
    expect(rows).toHaveLength(21);
    const reopened = await student.execute(rows[6]?.verb ?? '', rows[6]?.data ?? {});
    expect(cardText(reopened.card)).toContain('2.1 Levert een bijdrage aan het implementatieplan');
    expect(inputValue(reopened.card, 'level')).toBe(studentLevels['2.1']);
  });

  it('speaks English when Teams does, keeping qualification texts Dutch', async () => {
    const { student } = await withPeople(harness, { locale: 'en-GB' });
    const card = await startCard(student);
    expect(cardText(card)).toContain('Werkproces 1 of 17');
    expect(cardText(card)).toContain('Stelt de vraag en/of informatiebehoefte');
    expect(actionTitles(card)).toEqual(expect.arrayContaining(['Next', 'Continue later']));
  });
});

describe('stale cards, double clicks and other people', () => {
  it('never lets an old card overwrite a newer answer', async () => {
    const { student, placementId } = await withPeople(harness);
    const old = await startCard(student);
    await student.click(old, 'Volgende', { level: 'G' });
    const replay = await student.click(old, 'Volgende', { level: 'Bk' });
    expect(cardText(replay.card)).toContain('niet meer actueel');
    expect(cardText(replay.card)).toContain('1.2 Maakt een functioneel ontwerp');
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers['1.1']?.level).toBe('G');
  });

  it('treats a double click as one answer', async () => {
    const { student, placementId } = await withPeople(harness);
    const card = await startCard(student);
    const [a, b] = await Promise.all([
      student.click(card, 'Volgende', { level: 'Bk' }),
      student.click(card, 'Volgende', { level: 'Bk' }),
    ]);
    expect(cardText(a.card)).toContain('1.2 Maakt een functioneel ontwerp');
    expect(cardText(b.card)).toContain('1.2 Maakt een functioneel ontwerp');
    expect(cardText(b.card)).not.toContain('niet meer actueel');
    const trail = await rounds.audit(placementId);
    expect(trail.filter((e) => e.event === 'answered')).toHaveLength(1);
    expect((await rounds.get(placementId, 1))?.round.parts.student.cursor).toBe(1);
  });

  it('keeps both answers when student and trainer answer at the same moment', async () => {
    const { student, trainer, placementId } = await withPeople(harness);
    const [s, t] = [await startCard(student), await startCard(trainer)];
    await Promise.all([
      student.click(s, 'Volgende', { level: 'Bg' }),
      trainer.click(t, 'Volgende', { level: 'Bk' }),
    ]);
    const round = (await rounds.get(placementId, 1))?.round;
    expect(round?.parts.student.answers['1.1']?.level).toBe('Bg');
    expect(round?.parts.trainer.answers['1.1']?.level).toBe('Bk');
  });

  it('refuses a card action replayed by another user, changing nothing', async () => {
    const { student, trainer, placementId } = await withPeople(harness);
    const card = await startCard(student);
    const action = findAction(card, 'Volgende');
    const replay = await trainer.execute(action?.verb ?? '', { ...action?.data, level: 'Bk' });
    expect(cardText(replay.card)).toContain('Deze kaart is niet voor jou');
    const stranger = harness.user({
      aadObjectId: 'c0c0c0c0-0000-4000-8000-999999999999',
      name: 'X',
      email: 'x@elders.example.org',
    });
    const fromStranger = await stranger.execute(action?.verb ?? '', { ...action?.data, level: 'Bk' });
    expect(cardText(fromStranger.card)).toContain('Deze kaart is niet voor jou');
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers).toEqual({});
  });

  it('refuses a tampered payload with a card, not an error', async () => {
    const { student } = await withPeople(harness);
    const card = await startCard(student);
    const action = findAction(card, 'Volgende');
    for (const data of [
      { ...action?.data, p: 'not-a-placement' },
      { ...action?.data, s: -1 },
      { ...action?.data, level: 'Expert' },
      { ...action?.data, p: 'f'.repeat(32) },
    ]) {
      const result = await student.execute('answer', data);
      expect(result.status).toBe(200);
      expect(result.body?.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText(result.card)).toMatch(/Dat begrijp ik niet|niet voor jou|Dat niveau ken ik niet/);
    }
  });

  it('sends the list back with a required remark, which the trainer sees', async () => {
    const { student, trainer, placementId } = await withPeople(harness);
    const studentOverview = await fillPart(student, await startCard(student), studentLevels, studentTexts);
    await student.click(studentOverview, 'Afronden');
    const trainerOverview = await fillPart(trainer, await startCard(trainer), trainerLevels, trainerTexts);
    const agreed = await trainer.click(trainerOverview, 'Afronden');
    const inputs: Record<string, string> = {};
    for (const code of codes) inputs[`lvl_${code}`] = String(inputValue(agreed.card, `lvl_${code}`));
    await trainer.click(agreed.card, 'Vaststellen en naar deelnemer sturen', inputs);
    const confirmCard = await openList(student);

    const empty = await student.click(confirmCard, 'Terugsturen met opmerking', { remark: '   ' });
    expect(cardText(empty.card)).toContain('Schrijf een opmerking');
    expect((await rounds.get(placementId, 1))?.round.state).toBe('confirming');

    const sent = await student.click(confirmCard, 'Terugsturen met opmerking', {
      remark: '2.3 kan wel: we doen de acceptatietest samen.',
    });
    expect(cardText(sent.card)).toContain('Teruggestuurd');
    expect(cardText(trainer.lastCard())).toContain('De deelnemer stuurde de lijst terug');
    const trainerCard = await openList(trainer);
    expect(cardText(trainerCard)).toContain('2.3 kan wel: we doen de acceptatietest samen.');
    expect(actionTitles(trainerCard)).toContain('Vaststellen en naar deelnemer sturen');

    // The old confirm card can no longer submit.
    const stale = await student.click(confirmCard, 'Akkoord');
    expect(cardText(stale.card)).toMatch(/niet meer actueel|kan nu niet meer/);
    expect((await rounds.get(placementId, 1))?.round.state).toBe('settling');
  });

  it('shows status per placement with whose turn it is', async () => {
    const { student, people } = await withPeople(harness);
    await student.click(await startCard(student), 'Volgende', { level: 'G' });
    await student.say('status');
    const text = cardText(student.lastCard());
    expect(text).toContain('Stand van zaken');
    expect(text).toContain('1\\. Startgesprek');
    expect(text).toContain('Invullen');
    expect(text).toContain(`${people.student.name}, ${people.trainer.name}`);
    expect(text).toContain('deelnemer: 1 van 17; praktijkopleider: 0 van 17');
  });
});
