import { OfficeRepository } from '../../src/storage/office-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { BotHarness, cardText, findAction, type TeamsUser } from '../support/bot-harness';
import { download, linkStatus } from '../support/download-link';
import { FileHost } from '../support/file-host';

jest.setTimeout(60_000);

const OFFICE = {
  aadObjectId: 'b0b0b0b0-0000-4000-8000-000000000001',
  name: 'Ilse Bureau',
  email: 'ilse.bureau@roc.example.org',
};
const OUTSIDER = {
  aadObjectId: 'b0b0b0b0-0000-4000-8000-000000000002',
  name: 'Olaf Buiten',
  email: 'olaf@roc.example.org',
};
const NEW_STUDENT = {
  aadObjectId: 'b0b0b0b0-0000-4000-8000-000000000003',
  name: 'Noor Bakker',
  email: 'noor.bakker@student.example.org',
};

const HEADER =
  'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date';
const good = (student: string, name: string) =>
  `${student},${name},pieter.devries@voorbeeldict.example.org,Pieter de Vries,fatima.elamrani@roc.example.org,Fatima El Amrani,Voorbeeld ICT B.V.,ict-beheerder,2026-09-01,2027-06-30`;
/** Two good rows, and bad ones on lines 4 (no address), 5 (unknown qualification) and 6 (end before start). */
const MIXED = [
  HEADER,
  good(NEW_STUDENT.email, NEW_STUDENT.name),
  good('daan.smit@student.example.org', 'Daan Smit'),
  ',Zonder Adres,pieter.devries@voorbeeldict.example.org,Pieter de Vries,fatima.elamrani@roc.example.org,Fatima El Amrani,Voorbeeld ICT B.V.,ict-beheerder,2026-09-01,2027-06-30',
  'x@student.example.org,X,pieter.devries@voorbeeldict.example.org,Pieter de Vries,fatima.elamrani@roc.example.org,Fatima El Amrani,Voorbeeld ICT B.V.,kok,2026-09-01,2027-06-30',
  'y@student.example.org,Y,pieter.devries@voorbeeldict.example.org,Pieter de Vries,fatima.elamrani@roc.example.org,Fatima El Amrani,Voorbeeld ICT B.V.,ict-beheerder,2027-09-01,2027-06-30',
].join('\n');

let harness: BotHarness;
let host: FileHost;
let office: TeamsUser;
let outsider: TeamsUser;

beforeAll(async () => {
  host = new FileHost();
  await host.start();
  harness = await BotHarness.start({
    env: { BPV_OFFICE_USERS: OFFICE.aadObjectId, FILE_UPLOAD_MAX_BYTES: String(64 * 1024) },
  });
  office = harness.user(OFFICE);
  outsider = harness.user(OUTSIDER);
});
afterAll(async () => {
  await harness.stop();
  await host.stop();
});

async function storedPlacements(): Promise<string[]> {
  const found: string[] = [];
  for await (const p of new PlacementRepository(harness.store).listAll()) found.push(p.student.email);
  return found.sort();
}

async function sendCsv(who: TeamsUser, csv: string) {
  await who.sendFile({ name: 'stages-2026.csv', downloadUrl: host.serve(csv) });
  return who.lastCard() as Record<string, unknown>;
}

