import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText, inputValue } from '../support/bot-harness';
import {
  fillPart,
  openList,
  placementWithPeople,
  settleInputs,
  startCard,
  submitRound,
} from '../support/check-in-flow';

const clock = new Date('2026-11-16T10:00:00.000Z');
let harness: BotHarness;
let rounds: RoundRepository;

beforeAll(async () => {
  harness = await BotHarness.start({ now: () => clock });
  rounds = new RoundRepository(harness.store);
});
afterAll(async () => {
  await harness.stop();
});

/** Every object in a card, depth first. */
function elements(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const item of node) elements(item, found);
  else if (node && typeof node === 'object') {
    found.push(node as Record<string, unknown>);
    for (const value of Object.values(node)) elements(value, found);
  }
  return found;
}

/** The input with this id, and the element right after it in the same list. */
function inputAndNext(card: unknown, id: string) {
  for (const element of elements(card)) {
    for (const list of Object.values(element)) {
      if (!Array.isArray(list)) continue;
      const at = list.findIndex((item) => item && typeof item === 'object' && item.id === id);
      if (at >= 0) return { input: list[at] as Record<string, unknown>, next: list[at + 1] as unknown };
    }
  }
  throw new Error(`no input ${id}`);
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('progression across rounds', () => {
  it('shows each werkproces card the level agreed before, and the supervisor the change per werkproces', async () => {
    const people = await placementWithPeople(harness);
    const { placementId, student, trainer, supervisor } = people;
    const firstRound = await submitRound(people, {
      studentLevels: { '1.1': 'Bg' },
      trainerLevels: { '1.1': 'Bg' },
    });
    expect(cardText(firstRound.card)).not.toContain('Vorige ronde');
    const v1 = await openList(supervisor);
    // Version 1 of the first round: nothing changed, nothing came before.
    expect(cardText(v1)).not.toContain('gewijzigd');
    expect(cardText(v1)).not.toContain('→');
    expect(cardText(v1)).toContain('1\\. Startgesprek');
    await supervisor.click(v1, 'Goedkeuren');

    await trainer.say('start');
    const opened = await trainer.click(trainer.lastCard(), 'Volgende ronde nu starten');
    expect(cardText(opened.card)).toContain('Afgesproken in de vorige ronde (Startgesprek): Bg (Beginnend)');

    const first = await startCard(student);
    expect(cardText(first)).toContain('Tussentijds gesprek');
    expect(cardText(first)).toContain('Afgesproken in de vorige ronde (Startgesprek): Bg (Beginnend)');
    const second = await student.click(first, 'Volgende', { level: 'G' });
    expect(cardText(second.card)).toContain('Afgesproken in de vorige ronde (Startgesprek): G (Gevorderd)');
    await student.click(second.card, 'Vorige');

    // Round two: 1.1 moves from Bg to G, the rest stays G.
    const confirmed = await submitRound(people);
    expect(cardText(confirmed.card)).toContain('Vorige ronde: Bg');
    const summary = await openList(supervisor);
    const text = cardText(summary);
    expect(text).toContain('2\\. Tussentijds gesprek');
    expect(text).toContain('Bg → G Gevorderd');
    expect(occurrences(text, '→ G Gevorderd')).toBe(1);
    expect(text).toContain('→ = van het niveau uit de vorige ronde (Startgesprek) naar het niveau nu.');
    expect(text).not.toContain('gewijzigd sinds versie');

    // The summary opened again from the status card says the same.
    const reviewed = await supervisor.execute('review', { p: placementId });
    expect(cardText(reviewed.card)).toContain('Bg → G Gevorderd');
    expect((await rounds.list(placementId)).map((r) => r.round.number)).toEqual([1, 2]);
  });

  it('shows the student what a revised list changed, as the supervisor will see it', async () => {
    const people = await placementWithPeople(harness);
    const { student, trainer, supervisor } = people;
    const v1 = await submitRound(people);
    expect(cardText(v1.card)).not.toContain('Gewijzigd sinds');
    await supervisor.click(await openList(supervisor), 'Terugsturen met opmerking', {
      remark: '1.2 kan hoger.',
    });

    const settle = await openList(trainer);
    await trainer.click(
      settle,
      'Vaststellen en naar deelnemer sturen',
      settleInputs(settle, { 'lvl_1.2': 'Bk' }),
    );
    const list = await openList(student);
    const revised = cardText(list);
    expect(revised).toContain('Gewijzigd sinds versie 1');
    expect(revised).toContain('1.2: G → Bk');

    await student.click(list, 'Akkoord');
    expect(cardText(await openList(supervisor))).toContain('1.2: G → Bk');
  });
});

describe('no silent cuts', () => {
  it('states every limit, and puts a too long note back whole with the message beside the field', async () => {
    const people = await placementWithPeople(harness);
    const { placementId, student, trainer, supervisor } = people;
    const card = await startCard(student);
    const { input } = inputAndNext(card, 'note');
    expect(input.label).toBe('Notitie (optioneel, max. 500 tekens)');
    expect(input).not.toHaveProperty('maxLength');

    const long = `${'Een notitie die langer is dan mag. '.repeat(57)}einde`;
    const refused = await student.click(card, 'Volgende', { level: 'G', note: long });
    expect(inputValue(refused.card, 'note')).toBe(long);
    const { next } = inputAndNext(refused.card, 'note');
    expect(next).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect((next as { text: string }).text).toBe(
      `Te lang: ${long.length} tekens, maximaal 500. Maak de tekst korter; er is niets opgeslagen en niets ingekort.`,
    );
    // Said once, beside the field.
    expect(occurrences(cardText(refused.card), 'Te lang')).toBe(1);
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers['1.1']).toBeUndefined();

    await submitRound(people);
    const summary = await openList(supervisor);
    expect(elements(summary).find((e) => e.id === 'remark')).toMatchObject({
      label: 'Wat moet er anders? (verplicht, max. 1000 tekens)',
    });
    await supervisor.click(summary, 'Terugsturen met opmerking', { remark: 'Graag nog eens kijken.' });
    const settle = await openList(trainer);
    const text = inputAndNext(settle, 'txt_1').input;
    expect(text.label).toBe('Afgesproken werkzaamheden (max. 2000 tekens)');
    expect(text).not.toHaveProperty('maxLength');
  });
});

describe('the lists', () => {
  it('show notes in the overview and the agreement list, rows that look tappable, and "afgerond" once', async () => {
    const { student, trainer } = await placementWithPeople(harness);
    const overview = await fillPart(
      student,
      await startCard(student),
      {},
      {},
      { '1.1': 'Bij de servermigratie' },
    );
    expect(cardText(overview)).toContain('Deelnemer: Bij de servermigratie');
    expect(elements(overview).filter((e) => e.text === 'Wijzigen ›')).toHaveLength(21);

    const done = await student.click(overview, 'Afronden');
    expect(occurrences(cardText(done.card), 'Je deel is afgerond')).toBe(1);

    const trainerOverview = await fillPart(trainer, await startCard(trainer), { '1.1': 'Bk' }, {});
    const agreement = (await trainer.click(trainerOverview, 'Afronden')).card;
    expect(cardText(agreement)).toContain('Deelnemer: Bij de servermigratie');
    // A differing row is marked in its text, not by a style whose padding shifts its columns.
    expect(cardText(agreement)).toContain('≠ 1.1');
    expect(elements(agreement).filter((e) => e.type === 'ColumnSet' && 'style' in e)).toEqual([]);
  });
});
