import { CATALOGS, translator } from '../../src/i18n';
import { RoundRepository } from '../../src/storage/round-repository';
import { actionTitles, BotHarness, cardText, rowActions, type TeamsUser } from '../support/bot-harness';
import { fillPart, openList, placementWithPeople, settleInputs, startCard } from '../support/check-in-flow';

let harness: BotHarness;
beforeAll(async () => {
  harness = await BotHarness.start();
});
afterAll(async () => {
  await harness.stop();
});

type Node = Record<string, unknown>;

/** Every element of a card (body, columns, actions), depth first, with the chain of its parents. */
function elements(card: unknown): { node: Node; parents: Node[] }[] {
  const found: { node: Node; parents: Node[] }[] = [];
  const walk = (value: unknown, parents: Node[]): void => {
    if (Array.isArray(value)) for (const item of value) walk(item, parents);
    else if (value && typeof value === 'object') {
      const node = value as Node;
      if (typeof node.type === 'string') found.push({ node, parents });
      for (const [key, child] of Object.entries(node))
        if (key !== 'refresh') walk(child, typeof node.type === 'string' ? [...parents, node] : parents);
    }
  };
  walk(card, []);
  return found;
}

/** The text a person sees without opening anything: elements inside a hidden container left out. */
function visibleText(card: unknown): string {
  return elements(card)
    .filter(({ node, parents }) => node.isVisible !== false && parents.every((p) => p.isVisible !== false))
    .flatMap(({ node }) => (node.type === 'TextBlock' && typeof node.text === 'string' ? [node.text] : []))
    .join('\n');
}

/** The messages of a chat as they look now: each posted card, or its newest update. */
function chatAsShown(user: TeamsUser): Node[] {
  const latest = new Map<string, Node>();
  for (const call of harness.connector.sent(user.conversationId)) {
    const card = (call.body.attachments as { content: Node }[] | undefined)?.[0]?.content;
    if (card && call.activityId) latest.set(call.activityId, card);
  }
  return [...latest.values()];
}

/** A card of one line: a single short TextBlock that does not wrap, and no buttons. */
function isOneLine(card: Node): boolean {
  const body = (card.body as Node[] | undefined) ?? [];
  const actions = (card.actions as unknown[] | undefined) ?? [];
  return (
    body.length === 1 && body[0]?.type === 'TextBlock' && body[0]?.wrap === false && actions.length === 0
  );
}

async function bothFinished(
  people: { student: TeamsUser; trainer: TeamsUser },
  options: { studentLevels?: Record<string, string>; notes?: Record<string, string> } = {},
) {
  const { student, trainer } = people;
  const overview = await fillPart(
    student,
    await startCard(student),
    options.studentLevels ?? {},
    {},
    options.notes,
  );
  await student.click(overview, 'Afronden');
  const trainerOverview = await fillPart(trainer, await startCard(trainer), { '1.2': 'Bk', '2.1': 'Bg' }, {});
  return (await trainer.click(trainerOverview, 'Afronden')).card;
}

