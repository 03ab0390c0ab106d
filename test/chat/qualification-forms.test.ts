import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { qualificationPreviewCard } from '../../src/chat/qualification-views';
import { runExportCli } from '../../src/cli/export';
import { checkInSteps } from '../../src/domain/check-in';
import { allWerkprocessen, type Qualification } from '../../src/domain/qualification';
import { translator } from '../../src/i18n';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { storedQualificationCatalog } from '../../src/services/qualification-catalog';
import { type PreviewOutcome, previewQualificationForm } from '../../src/services/qualification-forms';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { QualificationRepository } from '../../src/storage/qualification-repository';
import {
  assertValidCard,
  BotHarness,
  cardText,
  findAction,
  inputValue,
  openUrl,
  storageConnectionString,
  type TeamsUser,
} from '../support/bot-harness';
import { openList, stepOf } from '../support/check-in-flow';
import { download } from '../support/download-link';
import { formPdf, KOK_TEXT } from '../support/form-files';
import { flat, readPdf } from '../support/pdf-text';
import { runPlacements } from '../support/placements-cli';

const OFFICE_ID = 'b0b0b0b0-0000-4000-8000-000000000024';
// The next edition of the form: a werkproces retitled, one added.
const KOK_V2_TEXT = KOK_TEXT.replace(
  'B1-K1-W1 werkproces Bereidt de werkzaamheden voor',
  'B1-K1-W1 werkproces Bereidt de werkzaamheden en de werkplek voor',
).replace(
  'Specifieke\nwerkzaamheden\n\nKerntaken, werkprocessen en omschrijving werkprocessen\n\nAfsprakenlijst\nNiveau*\n\nBg G Bk\n\nKerntaak P1-K1',
  'B1-K2-W3 werkproces Ruimt de voorraad op\nOmschrijving De kok ruimt de voorraad op volgens het principe first in, first out.\n\nSpecifieke\nwerkzaamheden\n\nKerntaken, werkprocessen en omschrijving werkprocessen\n\nAfsprakenlijst\nNiveau*\n\nBg G Bk\n\nKerntaak P1-K1',
);
const t = translator('nl-NL', 'Europe/Amsterdam');
const dir = mkdtempSync(path.join(tmpdir(), 'qualification-forms-'));

let harness: BotHarness;
let office: TeamsUser;
let repository: QualificationRepository;

beforeAll(async () => {
  harness = await BotHarness.start({ env: { BPV_OFFICE_USERS: OFFICE_ID } });
  office = harness.user({ aadObjectId: OFFICE_ID, name: 'BPV-bureau' });
  repository = new QualificationRepository(harness.store);
});
afterAll(async () => {
  await harness.stop();
});

/** The preview card of a form, as the office gets it for an uploaded file. */
async function previewCard(bytes: Uint8Array, fileName: string) {
  const catalog = storedQualificationCatalog(loadQualificationCatalog(), repository);
  const outcome: PreviewOutcome = await previewQualificationForm(
    { qualifications: catalog },
    { bytes, fileName },
  );
  const card = qualificationPreviewCard(t, outcome, fileName);
  assertValidCard(card);
  return { card, outcome };
}

let sequence = 0;
/** Placements imported with the coordinator's CLI into the bot's tables; the three people install the app. */
async function importPlacement(qualificationId: string) {
  sequence += 1;
  const tag = `${Date.now().toString(36)}q${sequence}`;
  const id = (n: number) =>
    `d0d0d0d0-0000-4000-8${n}00-${String(Date.now() % 1e9).padStart(9, '0')}${String(sequence).padStart(3, '0')}`;
  const people = {
    student: { aadObjectId: id(1), name: `Noor ${tag}`, email: `noor.${tag}@example.org` },
    trainer: { aadObjectId: id(2), name: `Henk ${tag}`, email: `henk.${tag}@example.org` },
    supervisor: { aadObjectId: id(3), name: `Ilse ${tag}`, email: `ilse.${tag}@example.org` },
  };
  const file = path.join(dir, `${tag}.csv`);
  writeFileSync(
    file,
    [
      'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date',
      [
        people.student.email,
        people.student.name,
        people.trainer.email,
        people.trainer.name,
        people.supervisor.email,
        people.supervisor.name,
        `Brasserie ${tag}`,
        qualificationId,
        '2026-09-01',
        '2027-06-30',
      ].join(','),
      '',
    ].join('\n'),
  );
  const imported = await runPlacements(harness.tablePrefix, 'import', file);
  expect(imported.out).toContain('nieuw: 1');
  const student = harness.user(people.student);
  const trainer = harness.user(people.trainer);
  const supervisor = harness.user(people.supervisor);
  for (const user of [student, trainer, supervisor]) await user.install();
  const roles = await new PlacementRepository(harness.store).rolesForEmail(people.student.email);
  const placementId = roles.find((r) => r.role === 'student')?.placement.id as string;
  return { student, trainer, supervisor, people, placementId };
}

