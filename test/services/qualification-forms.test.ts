import { readFileSync } from 'node:fs';
import path from 'node:path';
import { qualificationData } from '../../src/domain/qualification';
import { projectRoot } from '../../src/project-root';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { storedQualificationCatalog } from '../../src/services/qualification-catalog';
import { previewQualificationForm, saveQualification } from '../../src/services/qualification-forms';
import { QualificationRepository } from '../../src/storage/qualification-repository';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';

const ICT_SOURCE = readFileSync(
  path.join(projectRoot(), 'src', 'qualifications', 'sources', 'afsprakenlijst-ict-beheerder.txt'),
);

async function fresh() {
  const store = new TableStore(storageConnectionString(), uniqueTablePrefix());
  await store.ensureTables();
  const repository = new QualificationRepository(store);
  const qualifications = storedQualificationCatalog(loadQualificationCatalog(), repository);
  return { repository, qualifications, store: repository };
}

/** A form with `kerntaken` × `werkprocessen`, each with a long omschrijving. */
function bigForm(kerntaken: number, werkprocessen: number): string {
  const lines = ['Afspraken deelnemer - praktijkopleider Groot formulier', ''];
  for (let k = 1; k <= kerntaken; k++) {
    lines.push(`Kerntaak B1-K${k} Kerntaak nummer ${k}`, '');
    for (let w = 1; w <= werkprocessen; w++) {
      lines.push(
        `B1-K${k}-W${w} werkproces Werkproces ${w} van kerntaak ${k}`,
        `Omschrijving ${'De deelnemer voert het werk zorgvuldig en volgens de afspraken uit. '.repeat(14)}`,
        '',
      );
    }
    lines.push('Specifieke', 'werkzaamheden', '');
  }
  lines.push('*Omschrijving niveau-aanduiding:', '', 'Bg = Beginnend', 'a) Beoordeling: eenvoudig', '');
  lines.push(
    'G = Gevorderd',
    'a) Beoordeling: samengesteld',
    '',
    'Bk = Bekwaam',
    'a) Beoordeling: zelfstandig',
  );
  return lines.join('\n');
}

describe('previewQualificationForm and saveQualification', () => {
  it("the ICT-beheerder form previews as version 2 of the built-in: only its levels' English differs", async () => {
    const deps = await fresh();
    const outcome = await previewQualificationForm(deps, { bytes: ICT_SOURCE, fileName: 'ict.txt' });
    if (outcome.kind !== 'preview') throw new Error(outcome.kind);
    expect(outcome.preview.version).toBe(2);
    expect(outcome.preview.basedOn).toBe(1);
    expect(outcome.preview.changes).toEqual({
      addedKerntaken: [],
      removedKerntaken: [],
      retitledKerntaken: [],
      addedWerkprocessen: [],
      removedWerkprocessen: [],
      changedWerkprocessen: [],
      scaleChanged: true,
      headerChanged: false,
    });
    expect(await deps.repository.list()).toEqual([]);
  });

  it('stores a form of 60 werkprocessen over several properties and reads it back whole', async () => {
    const deps = await fresh();
    const outcome = await previewQualificationForm(deps, {
      bytes: Buffer.from(bigForm(6, 10)),
      fileName: 'groot.txt',
    });
    if (outcome.kind !== 'preview') throw new Error(JSON.stringify(outcome));
    const { preview } = outcome;
    expect(JSON.stringify(qualificationData(preview.qualification)).length).toBeGreaterThan(60_000);
    const saved = await saveQualification(deps, {
      qualification: qualificationData(preview.qualification),
      basedOn: preview.basedOn,
      digest: preview.digest,
      now: new Date('2026-12-07T10:00:00Z'),
    });
    expect(saved).toEqual({ kind: 'saved', id: 'groot-formulier', version: 1, title: 'Groot formulier' });
    const stored = await deps.repository.version('groot-formulier', 1);
    expect(stored?.qualification).toEqual(preview.qualification);
    expect(stored?.savedAt).toBe('2026-12-07T10:00:00.000Z');
    expect(await deps.repository.list()).toEqual([
      {
        id: 'groot-formulier',
        version: 1,
        title: 'Groot formulier',
        kerntaken: 6,
        werkprocessen: 60,
        savedAt: '2026-12-07T10:00:00.000Z',
      },
    ]);
  });

  it('refuses a file over the limit, and a form too long to store, before reading further', async () => {
    const deps = await fresh();
    const big = await previewQualificationForm(deps, {
      bytes: Buffer.alloc(2048, 'a'),
      fileName: 'x.txt',
      maxBytes: 1024,
    });
    expect(big).toEqual({
      kind: 'unreadable',
      problems: [{ line: 0, message: expect.stringContaining('hoogstens') }],
    });
    const long = await previewQualificationForm(deps, {
      bytes: Buffer.from(bigForm(40, 20)),
      fileName: 'x.txt',
    });
    expect(long).toEqual({
      kind: 'unreadable',
      problems: [{ line: 0, message: expect.stringContaining('te lang') }],
    });
  });

  it('refuses content that was changed after the preview', async () => {
    const deps = await fresh();
    const outcome = await previewQualificationForm(deps, {
      bytes: Buffer.from(bigForm(1, 2)),
      fileName: 'x.txt',
    });
    if (outcome.kind !== 'preview') throw new Error(outcome.kind);
    const data = qualificationData(outcome.preview.qualification) as { title: string };
    const changed = { ...data, title: 'Ander formulier' };
    const now = new Date();
    expect(
      await saveQualification(deps, {
        qualification: changed,
        basedOn: 0,
        digest: outcome.preview.digest,
        now,
      }),
    ).toEqual({
      kind: 'invalid',
    });
    expect(
      await saveQualification(deps, {
        qualification: { id: 'x' },
        basedOn: 0,
        digest: outcome.preview.digest,
        now,
      }),
    ).toEqual({
      kind: 'invalid',
    });
    expect(await deps.repository.list()).toEqual([]);
  });

  it('two clicks at the same moment store one version', async () => {
    const deps = await fresh();
    const outcome = await previewQualificationForm(deps, {
      bytes: Buffer.from(bigForm(1, 2)),
      fileName: 'x.txt',
    });
    if (outcome.kind !== 'preview') throw new Error(outcome.kind);
    const input = {
      qualification: qualificationData(outcome.preview.qualification),
      basedOn: 0,
      digest: outcome.preview.digest,
      now: new Date(),
    };
    const both = await Promise.all([saveQualification(deps, input), saveQualification(deps, input)]);
    expect(both.map((o) => o.kind).sort()).toEqual(['alreadySaved', 'saved']);
    expect((await deps.repository.list()).length).toBe(1);
  });
});