describe('the chat as a newcomer meets it', () => {
  it('requires the level on the card itself, and puts the server-side warning beside the buttons', async () => {
    const { student } = await placementWithPeople(harness);
    const card = await startCard(student);
    const choice = elements(card).find(({ node }) => node.id === 'level')?.node;
    expect(choice).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true });
    expect(String(choice?.errorMessage)).toContain('Kies eerst een niveau');
    const next = ((card as Node).actions as Node[]).find((a) => a.title === 'Volgende');
    expect(next?.associatedInputs).toBe('auto');
    // Stopping never needs a level: "Later verder" on a card without one sends no inputs.
    const later = ((card as Node).actions as Node[]).find((a) => a.title === 'Later verder');
    expect(later?.associatedInputs).toBe('none');

    // A client that sends the click anyway: the card comes back with the warning as its last element,
    // right above the buttons, and no notice at its top.
    const refused = (await student.click(card, 'Volgende', { level: '', note: '' })).card as Node;
    const body = refused.body as Node[];
    expect(body.at(-1)).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect(String(body.at(-1)?.text)).toContain('Kies eerst een niveau');
    expect(cardText(body.slice(0, 3))).not.toContain('Kies eerst een niveau');
  });

  it('shows the levels legend behind a toggle, not on every werkproces card', async () => {
    const { student } = await placementWithPeople(harness);
    const card = await startCard(student);
    const text = cardText(card);
    const visible = visibleText(card);
    expect(text).toContain('Werktempo');
    expect(visible).not.toContain('Werktempo');
    const toggle = elements(card).find(
      ({ node }) => node.type === 'Action.ToggleVisibility' && String(node.title).includes('niveaus'),
    );
    const target = (toggle?.node.targetElements as string[] | undefined)?.[0];
    expect(elements(card).find(({ node }) => node.id === target)?.node.isVisible).toBe(false);
  });

  it('after "Wijzigen" on one werkproces from the overview, saving goes back to the overview', async () => {
    const { student } = await placementWithPeople(harness);
    const overview = await fillPart(student, await startCard(student), {}, {});
    const row = rowActions(overview)[0];
    if (!row) throw new Error('no row to change');
    const step = (await student.execute(row.verb, row.data)).card;
    expect(actionTitles(step)).toContain('Opslaan en terug naar overzicht');
    expect(actionTitles(step)).not.toContain('Volgende');
    const back = (await student.click(step, 'Opslaan en terug naar overzicht', { level: 'Bk', note: '' }))
      .card;
    expect(cardText(back)).toContain('Overzicht van je keuzes');
    expect(cardText(back)).toMatch(/1\.1 [^\n]*\nBk/);
  });

  it('tells the other when one has finished their part, and the settle card shows both notes on every row', async () => {
    const { student, trainer } = await placementWithPeople(harness);
    const longNote =
      `Ik heb hier nog weinig ervaring mee; alleen op school een keer gedaan. ${'Graag eerst meekijken. '.repeat(8)}`.trim();
    await trainer.say('start');
    const before = trainer.cards().length;
    const overview = await fillPart(student, await startCard(student), {}, {}, { '1.3': longNote });
    await student.click(overview, 'Afronden');
    const told = trainer.cards().slice(before);
    expect(told).toHaveLength(1);
    expect(cardText(told[0])).toContain('De deelnemer heeft het eigen deel afgerond');

    const trainerOverview = await fillPart(trainer, await startCard(trainer), { '2.1': 'Bk' }, {});
    const settle = (await trainer.click(trainerOverview, 'Afronden')).card;
    // 1.3 does not differ: its note is on the settle card all the same, whole.
    expect(cardText(settle)).toContain(`Deelnemer: ${longNote.replace(/\s+/g, ' ')}`);
    expect(cardText(settle)).toContain('1 verschil, gemarkeerd met ≠');
    // The student was told nothing about her own part.
    expect(cardText(student.cards().at(-1))).not.toContain('De deelnemer heeft het eigen deel afgerond');
  });

  it('walks a round with a send-back and a change request: remarks in the notices, proposals after a send-back, superseded cards one line', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness);
    const settle = await bothFinished({ student, trainer });
    expect(cardText(settle)).toContain('2 verschillen, gemarkeerd met ≠');
    // Nothing changed yet: no "changed since" block.
    expect(cardText(settle)).not.toContain('Gewijzigd sinds');
    await trainer.click(settle, 'Vaststellen en naar deelnemer sturen', settleInputs(settle));

    const remark = 'Bij 1.2 werk ik nog niet zelfstandig: ik wil Gevorderd, geen Bekwaam.';
    await student.click(await openList(student), 'Terugsturen met opmerking', { remark });
    // The trainer's notice says what was asked.
    expect(cardText(trainer.lastCard())).toContain('De deelnemer stuurde de lijst terug');
    expect(cardText(trainer.lastCard())).toContain(remark);
    // The student sees the levels she disputed, marked as the trainer's proposal, not "bezig".
    const waiting = await student.execute('refresh', { p: placementId, r: 1, shape: 'list' });
    const waitingText = cardText(waiting.card);
    expect(waitingText).not.toContain('bezig');
    expect(waitingText).toContain('_Bk_');
    expect(waitingText).toContain('voorstel van de praktijkopleider');

    const again = await openList(trainer);
    await trainer.click(
      again,
      'Vaststellen en naar deelnemer sturen',
      settleInputs(again, { 'lvl_1.2': 'G' }),
    );
    await student.click(await openList(student), 'Akkoord');
    const supervisorRemark = 'Graag bij 2.1 nog uitleggen welke werkzaamheden de deelnemer doet.';
    const summary = await openList(supervisor);
    await supervisor.click(summary, 'Terugsturen met opmerking', { remark: supervisorRemark });
    for (const who of [student, trainer]) {
      expect(cardText(who.lastCard())).toContain('De begeleider ROC vraagt om wijzigingen');
      expect(cardText(who.lastCard())).toContain(supervisorRemark);
    }
    const revised = await openList(trainer);
    expect(cardText(revised)).not.toContain('Geen wijzigingen');
    await trainer.click(revised, 'Vaststellen en naar deelnemer sturen', settleInputs(revised));
    await student.click(await openList(student), 'Akkoord');
    await supervisor.click(await openList(supervisor), 'Goedkeuren');

    // The approval is said once on the notice.
    const approved = cardText(student.lastCard());
    expect(approved.match(/goedgekeurd/gi)).toHaveLength(1);

    // Superseded cards of the round are a single line; only a few messages are more.
    const shown = chatAsShown(student);
    const tall = shown.filter((card) => !isOneLine(card));
    expect(shown.length - tall.length).toBeGreaterThanOrEqual(4);
    expect(tall.length).toBeLessThanOrEqual(4);
    for (const card of shown.filter(isOneLine))
      expect(cardText(card)).toContain('Vervangen door je nieuwste bericht');

    // The status history says "akkoord" and "ingediend" as one step, with its version.
    await student.say('status');
    const status = cardText(student.lastCard());
    expect(status).toContain('akkoord gegeven, ingediend als versie 2');
    expect(status).not.toMatch(/: ingediend$/m);
    expect((await new RoundRepository(harness.store).get(placementId, 1))?.round.state).toBe('approved');
  });

  it('greets a supervisor without asking her to type start, and start shows her where things stand', async () => {
    const { supervisor } = await placementWithPeople(harness);
    const greeting = supervisor.cards()[0];
    expect(cardText(greeting)).not.toContain('**start**');
    expect(actionTitles(greeting)).not.toContain('Start');
    const started = await startCard(supervisor);
    expect(cardText(started)).toContain('Stand van zaken');
    expect(cardText(started)).not.toContain('hoef je de lijst niet in te vullen');
    expect(actionTitles(started)).not.toContain('Start');
  });

  it('speaks Dutch in singular and plural, without "(en)" or English words', () => {
    // The escalation ladder's and coordinator's texts are reworded with the ladder itself.
    const chat = Object.entries(CATALOGS.nl).filter(([key]) => !/^(escalate|coordinator|rung)_/.test(key));
    for (const [key, text] of chat) {
      expect([key, /\w\((s|en|len|sen)\)/.test(text)]).toEqual([key, false]);
      expect([key, /check-in|overview|Download als|Tik op een regel/i.test(text)]).toEqual([key, false]);
    }
    const t = translator('nl-NL', 'Europe/Amsterdam');
    expect(t('agreement_differences', { count: 1 })).toBe('1 verschil, gemarkeerd met ≠');
    expect(t('agreement_differences', { count: 3 })).toBe('3 verschillen, gemarkeerd met ≠');
    expect(t('agreement_differences', { count: 0 })).toBe('Geen verschillen');
    expect(t('overview_pending', { count: 1 })).toBe('1 afsprakenlijst wacht op jouw goedkeuring.');
    expect(t('overview_pending', { count: 2 })).toBe('2 afsprakenlijsten wachten op jouw goedkeuring.');
    const en = translator('en-GB', 'Europe/Amsterdam');
    expect(en('round_card_differences', { count: 1 })).toBe('1 difference between student and trainer');
  });

  it('writes the version card period in the same date format as everything else', async () => {
    const { placementId, student, trainer } = await placementWithPeople(harness);
    const settle = await bothFinished({ student, trainer });
    await trainer.click(settle, 'Vaststellen en naar deelnemer sturen', settleInputs(settle));
    await student.click(await openList(student), 'Akkoord');
    const version = await student.execute('version', { p: placementId, r: 1, v: 1 });
    expect(cardText(version.card)).toContain('01-09-2026 t/m 30-06-2027');
    expect(cardText(version.card)).not.toContain('2026-09-01');
  });

  it('the help card names the Dutch command in Dutch', async () => {
    const { student } = await placementWithPeople(harness);
    await student.say('help');
    const help = cardText(student.lastCard());
    expect(help).toContain('overzicht');
    expect(help).not.toContain('overview');
  });
});
