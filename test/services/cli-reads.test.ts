import { readFileSync } from 'node:fs';
import path from 'node:path';
import { qualificationData } from '../../src/domain/qualification';
import { projectRoot } from '../../src/project-root';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { exportApprovedAgreements } from '../../src/services/agreement-export';
import { listPlacements } from '../../src/services/placement-list';
import { storedQualificationCatalog } from '../../src/services/qualification-catalog';
import { previewQualificationForm, saveQualification } from '../../src/services/qualification-forms';
import { listQualificationVersions } from '../../src/services/qualification-list';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { QualificationRepository } from '../../src/storage/qualification-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness } from '../support/bot-harness';
import { openList, placementWithPeople, submitRound } from '../support/check-in-flow';

/** The reads behind the coordinator's commands (`list`, `qualification list`, the export), on stored rows. */

let harness: BotHarness;

beforeAll(async () => {
  harness = await BotHarness.start();
});
afterAll(async () => {
  await harness.stop();
});

const deps = () => ({
  placements: new PlacementRepository(harness.store),
  rounds: new RoundRepository(harness.store),
  qualifications: storedQualificationCatalog(
    loadQualificationCatalog(),
    new QualificationRepository(harness.store),
  ),
  timeZone: 'Europe/Amsterdam',
});

describe('the reads behind the commands', () => {
  it('lists every placement, and exports the approved versions of each with its progress and --since', async () => {
    const approved = await placementWithPeople(harness);
    const open = await placementWithPeople(harness);
    await submitRound(approved);
    await approved.supervisor.click(await openList(approved.supervisor), 'Goedkeuren');

    const listed = [];
    for await (const entry of listPlacements(deps())) listed.push(entry);
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining(
        [approved, open].map(({ people }) => ({
          startDate: '2026-09-01',
          endDate: expect.any(String),
          qualificationId: 'ict-beheerder',
          company: expect.any(String),
          studentName: people.student.name,
          trainerName: people.trainer.name,
          supervisorName: people.supervisor.name,
        })),
      ),
    );

    const progress: [number, number][] = [];
    const exported = await exportApprovedAgreements(deps(), {
      onPlacement: (done, total) => progress.push([done, total]),
    });
    expect(exported.placements).toBe(2);
    const versions = [];
    for await (const v of exported.versions) versions.push(v);
    expect(versions.map((v) => v.fileName)).toEqual([
      `afsprakenlijst_2026-09-01_ronde-1_versie-1_${approved.placementId}.pdf`,
    ]);
    expect(versions[0]?.rows.length).toBeGreaterThan(0);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);

    const later = await exportApprovedAgreements(deps(), { since: '2999-01-01' });
    expect(later.placements).toBe(2);
    for await (const v of later.versions) throw new Error(`approved before --since: ${v.fileName}`);
  }, 120_000);

  it('lists the built-in qualifications and then the versions the school stored', async () => {
    const repository = new QualificationRepository(harness.store);
    const builtIns = loadQualificationCatalog();
    const before = await listQualificationVersions({ builtIns, store: repository });
    expect(before.map((v) => [v.id, v.version, v.savedAt])).toEqual(
      builtIns.ids().map((id) => [id, 1, undefined]),
    );

    const qualifications = storedQualificationCatalog(builtIns, repository);
    const form = readFileSync(
      path.join(projectRoot(), 'src', 'qualifications', 'sources', 'afsprakenlijst-ict-beheerder.txt'),
    );
    const outcome = await previewQualificationForm({ qualifications }, { bytes: form, fileName: 'ict.txt' });
    if (outcome.kind !== 'preview') throw new Error(outcome.kind);
    const { preview } = outcome;
    const now = new Date('2026-12-01T09:00:00Z');
    await saveQualification(
      { qualifications, store: repository },
      {
        qualification: qualificationData(preview.qualification),
        basedOn: preview.basedOn,
        digest: preview.digest,
        now,
      },
    );

    const after = await listQualificationVersions({ builtIns, store: repository });
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([
      {
        id: 'ict-beheerder',
        version: 2,
        title: preview.qualification.title,
        kerntaken: preview.qualification.kerntaken.length,
        werkprocessen: expect.any(Number),
        savedAt: now.toISOString(),
      },
    ]);
  });
});
