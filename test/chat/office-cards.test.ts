import JSZip from 'jszip';
import { OfficeRepository } from '../../src/storage/office-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { BotHarness, cardText, openUrl, type TeamsUser } from '../support/bot-harness';
import { openList, placementWithPeople, submitRound } from '../support/check-in-flow';
import { download, linkStatus } from '../support/download-link';
import { everything } from '../support/storage-scan';

jest.setTimeout(120_000);

const OFFICE = {
  aadObjectId: 'b1b1b1b1-0000-4000-8000-000000000001',
  name: 'Ilse Bureau',
  email: 'ilse@roc.example.org',
};
const OUTSIDER = {
  aadObjectId: 'b1b1b1b1-0000-4000-8000-000000000002',
  name: 'Olaf',
  email: 'olaf@roc.example.org',
};

let harness: BotHarness;
let office: TeamsUser;
// The bot's clock runs with the real one, moved on when a test needs a confirmation to have expired.
let ahead = 0;

beforeAll(async () => {
  harness = await BotHarness.start({
    env: { BPV_OFFICE_USERS: OFFICE.aadObjectId },
    // Every tenth of an export's way is shown at once, so a small export shows its steps.
    exportProgressEveryMs: 0,
    now: () => new Date(Date.now() + ahead),
  });
  office = harness.user(OFFICE);
});
afterAll(async () => {
  await harness.stop();
});

const KEPT_EXPORT = /export-[0-9a-f]{8}-[0-9a-f]{4}-/;

function linkOf(card: unknown): string {
  const actions = (card as { actions?: { type: string; url?: string }[] }).actions ?? [];
  const url = actions.find((a) => a.type === 'Action.OpenUrl')?.url;
  if (!url) throw new Error(`no link on the card: ${cardText(card)}`);
  return url;
}

