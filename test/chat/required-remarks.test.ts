import { BotHarness, cardText, findAction } from '../support/bot-harness';
import {
  fillPart,
  openList,
  placementWithPeople,
  settleInputs,
  startCard,
  submitRound,
} from '../support/check-in-flow';

// The Adaptive Cards SDK decides in the client whether a button may be pressed: an action validates
// its associated inputs, and a required input left empty blocks it.
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; getAllActions(): SdkAction[] };
  SerializationContext: new () => object;
};
interface SdkAction {
  title?: string;
  card?: { getAllActions(): SdkAction[] };
  validateInputs(): { id?: string }[];
}

/** The ids of the empty required inputs that keep the button titled `title` from being pressed. */
function blockingInputs(card: unknown, title: string): string[] {
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, new AC.SerializationContext());
  const all = (actions: SdkAction[]): SdkAction[] =>
    actions.flatMap((a) => [a, ...(a.card ? all(a.card.getAllActions()) : [])]);
  const action = all(parsed.getAllActions()).find((a) => a.title === title);
  if (!action) throw new Error(`no button '${title}'`);
  return action.validateInputs().map((input) => String(input.id));
}

/** The body element after the input `id`, at whatever depth the input sits. */
function elementAfterInput(card: unknown, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      const at = node.findIndex((n) => (n as { id?: unknown })?.id === id);
      if (at >= 0) found = node[at + 1] as Record<string, unknown>;
      node.forEach(walk);
    } else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

function input(card: unknown, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if ((node as { id?: unknown }).id === id) found = node as Record<string, unknown>;
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

let harness: BotHarness;
beforeAll(async () => {
  harness = await BotHarness.start();
});
afterAll(async () => {
  await harness.stop();
});

describe('a remark that is required', () => {
  it('blocks sending the list back in the client, and the server’s refusal stands next to the field', async () => {
    const { student, trainer } = await placementWithPeople(harness);
    await student.click(await fillPart(student, await startCard(student), { '1.1': 'Bk' }, {}), 'Afronden');
    const agreement = (
      await trainer.click(await fillPart(trainer, await startCard(trainer), {}, {}), 'Afronden')
    ).card;
    await trainer.click(agreement, 'Vaststellen en naar deelnemer sturen', settleInputs(agreement));
    const confirmCard = await openList(student);

    expect(input(confirmCard, 'remark')).toMatchObject({
      isRequired: true,
      errorMessage: 'Schrijf eerst een opmerking.',
    });
    expect(blockingInputs(confirmCard, 'Terugsturen met opmerking')).toEqual(['remark']);
    // Agreeing or asking for the status needs no remark.
    expect(blockingInputs(confirmCard, 'Akkoord')).toEqual([]);
    expect(blockingInputs(confirmCard, 'Status')).toEqual([]);

    const empty = await student.click(confirmCard, 'Terugsturen met opmerking', { remark: '  ' });
    expect(elementAfterInput(empty.card, 'remark')).toMatchObject({
      type: 'TextBlock',
      color: 'Attention',
      text: 'Schrijf een opmerking om de lijst terug te sturen.',
    });

    const long = 'Dit klopt niet. '.repeat(70);
    const tooLong = await student.click(confirmCard, 'Terugsturen met opmerking', { remark: long });
    expect(input(tooLong.card, 'remark')?.value).toBe(long);
    expect(Number(input(tooLong.card, 'remark')?.maxLength)).toBeGreaterThanOrEqual(long.length);
    expect(elementAfterInput(tooLong.card, 'remark')?.text).toBe(
      `Je opmerking is ${long.trim().length} tekens; maximaal 1000.`,
    );
    // Not at the top of the card as well.
    expect(cardText(tooLong.card).split('maximaal 1000').length).toBe(2);
  });

  it('blocks asking for changes in the client, and the server’s refusal opens the field with the reason', async () => {
    const { student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    const summary = await openList(supervisor);

    expect(blockingInputs(summary, 'Terugsturen met opmerking')).toEqual(['remark']);
    expect(blockingInputs(summary, 'Goedkeuren')).toEqual([]);

    const data = findAction(summary, 'Terugsturen met opmerking')?.data;
    const empty = await supervisor.execute('requestchanges', { ...data, remark: ' \n ' });
    expect(elementAfterInput(empty.card, 'remark')).toMatchObject({
      color: 'Attention',
      text: 'Schrijf een opmerking om de lijst terug te sturen.',
    });
    // Open on the card, not folded away behind a button.
    expect(JSON.stringify(empty.card?.actions)).not.toContain('Action.ShowCard');
    expect(blockingInputs(empty.card, 'Terugsturen met opmerking')).toEqual(['remark']);

    const long = 'x'.repeat(1200);
    const tooLong = await supervisor.execute('requestchanges', { ...data, remark: long });
    expect(input(tooLong.card, 'remark')?.value).toBe(long);
    expect(elementAfterInput(tooLong.card, 'remark')?.text).toBe(
      'Je opmerking is 1200 tekens; maximaal 1000.',
    );
  });
});