/** Goes through every step of `q` with Volgende, choosing `level` and writing the werkzaamheden. */
async function fillPart(user: TeamsUser, q: Qualification, level: string) {
  await user.say('start');
  let card: unknown = user.lastCard();
  const steps = checkInSteps(q);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[stepOf(card)];
    const inputs: Record<string, string> =
      step?.kind === 'werkproces' ? { level, note: '' } : { text: `Werkzaamheden ${step?.kerntaakCode}` };
    card = (await user.click(card, 'Volgende', inputs)).card;
  }
  return card;
}

describe('a qualification from the school form, saved by the BPV office', () => {
  let kok: Qualification;

  it('previews the form from a PDF and stores it once with Opslaan, also when clicked twice', async () => {
    const { card, outcome } = await previewCard(await formPdf(KOK_TEXT), 'afsprakenlijst-kok.pdf');
    if (outcome.kind !== 'preview') throw new Error(`no preview: ${outcome.kind}`);
    kok = outcome.preview.qualification;
    const text = cardText(card);
    expect(text).toContain('Kwalificatie Zelfstandig werkend kok');
    expect(text).toContain('3 kerntaken, 7 werkprocessen');
    expect(text).toContain('Bg Beginnend · G Gevorderd · Bk Bekwaam');
    expect(text).toContain(
      'B1-K1-W2 Maakt ingrediënten schoon, snijdt en portioneert ze volgens de receptuur',
    );
    expect(text).toContain('zelfstandig-werkend-kok');
    expect(await repository.list()).toEqual([]);

    const saved = await office.click(card, 'Opslaan');
    expect(cardText(saved.card)).toContain('opgeslagen als versie 1 van **zelfstandig-werkend-kok**');
    const again = await office.click(card, 'Opslaan');
    expect(cardText(again.card)).toContain('was al opgeslagen als versie 1');
    expect((await repository.list()).map((row) => `${row.id}@${row.version}`)).toEqual([
      'zelfstandig-werkend-kok@1',
    ]);
    expect((await repository.version('zelfstandig-werkend-kok', 1))?.qualification).toEqual(kok);
  });

  it('lets no one but the office save, and saves nothing from a changed card', async () => {
    const { card } = await previewCard(
      Buffer.from(KOK_V2_TEXT.replace('Zelfstandig werkend kok', 'Kok')),
      'kok.txt',
    );
    const stranger = harness.user({ aadObjectId: 'e0e0e0e0-0000-4000-8000-000000000001', name: 'Iemand' });
    expect(cardText((await stranger.click(card, 'Opslaan')).card)).toContain('Alleen het BPV-bureau');

    const action = findAction(card, 'Opslaan');
    const data = action?.data as { q: string; b: number; d: string };
    const otherDigest = await office.execute('savequalification', { ...data, d: 'f'.repeat(64) });
    expect(cardText(otherDigest.card)).toContain('De gegevens op deze kaart zijn veranderd of beschadigd');
    const notPacked = await office.execute('savequalification', { ...data, q: 'bm90IGd6aXA=' });
    expect(cardText(notPacked.card)).toContain('De gegevens op deze kaart zijn veranderd of beschadigd');
    const noContent = await office.execute('savequalification', { b: data.b, d: data.d });
    expect(noContent.status).toBe(200);
    expect(cardText(noContent.card)).not.toContain('opgeslagen als versie');
    expect((await repository.list()).map((row) => row.id)).toEqual(['zelfstandig-werkend-kok']);
  });

  it('walks a placement on the imported qualification through a whole round to an approved PDF', async () => {
    const { student, trainer, supervisor, people, placementId } =
      await importPlacement('zelfstandig-werkend-kok');
    const stored = await new PlacementRepository(harness.store).get(placementId);
    expect(stored?.qualificationVersion).toBe(1);

    await student.say('start');
    const first = cardText(student.lastCard());
    expect(first).toContain('B1-K1-W1 Bereidt de werkzaamheden voor');
    expect(first).toContain('Werkproces 1 van 7');

    const studentOverview = await fillPart(student, kok, 'G');
    await student.click(studentOverview, 'Afronden');
    const trainerOverview = await fillPart(trainer, kok, 'Bk');
    const agreement = (await trainer.click(trainerOverview, 'Afronden')).card;
    const inputs: Record<string, string> = {};
    for (const w of allWerkprocessen(kok))
      inputs[`lvl_${w.code}`] = String(inputValue(agreement, `lvl_${w.code}`) || 'Bk');
    for (const k of kok.kerntaken)
      inputs[`txt_${k.code}`] = String(inputValue(agreement, `txt_${k.code}`) ?? '');
    await trainer.click(agreement, 'Vaststellen en naar deelnemer sturen', inputs);
    await student.click(await openList(student), 'Akkoord');
    const summary = await openList(supervisor);
    expect(cardText(summary)).toContain('P1-K1-W2 Bestelt producten en controleert de ontvangen goederen');
    const approved = (await supervisor.click(summary, 'Goedkeuren')).card;
    expect(cardText(approved)).toContain('Goedgekeurd');

    const url = openUrl((await supervisor.click(approved, 'PDF downloaden')).card) as string;
    const pdf = await download(url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { pages } = await readPdf(new Uint8Array(await pdf.arrayBuffer()));
    const text = flat(pages.map((p) => p.text).join('\n'));
    expect(text).toContain('Zelfstandig werkend kok');
    expect(text).toContain(`Naam deelnemer: ${people.student.name}`);
    expect(text).toContain('B1-K1-W1');
    expect(text).toContain('P1-K1-W2');
    expect(text).toContain('Bestelt producten en controleert de ontvangen goederen');

    // The export, a process of its own, reads the stored version from storage.
    const out = path.join(dir, `export-${placementId}`);
    const lines: string[] = [];
    const code = await runExportCli(
      ['agreements', '--format', 'csv', '--out', out],
      { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: harness.tablePrefix },
      (line) => lines.push(line),
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    const csv = readFileSync(path.join(out, 'afspraken.csv'), 'utf8');
    const rows = csv.split('\r\n').filter((row) => row.includes(people.student.email));
    expect(rows).toHaveLength(7);
    expect(rows.join('\n')).toContain('P1-K1-W2');
    expect(rows.join('\n')).toContain('zelfstandig-werkend-kok');
  });

  it('keeps a placement on its version when a newer one is saved; new placements get the newer', async () => {
    const before = await importPlacement('zelfstandig-werkend-kok');

    const { card, outcome } = await previewCard(await formPdf(KOK_V2_TEXT), 'afsprakenlijst-kok-2.pdf');
    if (outcome.kind !== 'preview') throw new Error(`no preview: ${outcome.kind}`);
    const text = cardText(card);
    expect(text).toContain('dit wordt versie 2 van **zelfstandig-werkend-kok** (nu opgeslagen: versie 1)');
    expect(text).toContain('Nieuwe werkprocessen: B1-K2-W3');
    expect(text).toContain('Werkprocessen met een andere titel of omschrijving: B1-K1-W1');
    // A second preview on version 1, saved after the first: its Opslaan comes too late.
    const { card: rival } = await previewCard(
      Buffer.from(KOK_V2_TEXT.replace('first in, first out', 'FIFO')),
      'kok.txt',
    );
    expect(cardText((await office.click(card, 'Opslaan')).card)).toContain('opgeslagen als versie 2');
    const late = await office.click(rival, 'Opslaan');
    expect(cardText(late.card)).toContain(
      'Sinds dit voorbeeld is versie 2 van **zelfstandig-werkend-kok** opgeslagen',
    );
    expect((await repository.list()).map((row) => row.version)).toEqual([1, 2]);

    await before.student.say('start');
    const kept = cardText(before.student.lastCard());
    expect(kept).toContain('B1-K1-W1 Bereidt de werkzaamheden voor');
    expect(kept).toContain('Werkproces 1 van 7');

    const after = await importPlacement('zelfstandig-werkend-kok');
    expect((await new PlacementRepository(harness.store).get(after.placementId))?.qualificationVersion).toBe(
      2,
    );
    await after.student.say('start');
    const newer = cardText(after.student.lastCard());
    expect(newer).toContain('B1-K1-W1 Bereidt de werkzaamheden en de werkplek voor');
    expect(newer).toContain('Werkproces 1 van 8');

    // Sending the same form again: nothing new to save.
    const same = await previewCard(await formPdf(KOK_V2_TEXT), 'afsprakenlijst-kok-2.pdf');
    expect(cardText(same.card)).toContain('Dit formulier zegt hetzelfde als versie 2');
  });

  it('answers a form it cannot read with the line and what was expected', async () => {
    const broken = KOK_TEXT.replace('B1-K2-W1 werkproces', 'B1-K3-W1 werkproces');
    const { card } = await previewCard(Buffer.from(broken), 'kok.txt');
    const line = broken.split('\n').findIndex((l) => l.startsWith('B1-K3-W1')) + 1;
    expect(cardText(card)).toContain(`Regel ${line}: werkproces B1-K3-W1 hoort niet bij kerntaak B1-K2`);
    expect(findAction(card, 'Opslaan')).toBeUndefined();
  });
});