describe("the office's cards", () => {
  it('overzicht: every placement of the term by state, with counts and a CSV download that works once', async () => {
    const { people, supervisor } = await placementWithPeople(harness);
    await office.say('overzicht');
    const overview = office.lastCard();
    const text = cardText(overview);
    expect(text).toContain('Overzicht BPV-bureau');
    for (const label of ['achter', 'wacht op begeleider', 'niet bereikbaar', 'op schema', 'goedgekeurd'])
      expect(text).toContain(label);

    const link = linkOf((await office.click(overview, 'Download CSV')).card);
    expect(await linkStatus(link)).toEqual({ state: 'valid', file: 'overview' });
    const csv = await download(link);
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body).toContain('student;student_email;bedrijf');
    expect(body).toContain(`${people.student.name};${people.student.email}`);

    // A supervisor's `overzicht` stays their caseload; the office's is not theirs.
    await supervisor.say('overzicht');
    expect(cardText(supervisor.lastCard())).not.toContain('Overzicht BPV-bureau');
  });

  it('refuses every office command and button to someone outside the office', async () => {
    const outsider = harness.user(OUTSIDER);
    for (const command of [
      'exporteren',
      'verwijderen iemand@roc.example.org',
      'koppelen iemand@roc.example.org',
    ]) {
      await outsider.say(command);
      expect(cardText(outsider.lastCard())).toContain('Alleen voor het BPV-bureau');
    }
    for (const verb of ['office.overview', 'office.overviewcsv', 'office.export', 'office.confirm']) {
      const pressed = await outsider.execute(verb, { id: 'x' });
      expect(cardText(pressed.card)).toContain('Alleen voor het BPV-bureau');
    }
  });

  it('exporteren: picks period and formats, shows the PDFs being made, then gives the zip behind a one-time link', async () => {
    const journeys = [];
    for (let i = 0; i < 3; i += 1) {
      const journey = await placementWithPeople(harness);
      await submitRound(journey, { studentLevels: { '1.1': 'Bk' }, trainerLevels: { '1.1': 'Bk' } });
      await journey.supervisor.click(await openList(journey.supervisor), 'Goedkeuren');
      journeys.push(journey);
    }

    await office.say('exporteren');
    const form = office.lastCard();
    expect(cardText(form)).toContain('Exporteren');
    const none = await office.click(form, 'Export maken', { since: '', until: '', formats: '' });
    expect(cardText(none.card)).toContain('Kies ten minste één soort bestand.');
    const backwards = await office.click(form, 'Export maken', {
      since: '2026-12-01',
      until: '2026-01-01',
      formats: 'csv',
    });
    expect(cardText(backwards.card)).toContain('De begindatum ligt na de einddatum.');

    // Teams is slow to take the first progress update: the export waits there, half-way, while
    // the office member clicks again.
    const updatesBefore = office.updates().length;
    const auditsBefore = (await new OfficeRepository(harness.store).auditTrail()).length;
    const held = harness.connector.holdNextUpdate(office.conversationId);
    const inputs = { since: '', until: '', formats: 'pdf,csv' };
    const started = await office.click(form, 'Export maken', inputs, { idle: false });
    expect(cardText(started.card)).toContain('Export wordt klaargemaakt (0 van 3)');
    expect(openUrl(started.card)).toBeUndefined();
    await held.reached;
    expect(cardText(office.lastUpdate())).toContain("PDF's maken: 1 van 3 afsprakenlijsten…");
    const again = await office.click(form, 'Export maken', inputs, { idle: false });
    expect(cardText(again.card)).toContain('Export wordt al gemaakt');
    held.release();
    await harness.bot.idle();

    const updates = office.updates().slice(updatesBefore).map(cardText);
    expect(updates.slice(0, -1)).toEqual([
      expect.stringContaining("PDF's maken: 1 van 3 afsprakenlijsten…"),
      expect.stringContaining("PDF's maken: 2 van 3 afsprakenlijsten…"),
    ]);
    // One export, one link: the second click started nothing.
    expect(updates.filter((text) => text.includes('Export klaar'))).toHaveLength(1);
    const issued = (await new OfficeRepository(harness.store).auditTrail())
      .slice(auditsBefore)
      .filter((entry) => entry.action === 'export_issued');
    expect(issued).toHaveLength(1);
    expect(issued[0]?.detail.agreements).toBe(3);

    const ready = office.lastUpdate();
    expect(cardText(ready)).toContain("PDF's en CSV downloaden");
    const url = linkOf(ready);
    expect(await everything(harness.store)).toMatch(KEPT_EXPORT);
    expect(await linkStatus(url)).toEqual({ state: 'valid', file: 'export' });
    const zipped = await download(url);
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(await zipped.arrayBuffer());
    const names = Object.keys(zip.files);
    expect(names).toContain('afspraken.csv');
    // One PDF per approved version, named without any address or name.
    const pdfs = names.filter((name) => name.endsWith('.pdf'));
    expect(pdfs).toHaveLength(3);
    for (const pdf of pdfs)
      expect(pdf).toMatch(/^afsprakenlijst_2026-09-01_ronde-1_versie-1_[0-9a-f]{32}\.pdf$/);
    const csv = await zip.file('afspraken.csv')?.async('string');
    for (const journey of journeys) expect(csv).toContain(journey.people.student.email);
    expect((await download(url)).status).toBe(404);
    // The zip was kept among the office's files for its one download only.
    expect(await everything(harness.store)).not.toMatch(KEPT_EXPORT);

    // A period before any approval: the card says there is nothing, and no link.
    const early = await office.click(form, 'Export maken', {
      since: '2020-01-01',
      until: '2020-12-31',
      formats: 'pdf,csv',
    });
    expect(cardText(early.card)).toContain('Er zijn geen goedgekeurde afsprakenlijsten in deze periode.');
    expect(openUrl(early.card)).toBeUndefined();
  });

  it('verwijderen: a confirmation that names the person and their placement; only the click erases, once, audited', async () => {
    const { people, placementId } = await placementWithPeople(harness);
    await office.say(`verwijderen ${people.student.email}`);
    const confirm = office.lastCard();
    const text = cardText(confirm);
    expect(text).toContain(`${people.student.name} verwijderen?`);
    expect(text).toMatch(/deelnemer bij Bedrijf .*: de hele stage wordt verwijderd/);
    // Asking erased nothing.
    expect(await new PlacementRepository(harness.store).get(placementId)).toBeDefined();

    const done = await office.click(confirm, 'Definitief verwijderen');
    expect(cardText(done.card)).toContain('Verwijderd');
    expect(await new PlacementRepository(harness.store).get(placementId)).toBeUndefined();
    expect(await everything(harness.store)).not.toContain(people.student.email.toLowerCase());

    const twice = await office.click(confirm, 'Definitief verwijderen');
    expect(cardText(twice.card)).toContain('Al gedaan');
    const audit = (await new OfficeRepository(harness.store).auditTrail()).filter(
      (e) => e.action === 'person_erased',
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: OFFICE.aadObjectId, detail: { removedPlacements: 1 } });
    expect(JSON.stringify(audit)).not.toContain(people.student.email);
  });

  it('refuses a confirmation clicked after 15 minutes, and erases nothing', async () => {
    const { people, placementId } = await placementWithPeople(harness);
    await office.say(`verwijderen ${people.trainer.email}`);
    const confirm = office.lastCard();
    ahead = 16 * 60_000;
    try {
      const late = await office.click(confirm, 'Definitief verwijderen');
      expect(cardText(late.card)).toContain('Bevestiging verlopen');
    } finally {
      ahead = 0;
    }
    expect((await new PlacementRepository(harness.store).get(placementId))?.trainer.email).toBe(
      people.trainer.email,
    );
  });

  it('verwijderen of an unknown address or without one changes nothing and says so', async () => {
    await office.say('verwijderen niemand@roc.example.org');
    expect(cardText(office.lastCard())).toContain('Niemand gevonden');
    await office.say('verwijderen');
    expect(cardText(office.lastCard())).toContain('Geef een e-mailadres op');
  });

  it('koppelen: after confirmation the next account with the address gets the roles; audited', async () => {
    const { people, placementId, student } = await placementWithPeople(harness);
    const repo = new PlacementRepository(harness.store);
    expect((await repo.get(placementId))?.student.aadObjectId).toBe(people.student.aadObjectId);

    await office.say(`koppelen ${people.student.email}`);
    const confirm = office.lastCard();
    expect(cardText(confirm)).toContain(`${people.student.name} opnieuw koppelen?`);
    expect((await repo.get(placementId))?.student.aadObjectId).toBe(people.student.aadObjectId);

    const done = await office.click(confirm, 'Koppelen');
    expect(cardText(done.card)).toContain('Rollen ontkoppeld: 1');
    expect((await repo.get(placementId))?.student.aadObjectId).toBeUndefined();

    const newAccount = harness.user({
      ...people.student,
      aadObjectId: 'b1b1b1b1-0000-4000-8000-0000000000aa',
    });
    await newAccount.say('start');
    expect((await repo.get(placementId))?.student.aadObjectId).toBe('b1b1b1b1-0000-4000-8000-0000000000aa');
    // The old account has no role any more.
    await student.say('start');
    expect(cardText(student.lastCard())).not.toContain('Werkproces 1 van 17');

    expect(cardText((await office.click(confirm, 'Koppelen')).card)).toContain('Al gedaan');
    const audit = (await new OfficeRepository(harness.store).auditTrail()).filter(
      (e) => e.action === 'account_rebound',
    );
    expect(audit).toHaveLength(1);
  });
});

