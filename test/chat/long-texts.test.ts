import { MAX_NOTE_LENGTH, MAX_TEXT_LENGTH } from '../../src/domain/check-in';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText, inputValue } from '../support/bot-harness';
import {
  fillPart,
  qualification,
  settleInputs,
  startCard,
  steps,
  werkprocesCodes,
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

/**
 * `length` UTF-16 code units of what escapes worst in JSON among the characters that are kept
 * (control characters other than tab and newline are stripped before storing): quotes,
 * backslashes, tabs, newlines and astral emoji.
 */
function worstText(length: number, seed: number): string {
  const escaping = ['"', '\\', '\t', '\n'];
  let text = '';
  while (text.length < length) {
    const i = text.length + seed;
    text += length - text.length >= 2 && i % 5 === 0 ? '😀' : escaping[i % escaping.length];
  }
  return text;
}

const atLength = (text: string, length: number) => text + 'x'.repeat(length - text.length);

const SETTLE = 'Vaststellen en naar deelnemer sturen';

describe('texts at and over their limits', () => {
  it('saves parts with every note and text at its limit, and has the trainer write the agreed texts from both', async () => {
    const { placementId, student, trainer } = await withPeople(harness);
    const notes = (seed: number) =>
      Object.fromEntries(
        werkprocesCodes.map((code, i) => [code, `n${worstText(MAX_NOTE_LENGTH - 2, seed + i)}n`]),
      );
    // Texts in letters and emoji: control characters at this length would make the agreement card
    // itself too large for Teams (the storage test covers them).
    const texts = (seed: number) =>
      Object.fromEntries(
        qualification.kerntaken.map((k, i) => [
          k.code,
          atLength(`${seed}${i}${'Beheer é😀 '.repeat(180)}`, MAX_TEXT_LENGTH),
        ]),
      );
    const studentNotes = notes(1);
    const studentTexts = texts(2);

    const studentOverview = await fillPart(student, await startCard(student), {}, studentTexts, studentNotes);
    expect(cardText((await student.click(studentOverview, 'Afronden')).card)).toContain(
      'Je deel is afgerond',
    );
    const trainerOverview = await fillPart(trainer, await startCard(trainer), {}, texts(3), notes(4));
    const agreement = (await trainer.click(trainerOverview, 'Afronden')).card;

    const stored = (await rounds.get(placementId, 1))?.round;
    expect(stored?.parts.student.answers['1.1']?.note).toBe(studentNotes['1.1']);
    expect(stored?.parts.student.texts).toEqual(studentTexts);
    expect(stored?.state).toBe('settling');
    // The trainer's text in the box, in full; the student's shown above it: nothing is cut off.
    const trainerTexts = texts(3);
    expect(stored?.agreement?.texts['1']).toBe(trainerTexts['1']);
    expect(inputValue(agreement, 'txt_1')).toBe(trainerTexts['1']);
    expect(cardText(agreement)).toContain(`_deelnemer:_ ${studentTexts['1']}`);

    // A text over the limit (a tampered card: the box stops typing at it) is refused and kept.
    const over = `${trainerTexts['1']}!`;
    const refused = await trainer.click(agreement, SETTLE, settleInputs(agreement, { txt_1: over }));
    expect(cardText(refused.card)).toContain(
      `De specifieke werkzaamheden bij kerntaak 1 zijn ${over.length} tekens; maximaal ${MAX_TEXT_LENGTH}`,
    );
    expect(inputValue(refused.card, 'txt_1')).toBe(over);
    expect((await rounds.get(placementId, 1))?.round.state).toBe('settling');

    const shortened = Object.fromEntries(
      qualification.kerntaken.map((k) => [`txt_${k.code}`, 'Kort en goed']),
    );
    const settled = await trainer.click(refused.card, SETTLE, settleInputs(refused.card, shortened));
    expect(cardText(settled.card)).not.toContain('tekens; maximaal');
    expect((await rounds.get(placementId, 1))?.round.state).toBe('confirming');
  });

  it('names the werkproces of a note far over its limit and saves nothing', async () => {
    const { placementId, student } = await withPeople(harness);
    const card = await startCard(student);
    const huge = 'x'.repeat(150_000);
    const refused = await student.click(card, 'Volgende', { level: 'G', note: huge });
    expect(cardText(refused.card)).toContain('Je notitie bij 1.1 is 150000 tekens; maximaal 500');
    // Too large to put back on a card: said so, rather than cut off without a word.
    expect(cardText(refused.card)).toContain('Die tekst is te lang om hier terug te zetten');
    expect(inputValue(refused.card, 'note') === huge).toBe(false);
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers).toEqual({});
  });

  it('names the kerntaak of werkzaamheden over their limit', async () => {
    const { placementId, student } = await withPeople(harness);
    let card = await startCard(student);
    const werkzaamheden = steps.findIndex((s) => s.kind === 'werkzaamheden');
    for (let i = 0; i < werkzaamheden; i++)
      card = (await student.click(card, 'Volgende', { level: 'G' })).card;
    const long = worstText(MAX_TEXT_LENGTH + 1, 0);
    const refused = await student.click(card, 'Volgende', { text: long });
    expect(cardText(refused.card)).toContain(
      `Te lang: ${MAX_TEXT_LENGTH + 1} tekens, maximaal ${MAX_TEXT_LENGTH}.`,
    );
    expect(inputValue(refused.card, 'text')).toBe(long);
    expect((await rounds.get(placementId, 1))?.round.parts.student.texts).toEqual({});
  });
});
