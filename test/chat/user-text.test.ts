import { markdownText } from '../../src/domain/text';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText, inputValue } from '../support/bot-harness';
import { openList, placementWithPeople, startCard, submitRound } from '../support/check-in-flow';

let harness: BotHarness;
let rounds: RoundRepository;

beforeAll(async () => {
  harness = await BotHarness.start();
  rounds = new RoundRepository(harness.store);
});
afterAll(async () => {
  await harness.stop();
});

/** Every markdown text of a card: TextBlock texts and FactSet facts. */
function markdownTexts(card: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'TextBlock' && typeof record.text === 'string') texts.push(record.text);
      if (record.type === 'FactSet' && Array.isArray(record.facts)) {
        for (const fact of record.facts as { title: string; value: string }[])
          texts.push(fact.title, fact.value);
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return texts;
}

// A link, bold, a numbered list on the next line, and a right-to-left override and a bell that
// must not be stored.
const TYPED_NOTE = '[Klik hier](https://evil.example) **nu**\u202E\u0007\n1. dan _dit_';
const STORED_NOTE = '[Klik hier](https://evil.example) **nu**\n1. dan _dit_';
const ESCAPED_NOTE = '\\[Klik hier\\](https://evil.example) \\*\\*nu\\*\\*\n\n1\\. dan \\_dit\\_';

describe('text people type is shown as text', () => {
  it('stores a note without control characters and shows it escaped to the other person and the supervisor', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness);
    expect(markdownText(STORED_NOTE)).toBe(ESCAPED_NOTE);

    const first = await startCard(student);
    const saved = await student.click(first, 'Volgende', { level: 'G', note: TYPED_NOTE });
    const stored = (await rounds.get(placementId, 1))?.round;
    expect(stored?.parts.student.answers['1.1']?.note).toBe(STORED_NOTE);

    // Back on the card the note is an input again: its value is the text itself, not markdown.
    const back = await student.click(saved.card, 'Vorige');
    expect(inputValue(back.card, 'note')).toBe(STORED_NOTE);

    // The trainer sees the student's note on the same werkproces, escaped.
    const trainerCard = await startCard(trainer);
    expect(cardText(trainerCard)).toContain('Deelnemer koos: G (Gevorderd)');
    expect(markdownTexts(trainerCard)).toContain(ESCAPED_NOTE);
    expect(JSON.stringify(trainerCard)).not.toContain('[Klik hier](https');

    // And the supervisor's summary lists it with the other notes.
    const werkzaamheden = '# Kop\n- servers <b>patchen</b>';
    await submitRound({ student, trainer }, { notes: { '1.1': TYPED_NOTE }, texts: { '1': werkzaamheden } });
    const summary = await openList(supervisor);
    expect(markdownTexts(summary)).toContain(`Deelnemer: ${ESCAPED_NOTE}`);
    expect(markdownTexts(summary)).toContain('\\# Kop\n\n\\- servers \\<b\\>patchen\\</b\\>');
    const round = (await rounds.get(placementId, 1))?.round;
    expect(round?.parts.student.texts['1']).toBe(werkzaamheden);
    expect(JSON.stringify(summary)).not.toContain('\u202E');
  });

  it('escapes names and company names in the greeting and the status', async () => {
    const { placementId, student, supervisor, people } = await placementWithPeople(harness);
    const placements = new PlacementRepository(harness.store);
    const placement = await placements.get(placementId);
    if (!placement) throw new Error('placement missing');
    await placements.importPlacement({
      ...placement,
      company: '[Bedrijf](https://evil.example) **B.V.**',
      trainer: { ...placement.trainer, name: '_Pieter_ de Vries' },
    });

    await student.say('hallo');
    const welcome = markdownTexts(student.lastCard()).join('\n');
    expect(welcome).toContain('\\[Bedrijf\\](https://evil.example) \\*\\*B.V.\\*\\*');
    expect(welcome).toContain('Praktijkopleider: \\_Pieter\\_ de Vries');
    expect(welcome).not.toContain('[Bedrijf](');

    await supervisor.say('status');
    const status = markdownTexts(supervisor.lastCard()).join('\n');
    expect(status).toContain(`${people.student.name} · \\[Bedrijf\\](https://evil.example) \\*\\*B.V.\\*\\*`);
    expect(status).not.toContain('**B.V.**');
  });
});