describe('the coordinator role is bound to one account per address', () => {
  it('refuses a second account with the same address until koppelen moves it', async () => {
    const { placementId } = await placementWithPeople(harness);
    const repo = new PlacementRepository(harness.store);
    const placement = await repo.get(placementId);
    if (!placement) throw new Error('no placement');
    const email = `kees.${Date.now().toString(36)}@roc.example.org`;
    const { id: _, ...input } = placement;
    await repo.importPlacement({ ...input, coordinatorEmail: email });

    const first = harness.user({ aadObjectId: 'b1b1b1b1-0000-4000-8000-0000000000c1', name: 'Kees', email });
    await first.say('overzicht');
    expect(cardText(first.lastCard())).not.toContain('Het overzicht is voor BPV-coördinatoren');
    const firstOverview = cardText(first.lastCard());

    // A second account (a guest, an old account) whose sign-in name or mail is the same address.
    const second = harness.user({
      aadObjectId: 'b1b1b1b1-0000-4000-8000-0000000000c2',
      name: 'Kees (gast)',
      email,
    });
    await second.say('overzicht');
    expect(cardText(second.lastCard())).toContain('Het overzicht is voor BPV-coördinatoren');
    const third = harness.user({
      aadObjectId: 'b1b1b1b1-0000-4000-8000-0000000000c3',
      name: 'Kees (oud)',
      email,
    });
    await third.say('overzicht');
    expect(cardText(third.lastCard())).toEqual(cardText(second.lastCard()));

    await office.say(`koppelen ${email}`);
    const done = await office.click(office.lastCard(), 'Koppelen');
    expect(cardText(done.card)).toContain('en de coördinatorrol');
    await second.say('overzicht');
    expect(cardText(second.lastCard())).toEqual(firstOverview);
    // Now the first account is the one refused.
    await first.say('overzicht');
    expect(cardText(first.lastCard())).toContain('Het overzicht is voor BPV-coördinatoren');
  });
});
