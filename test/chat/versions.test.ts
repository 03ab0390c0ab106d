import { RoundRepository } from '../../src/storage/round-repository';
import { actionTitles, BotHarness, cardText, findAction } from '../support/bot-harness';
import { openList, placementWithPeople, settleInputs, submitRound } from '../support/check-in-flow';

let harness: BotHarness;
let rounds: RoundRepository;

beforeAll(async () => {
  harness = await BotHarness.start();
  rounds = new RoundRepository(harness.store);
});
afterAll(async () => {
  await harness.stop();
});

/** The level a summary card shows for a werkproces: the row whose label starts with its code. */
function levelOn(card: unknown, code: string): string | undefined {
  let level: string | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'ColumnSet') {
        const [label, value] = (record.columns as { items: { text: string }[] }[]).map(
          (c) => c.items[0]?.text,
        );
        if (label?.replace(/^• /, '').startsWith(`${code} `)) level = value;
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return level;
}

describe('every submitted version kept whole', () => {
  it('approval, reopen, a change, resubmission, second approval: version 1 still reads as version 1', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound(
      { student, trainer },
      {
        trainerLevels: { '3.5': 'nvt' },
        notes: { '2.2': 'Samen met Kees' },
        texts: { '4': 'Servicedesk op dinsdag' },
      },
    );
    await supervisor.click(await openList(supervisor), 'Goedkeuren');

    // The trainer reopens the approved list and changes 3.5 and the werkzaamheden of kerntaak 4.
    const reopened = (await trainer.click(await openList(trainer), 'Aanpassen (goedkeuring vervalt)')).card;
    await trainer.click(
      reopened,
      'Vaststellen en naar deelnemer sturen',
      settleInputs(reopened, { 'lvl_3.5': 'G', txt_4: 'Servicedesk en netwerkbeheer' }),
    );
    await student.click(await openList(student), 'Akkoord');

    expect(cardText(supervisor.lastCard())).toContain('Aangepaste afsprakenlijst ter goedkeuring');
    const v2 = await openList(supervisor);
    const v2Text = cardText(v2);
    expect(v2Text).toContain('Gewijzigd sinds versie 1');
    expect(v2Text).toContain('3.5: nvt → G');
    expect(v2Text).toContain('Specifieke werkzaamheden bij kerntaak 4 aangepast');
    expect(v2Text.split('\n').filter((line) => line.includes(' → '))).toEqual(['3.5: nvt → G']);
    await supervisor.click(v2, 'Goedkeuren');

    // Status lists both versions of the round, each with a button.
    await student.say('status');
    const status = student.lastCard();
    const statusText = cardText(status);
    expect(statusText).toMatch(/Versie 1\n\d{2}-\d{2}-\d{4} \d{2}:\d{2} · goedgekeurd/);
    expect(statusText).toMatch(/Versie 2\n\d{2}-\d{2}-\d{4} \d{2}:\d{2} · goedgekeurd/);
    expect(actionTitles(status)).toEqual(expect.arrayContaining(['Versie 1 bekijken', 'Versie 2 bekijken']));

    const first = (await student.click(status, 'Versie 1 bekijken')).card;
    const firstText = cardText(first);
    expect(firstText).toContain('versie 1 · alleen lezen');
    expect(levelOn(first, '3.5')).toBe('**Niet mogelijk bij dit bedrijf**');
    expect(levelOn(first, '1.1')).toBe('**G Gevorderd**');
    expect(firstText).toContain('Servicedesk op dinsdag');
    expect(firstText).not.toContain('Servicedesk en netwerkbeheer');
    expect(firstText).toContain('Deelnemer: Samen met Kees');
    expect(firstText).toMatch(/Goedgekeurd op .* \(versie 1\)/);
    expect(firstText).toContain('Vastgesteld door praktijkopleider');
    expect(firstText).toContain('Akkoord deelnemer');
    expect(firstText).not.toContain('Gewijzigd sinds');
    expect(actionTitles(first)).toEqual(['PDF downloaden', 'Status']);

    // The live round has moved on to version 2; the stored version 1 did not move with it.
    expect((await rounds.get(placementId, 1))?.round.agreement?.levels['3.5']).toBe('G');

    // Trainer and supervisor see the same record; version 2 says what changed since version 1.
    await trainer.say('status');
    const second = (await trainer.click(trainer.lastCard(), 'Versie 2 bekijken')).card;
    expect(levelOn(second, '3.5')).toBe('**G Gevorderd**');
    expect(cardText(second)).toContain('Gewijzigd sinds versie 1');
    expect(cardText(second)).toContain('3.5: nvt → G');
    expect(cardText(second)).toContain('Servicedesk en netwerkbeheer');
    expect(cardText(second)).toMatch(/Goedgekeurd op .* \(versie 2\)/);
    await supervisor.say('status');
    const bySupervisor = (await supervisor.click(supervisor.lastCard(), 'Versie 1 bekijken')).card;
    expect(levelOn(bySupervisor, '3.5')).toBe('**Niet mogelijk bij dit bedrijf**');
    expect(actionTitles(bySupervisor)).not.toContain('Goedkeuren');

    const stored = await rounds.versions(placementId, 1);
    expect(stored.map((v) => [v.version.version, v.version.levels['3.5'], v.decision?.outcome])).toEqual([
      [1, 'nvt', 'approved'],
      [2, 'G', 'approved'],
    ]);
  });

  it('shows a version sent back with the supervisor’s remark, and a pending one as not yet decided', async () => {
    const { student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    await student.say('status');
    expect(cardText(student.lastCard())).toMatch(/Versie 1\n.* · ter goedkeuring/);
    const pending = (await student.click(student.lastCard(), 'Versie 1 bekijken')).card;
    expect(cardText(pending)).toContain('Over deze versie heeft de begeleider ROC nog niet besloten.');

    await supervisor.click(await openList(supervisor), 'Terugsturen met opmerking', {
      remark: 'Graag 1.1 hoger',
    });
    await trainer.say('status');
    const status = trainer.lastCard();
    expect(cardText(status)).toMatch(/Versie 1\n.* · wijzigingen gevraagd/);
    const sentBack = (await trainer.click(status, 'Versie 1 bekijken')).card;
    expect(cardText(sentBack)).toMatch(/Wijzigingen gevraagd op .* \(versie 1\)/);
    expect(cardText(sentBack)).toContain('Graag 1.1 hoger');
  });

  it('shows a version only to the three people of its placement, in their language', async () => {
    const { placementId, student, trainer, people } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    const data = { p: placementId, r: 1, v: 1 };

    // The same student with Teams in English.
    const own = await harness.user({ ...people.student, locale: 'en-US' }).execute('version', data);
    expect(cardText(own.card)).toContain('version 1 · read-only');
    expect(cardText(own.card)).toContain('The school supervisor has not decided on this version yet.');

    const stranger = harness.user({
      aadObjectId: 'd0d0d0d0-0000-4000-8000-000000000002',
      name: 'X',
      email: 'x2@elders.example.org',
    });
    const byStranger = cardText((await stranger.execute('version', data)).card);
    expect(byStranger).not.toContain('alleen lezen');
    expect(byStranger).not.toContain('Gevorderd');
    const other = await placementWithPeople(harness);
    const tampered = await other.student.execute('version', data);
    expect(cardText(tampered.card)).toContain('Deze kaart is niet voor jou');
    expect(cardText(tampered.card)).not.toContain('versie 1');

    const missing = await trainer.execute('version', { ...data, v: 7 });
    expect(cardText(missing.card)).toContain('Versie niet gevonden');
    const malformed = await trainer.execute('version', { ...data, v: 'een' });
    expect(findAction(malformed.card, 'Versie 1 bekijken')).toBeUndefined();
    expect(cardText(malformed.card)).not.toContain('alleen lezen');
  });
});