describe('the office sends the placements file in the chat', () => {
  it('previews without writing, imports once, refuses a second click and a stale preview; the new student can start', async () => {
    const preview = await sendCsv(office, MIXED);
    const text = cardText(preview);
    expect(text).toContain('Voorbeeld: stages inlezen');
    expect(text).toMatch(/Nieuw\n2/);
    expect(text).toMatch(/Afgewezen\n3/);
    for (const line of [4, 5, 6]) expect(text).toContain(`regel ${line}:`);
    expect(text).toContain('Noor Bakker (deelnemer)');
    // The preview wrote nothing.
    expect(await storedPlacements()).toEqual([]);

    // The click is answered at once; the card is then drawn anew with the outcome.
    const imported = await office.click(preview, 'Importeren');
    expect(cardText(imported.card)).toContain('Wordt ingelezen');
    expect(cardText(office.lastUpdate())).toContain('Stages ingelezen');
    expect(cardText(office.lastUpdate())).toMatch(/Nieuw\n2/);
    expect(await storedPlacements()).toEqual(['daan.smit@student.example.org', NEW_STUDENT.email]);

    // A second click (or a double click's twin) imports nothing again.
    const again = await office.click(preview, 'Importeren');
    expect(cardText(again.card)).toContain('Dit bestand is al ingelezen');
    expect(await storedPlacements()).toHaveLength(2);
    const audit = await new OfficeRepository(harness.store).auditTrail();
    expect(audit.filter((e) => e.action === 'placements_imported')).toHaveLength(1);
    expect(audit[0]?.actorId).toBe(OFFICE.aadObjectId);

    const student = harness.user(NEW_STUDENT);
    await student.say('start');
    expect(cardText(student.lastCard())).not.toMatch(/geen stage|no placement/i);
    expect(cardText(student.lastCard())).toContain('Werkproces 1 van 17');
  });

  it('refuses a preview once a newer file was sent, and writes nothing', async () => {
    const first = await sendCsv(office, [HEADER, good('eva@student.example.org', 'Eva')].join('\n'));
    await sendCsv(office, [HEADER, good('finn@student.example.org', 'Finn')].join('\n'));
    const stale = await office.click(first, 'Importeren');
    expect(cardText(stale.card)).toContain('Dit voorbeeld is verouderd');
    // The replaced file, with its names and addresses, is not kept.
    const firstId = String(findAction(first, 'Importeren')?.data.id);
    expect(await new OfficeRepository(harness.store).readFile(firstId)).toBeUndefined();
    expect(await storedPlacements()).not.toContain('eva@student.example.org');
  });

  it('refuses a preview when the stored placements changed what it would write', async () => {
    const csv = [HEADER, good('gijs@student.example.org', 'Gijs')].join('\n');
    const preview = await sendCsv(office, csv);
    // The same rows come in by another way (the command line) before the click.
    const { importPlacements } = await import('../../src/services/import-placements');
    const { PlacementImportStore } = await import('../../src/storage/placement-import-store');
    await importPlacements(csv, {
      store: new PlacementImportStore(harness.store),
      qualificationIds: ['ict-beheerder'],
    });
    const before = await storedPlacements();
    await office.click(preview, 'Importeren');
    expect(cardText(office.lastUpdate())).toContain('Dit voorbeeld is verouderd');
    expect(await storedPlacements()).toEqual(before);
  });

  it('gives the refused rows as a report behind a one-time link', async () => {
    const preview = await sendCsv(office, MIXED);
    const answer = (await office.click(preview, 'Rapport afgewezen regels')).card;
    const url = (answer as { actions: { type: string; url?: string }[] }).actions.find(
      (a) => a.type === 'Action.OpenUrl',
    )?.url as string;
    expect(url).toMatch(/\/downloads#[A-Za-z0-9_-]{43}$/);
    // The page names what it gives before the link is used.
    expect(await linkStatus(url)).toEqual({ state: 'valid', file: 'report' });
    const first = await download(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const report = await first.text();
    expect(report).toContain('regel;reden');
    for (const line of [4, 5, 6]) expect(report).toMatch(new RegExp(`\\n${line};`));
    expect((await download(url)).status).toBe(404);
  });

  it('answers someone outside the office politely, fetches nothing and imports nothing', async () => {
    const before = host.requests.length;
    const stored = await storedPlacements();
    await outsider.sendFile({
      name: 'stages.csv',
      downloadUrl: host.serve([HEADER, good('h@student.example.org', 'H')].join('\n')),
    });
    expect(cardText(outsider.lastCard())).toContain('Alleen voor het BPV-bureau');
    expect(host.requests.length).toBe(before);
    expect(await storedPlacements()).toEqual(stored);
    // Nor can they press an office button with a preview's id.
    const current = await new OfficeRepository(harness.store).currentPreview();
    const pressed = await outsider.execute('office.import', { id: current });
    expect(cardText(pressed.card)).toContain('Alleen voor het BPV-bureau');
  });

  it('answers a file from a host that is not allowed, one over the cap, and one that is no CSV', async () => {
    const before = host.requests.length;
    await office.sendFile({ name: 'stages.csv', downloadUrl: 'https://files.example.net/stages.csv' });
    expect(cardText(office.lastCard())).toContain('Bestand niet opgehaald');

    await office.sendFile({
      name: 'groot.csv',
      downloadUrl: host.serve(`${HEADER}\n${'x'.repeat(70 * 1024)}`),
    });
    expect(cardText(office.lastCard())).toContain('Bestand te groot');

    await office.sendFile({ name: 'stages.xlsx', downloadUrl: host.serve('PK') });
    expect(cardText(office.lastCard())).toContain('Dit bestand kan de bot niet lezen');

    // A PDF is read as a qualification's form: one that is no PDF at all is answered as such.
    await office.sendFile({ name: 'afsprakenlijst.pdf', downloadUrl: host.serve('%PDF-1.7') });
    expect(cardText(office.lastCard())).toContain('Dit formulier kan ik niet lezen');
    expect(cardText(office.lastCard())).toContain('PDF-bestand kan niet gelezen worden');

    await office.sendFile({ name: 'stages.csv', downloadUrl: host.serve('naam,adres\nx,y') });
    expect(cardText(office.lastCard())).toContain('De kopregel klopt niet');
    // The over-cap file, the form and the bad header were fetched; the others were refused by kind or host first.
    expect(host.requests.length - before).toBe(3);
  });

  it('refuses a preview whose file was removed meanwhile (an erasure), also on a second click', async () => {
    const preview = await sendCsv(office, [HEADER, good('hidde@student.example.org', 'Hidde')].join('\n'));
    const id = String(findAction(preview, 'Importeren')?.data.id);
    await new OfficeRepository(harness.store).deleteFile(id);
    await office.click(preview, 'Importeren');
    expect(cardText(office.lastUpdate())).toContain('Dit voorbeeld is verouderd');
    const again = await office.click(preview, 'Importeren');
    expect(cardText(again.card)).toContain('Dit voorbeeld is verouderd');
    expect(await storedPlacements()).not.toContain('hidde@student.example.org');
  });

  it('refuses a tampered or unknown preview id', async () => {
    for (const data of [{ id: 'does-not-exist' }, { id: '../../x' }, { id: 5 }, {}]) {
      const pressed = await office.execute('office.import', data);
      expect(cardText(pressed.card)).toContain('Deze knop werkt niet (meer)');
    }
  });
});
