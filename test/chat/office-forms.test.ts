import { PlacementRepository } from '../../src/storage/placement-repository';
import { BotHarness, cardText, type TeamsUser } from '../support/bot-harness';
import { FileHost } from '../support/file-host';
import { formDocx, KOK_TEXT } from '../support/form-files';

/**
 * The BPV office starts a new programme in the chat: it sends the programme's afsprakenlijst as a
 * file, saves the preview with Opslaan, then sends the placements on it; the student starts on the
 * new qualification's own werkprocessen.
 */

jest.setTimeout(60_000);

const OFFICE = {
  aadObjectId: 'c0c0c0c0-0000-4000-8000-000000000001',
  name: 'Ilse Bureau',
  email: 'ilse@roc.example.org',
};
const OUTSIDER = {
  aadObjectId: 'c0c0c0c0-0000-4000-8000-000000000002',
  name: 'Olaf',
  email: 'olaf@roc.example.org',
};
const STUDENT = {
  aadObjectId: 'c0c0c0c0-0000-4000-8000-000000000003',
  name: 'Kim de Kok',
  email: 'kim.dekok@student.example.org',
};
const PLACEMENTS = [
  'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date',
  `${STUDENT.email},${STUDENT.name},chef@restaurant.example.org,Chef Jansen,fatima.elamrani@roc.example.org,Fatima El Amrani,Restaurant De Smaak,zelfstandig-werkend-kok,2026-09-01,2027-06-30`,
].join('\n');

let harness: BotHarness;
let host: FileHost;
let office: TeamsUser;

beforeAll(async () => {
  host = new FileHost();
  await host.start();
  harness = await BotHarness.start({ env: { BPV_OFFICE_USERS: OFFICE.aadObjectId } });
  office = harness.user(OFFICE);
});
afterAll(async () => {
  await harness.stop();
  await host.stop();
});

describe('the office sends a qualification form in the chat', () => {
  it('refuses someone outside the office and stores nothing', async () => {
    const outsider = harness.user(OUTSIDER);
    await outsider.sendFile({
      name: 'afsprakenlijst-kok.docx',
      downloadUrl: host.serve(await formDocx(KOK_TEXT)),
    });
    expect(cardText(outsider.lastCard())).toContain('Alleen voor het BPV-bureau');
  });

  it('previews the Word form, saves it with Opslaan, and placements on it start on its werkprocessen', async () => {
    await office.sendFile({
      name: 'afsprakenlijst-kok.docx',
      downloadUrl: host.serve(await formDocx(KOK_TEXT)),
    });
    const preview = office.lastCard();
    expect(cardText(preview)).toContain('Kwalificatie Zelfstandig werkend kok');
    expect(cardText(preview)).toContain('3 kerntaken, 7 werkprocessen');

    // Before Opslaan the qualification is unknown: the placements file is refused on that column.
    await office.sendFile({ name: 'stages.csv', downloadUrl: host.serve(PLACEMENTS) });
    expect(cardText(office.lastCard())).toMatch(/Afgewezen\n1/);

    const saved = await office.click(preview, 'Opslaan');
    expect(cardText(saved.card)).toContain('opgeslagen als versie 1 van **zelfstandig-werkend-kok**');

    await office.sendFile({ name: 'stages.csv', downloadUrl: host.serve(PLACEMENTS) });
    const placements = office.lastCard();
    expect(cardText(placements)).toMatch(/Nieuw\n1/);
    await office.click(placements, 'Importeren');
    expect(cardText(office.lastUpdate())).toContain('Stages ingelezen');

    const stored = [];
    for await (const p of new PlacementRepository(harness.store).listAll()) stored.push(p);
    expect(stored.map((p) => [p.qualificationId, p.qualificationVersion])).toEqual([
      ['zelfstandig-werkend-kok', 1],
    ]);

    const student = harness.user(STUDENT);
    await student.say('start');
    expect(cardText(student.lastCard())).toContain('Werkproces 1 van 7');
  });
});
