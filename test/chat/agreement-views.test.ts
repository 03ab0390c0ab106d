import { BotHarness, cardText, inputValue } from '../support/bot-harness';
import {
  fillPart,
  openList,
  placementWithPeople,
  settleInputs,
  startCard,
  werkprocesCodes,
} from '../support/check-in-flow';

let harness: BotHarness;
beforeAll(async () => {
  harness = await BotHarness.start();
});
afterAll(async () => {
  await harness.stop();
});

/** The text of every "agreed" cell of the list (beside each werkproces row's "D … · PO …" line). */
function agreedCells(card: unknown): string[] {
  const cells: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as { type?: string; columns?: { items?: { text?: string }[] }[] };
      const levels = record.columns?.[0]?.items?.[0]?.text ?? '';
      if (record.type === 'ColumnSet' && record.columns?.length === 2 && /^D .* · PO /.test(levels)) {
        const agreed = record.columns[1]?.items?.[0]?.text;
        if (agreed !== undefined) cells.push(agreed);
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return cells;
}

describe('the agreement as each person sees it', () => {
  it('shows the student the trainer\'s proposal (or "bezig") while the trainer settles, both texts attributed to the trainer, and the supervisor only the agreed text', async () => {
    const { student, trainer, supervisor } = await placementWithPeople(harness);
    const studentText = 'Ik installeer de laptops van de nieuwe collega’s';
    const trainerText = 'Uitrol Windows 11 op 40 laptops';
    await student.click(
      await fillPart(student, await startCard(student), { '1.1': 'Bk' }, { '1': studentText }),
      'Afronden',
    );
    const agreement = (
      await trainer.click(
        await fillPart(trainer, await startCard(trainer), { '1.1': 'Bg' }, { '1': trainerText }),
        'Afronden',
      )
    ).card;

    // The student's list while the trainer is still settling: no agreed levels yet.
    expect(cardText(student.lastCard())).toContain('stelt nu de afgesproken niveaus vast');
    const waiting = await openList(student);
    expect(waiting).toBeDefined();
    const cells = agreedCells(waiting);
    expect(cells).toHaveLength(werkprocesCodes.length);
    // Nothing agreed yet: each cell is the trainer's proposal in italics, or "bezig"; none in bold.
    for (const cell of cells) expect(cell).toMatch(/^(bezig|_(Bg|G|Bk|nvt)_)$/);

    // The trainer's settle box names who wrote what.
    const text = cardText(agreement);
    expect(text).toContain(`_deelnemer:_ ${studentText}`);
    // The trainer's own text starts in the box, its label says so, and it is not shown twice.
    expect(inputValue(agreement, 'txt_1')).toBe(trainerText);
    expect(JSON.stringify(agreement)).toContain(
      'Afgesproken werkzaamheden (nu jouw tekst als praktijkopleider',
    );
    expect(text.split(trainerText).length).toBe(2);
    // Only where both wrote something different.
    expect(text).not.toContain('_deelnemer:_ (nog');

    const agreed = 'Uitrol Windows 11 op 40 laptops, samen met de servicedesk';
    await trainer.click(
      agreement,
      'Vaststellen en naar deelnemer sturen',
      settleInputs(agreement, { txt_1: agreed }),
    );
    const confirm = await openList(student);
    expect(agreedCells(confirm)).toHaveLength(werkprocesCodes.length);
    for (const cell of agreedCells(confirm)) expect(cell).toMatch(/^\*\*(Bg|G|Bk|nvt)\*\*$/);
    await student.click(confirm, 'Akkoord');

    const summary = cardText(await openList(supervisor));
    expect(summary).toContain(agreed);
    expect(summary).not.toContain(studentText);
    expect(summary).not.toContain('_praktijkopleider:_');
  });
});
