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

const trainerLevels = { '1.2': 'Bk', '3.5': 'nvt' };

describe('the supervisor’s summary card and decision', () => {
  it('sends the summary on submission; approval updates every card in place and notifies both', async () => {
    const { placementId, student, trainer, supervisor, people } = await placementWithPeople(harness);
    await submitRound(
      { student, trainer },
      {
        trainerLevels,
        notes: { '2.2': 'Samen met Kees de uitrol' },
        texts: { '4': 'Servicedesk op dinsdag' },
      },
    );

    expect(cardText(supervisor.lastCard())).toContain('Nieuwe afsprakenlijst ter goedkeuring');
    const summary = await openList(supervisor);
    const text = cardText(summary);
    expect(text).toContain(`Afspraken van ${people.student.name}`);
    for (const fact of [
      'BPV-bedrijf',
      'Deelnemer',
      'Praktijkopleider',
      'Kwalificatie',
      'ICT-beheerder',
      '01-09-2026 t/m 30-06-2027',
      '1\\. Startgesprek',
    ]) {
      expect(text).toContain(fact);
    }
    expect(text).toContain('1.2 Maakt een functioneel ontwerp');
    expect(text).toContain('**Bk Bekwaam**');
    expect(text).toContain('**Niet mogelijk bij dit bedrijf**');
    expect(text).toContain('Deelnemer: Samen met Kees de uitrol');
    expect(text).toContain('Servicedesk op dinsdag');
    expect(
      (text.match(/\*\*(Bg Beginnend|G Gevorderd|Bk Bekwaam|Niet mogelijk bij dit bedrijf)\*\*/g) ?? [])
        .length,
    ).toBe(17);
    expect(actionTitles(summary)).toEqual(['Goedkeuren', 'Terugsturen met opmerking']);

    const studentCardsBefore = student.cards().length;
    harness.connector.reset();
    const approved = await supervisor.click(summary, 'Goedkeuren');
    expect(cardText(approved.card)).toContain('Goedgekeurd op');
    expect(cardText(approved.card)).toContain('(versie 1)');
    expect(actionTitles(approved.card)).toEqual(['PDF downloaden']);

    // Student and trainer are told, and the cards of this round they hold are redrawn in place.
    expect(cardText(student.lastCard())).toContain(
      'De begeleider ROC heeft jullie afsprakenlijst goedgekeurd',
    );
    expect(student.cards().length).toBe(1);
    expect(studentCardsBefore).toBeGreaterThan(0);
    expect(cardText(trainer.lastCard())).toContain(
      'De begeleider ROC heeft jullie afsprakenlijst goedgekeurd',
    );
    const updates = harness.connector.sent().filter((call) => call.method === 'PUT');
    const updatedConversations = new Set(updates.map((u) => u.conversationId));
    expect(updatedConversations).toEqual(new Set([student.conversationId, trainer.conversationId]));
    for (const update of updates) expect(JSON.stringify(update.body)).not.toContain('Akkoord');

    const stored = (await rounds.get(placementId, 1))?.round;
    expect(stored?.state).toBe('approved');
    expect(stored?.decisions).toEqual([
      { outcome: 'approved', by: people.supervisor.aadObjectId, at: expect.any(String), version: 1 },
    ]);
    const trail = await rounds.audit(placementId);
    expect(trail.filter((e) => e.event === 'approved')).toEqual([
      expect.objectContaining({
        actorRole: 'supervisor',
        actorId: people.supervisor.aadObjectId,
        detail: { version: 1 },
      }),
    ]);
  });

  it('refuses an empty remark on the server, then sends the list back; the resubmission shows what changed', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer }, { trainerLevels });
    const v1 = await openList(supervisor);

    const empty = await supervisor.execute('requestchanges', {
      ...findAction(v1, 'Terugsturen met opmerking')?.data,
      remark: ' \n ',
    });
    expect(cardText(empty.card)).toContain('Schrijf een opmerking');
    expect((await rounds.get(placementId, 1))?.round.state).toBe('submitted');

    const sent = await supervisor.click(v1, 'Terugsturen met opmerking', {
      remark: '3.5 kan wel: zij beheert de firewall.',
    });
    expect(cardText(sent.card)).toContain('Wijzigingen gevraagd op');
    expect(cardText(sent.card)).toContain('3.5 kan wel: zij beheert de firewall.');
    expect((await rounds.get(placementId, 1))?.round.state).toBe('settling');

    expect(cardText(trainer.lastCard())).toContain('De begeleider ROC vraagt om wijzigingen');
    const trainerCard = await openList(trainer);
    expect(cardText(trainerCard)).toContain('3.5 kan wel: zij beheert de firewall.');
    expect(cardText(student.lastCard())).toContain('De begeleider ROC vraagt om wijzigingen');

    await trainer.click(
      trainerCard,
      'Vaststellen en naar deelnemer sturen',
      settleInputs(trainerCard, { 'lvl_3.5': 'G' }),
    );
    await student.click(await openList(student), 'Akkoord');
    expect(cardText(supervisor.lastCard())).toContain('Aangepaste afsprakenlijst ter goedkeuring');
    const v2 = await openList(supervisor);
    expect(cardText(v2)).toContain('versie 2');
    expect(cardText(v2)).toContain('Gewijzigd sinds versie 1');
    expect(cardText(v2)).toContain('3.5: nvt → G');
    expect(cardText(v2)).toContain('• 3.5 Beveiligt het informatie- of mediasysteem');

    // The version-1 card can no longer decide anything.
    const old = await supervisor.click(v1, 'Goedkeuren');
    expect(cardText(old.card)).toContain('Over deze versie is al besloten');
    expect((await rounds.get(placementId, 1))?.round.state).toBe('submitted');

    await supervisor.click(v2, 'Goedkeuren');
    const stored = (await rounds.get(placementId, 1))?.round;
    expect(stored?.state).toBe('approved');
    expect(stored?.decisions.map((d) => [d.outcome, d.version])).toEqual([
      ['changes_requested', 1],
      ['approved', 2],
    ]);
    expect(stored?.agreement?.levels['3.5']).toBe('G');
  });

  it('records exactly one decision when the supervisor clicks twice at once', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    const summary = await openList(supervisor);
    const results = await Promise.all([
      supervisor.click(summary, 'Goedkeuren'),
      supervisor.click(summary, 'Goedkeuren'),
      supervisor.click(summary, 'Terugsturen met opmerking', { remark: 'toch nog iets' }),
    ]);
    for (const result of results) expect(result.status).toBe(200);
    const stored = (await rounds.get(placementId, 1))?.round;
    expect(stored?.decisions).toHaveLength(1);
    const trail = await rounds.audit(placementId);
    expect(trail.filter((e) => e.event === 'approved' || e.event === 'changes_requested')).toHaveLength(1);
    const outcomes = results.map((r) => cardText(r.card));
    expect(outcomes.filter((t) => t.includes('Over deze versie is al besloten'))).toHaveLength(2);
  });

  it('lets only the placement’s supervisor decide', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    const approve = findAction(await openList(supervisor), 'Goedkeuren');
    const byTrainer = await trainer.execute(approve?.verb ?? '', approve?.data ?? {});
    expect(cardText(byTrainer.card)).toContain('Alleen de begeleider ROC beslist');
    const stranger = harness.user({
      aadObjectId: 'd0d0d0d0-0000-4000-8000-000000000001',
      name: 'X',
      email: 'x@elders.example.org',
    });
    const byStranger = await stranger.execute(approve?.verb ?? '', approve?.data ?? {});
    expect(cardText(byStranger.card)).toContain('Alleen de begeleider ROC beslist');

    // A supervisor of another placement edits the payload to name this one.
    const other = await placementWithPeople(harness);
    const tampered = await other.supervisor.execute('approve', { ...approve?.data, p: placementId });
    expect(cardText(tampered.card)).toContain('Alleen de begeleider ROC beslist');
    expect((await rounds.get(placementId, 1))?.round.state).toBe('submitted');
    expect((await rounds.get(placementId, 1))?.round.decisions).toEqual([]);
  });

  it('withdraws the approval when the trainer changes an approved list, and tells all three', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    await supervisor.click(await openList(supervisor), 'Goedkeuren');
    const trainerCard = await openList(trainer);
    expect(actionTitles(trainerCard)).toContain('Aanpassen (goedkeuring vervalt)');
    const reopened = await trainer.click(trainerCard, 'Aanpassen (goedkeuring vervalt)');
    expect(cardText(reopened.card)).toContain('De goedkeuring is ingetrokken');
    expect(actionTitles(reopened.card)).toContain('Vaststellen en naar deelnemer sturen');
    expect(cardText(student.lastCard())).toContain('Goedkeuring ingetrokken');
    expect(cardText(supervisor.lastCard())).toContain('Goedkeuring ingetrokken');
    expect((await rounds.get(placementId, 1))?.round.state).toBe('settling');
    expect((await rounds.audit(placementId)).map((e) => e.event)).toContain('approval_withdrawn');
  });
});

describe('an older round', () => {
  it('cannot be reopened once the next round has started', async () => {
    const { placementId, student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    await supervisor.click(await openList(supervisor), 'Goedkeuren');
    const oldCard = await openList(trainer);
    await trainer.say('start');
    const opened = await trainer.click(trainer.lastCard(), 'Volgende ronde nu starten');
    expect(cardText(opened.card)).toContain('Tussentijds gesprek');
    const reopened = await trainer.click(oldCard, 'Aanpassen (goedkeuring vervalt)');
    expect(cardText(reopened.card)).toContain('Dit kan nu niet meer');
    expect((await rounds.get(placementId, 1))?.round.state).toBe('approved');
  });
});

describe('the supervisor’s caseload', () => {
  it('lists placements with state, whom they wait on and since when, with a button to a pending approval', async () => {
    const { student, trainer, supervisor, people } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    await supervisor.say('overzicht');
    const overview = supervisor.lastCard();
    const text = cardText(overview);
    expect(text).toContain('Jouw deelnemers');
    expect(text).toContain('Ter goedkeuring bij de begeleider ROC');
    expect(text).toContain(people.supervisor.name);
    expect(text).toContain('1 afsprakenlijst wacht op jouw goedkeuring');
    expect(text).toMatch(
      /\d{2}-\d{2}-\d{4} \d{2}:\d{2} · deelnemer: akkoord gegeven, ingediend als versie 1/,
    );
    const review = await supervisor.click(overview, `Beoordelen: ${people.student.name}`);
    expect(actionTitles(review.card)).toContain('Goedkeuren');
    const approved = await supervisor.click(review.card, 'Goedkeuren');
    expect(cardText(approved.card)).toContain('Goedgekeurd op');
  });

  it('shows the last steps of the audit trail in status', async () => {
    const { student, trainer } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    await trainer.say('status');
    const text = cardText(trainer.lastCard());
    // The student's "akkoord" and the submission it causes: one line, with the version.
    expect(text).toContain('deelnemer: akkoord gegeven, ingediend als versie 1');
    expect(text).not.toMatch(/deelnemer: ingediend$/m);
  });
});
