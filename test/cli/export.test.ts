import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { runExportCli } from '../../src/cli/export';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { TableStore } from '../../src/storage/table-store';
import { BotHarness, storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { openList, placementWithPeople, submitRound, werkprocesCodes } from '../support/check-in-flow';
import { flat, readPdf } from '../support/pdf-text';

let harness: BotHarness;
let work: string;

beforeAll(async () => {
  harness = await BotHarness.start();
  work = await mkdtemp(path.join(tmpdir(), 'export-'));
});
afterAll(async () => {
  await harness.stop();
  await rm(work, { recursive: true, force: true });
});

async function exportAgreements(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runExportCli(
    ['agreements', ...args],
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: harness.tablePrefix },
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function filesIn(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  const entries = await Promise.all(
    names.map(async (n) => [
      n,
      createHash('sha256')
        .update(await readFile(path.join(dir, n)))
        .digest('hex'),
    ]),
  );
  return Object.fromEntries(entries);
}

const levels = { '1.1': 'Bk', '1.2': 'Bg', '3.5': 'nvt' };

describe('npm run export -- agreements', () => {
  it('writes one PDF per approved version and a CSV/JSON row per werkproces; run again, the same files', async () => {
    const { placementId, student, trainer, supervisor, people } = await placementWithPeople(harness);
    await submitRound({ student, trainer }, { studentLevels: levels, trainerLevels: levels });
    await supervisor.click(await openList(supervisor), 'Goedkeuren');
    const [stored] = await new RoundRepository(harness.store).versions(placementId);
    if (!stored?.decision) throw new Error('no approved version stored');

    const first = path.join(work, 'first');
    const run1 = await exportAgreements('--format', 'pdf,csv,json', '--out', first);
    expect(run1).toMatchObject({ code: 0 });
    expect(run1.out).toContain(
      '1 goedgekeurde versie(s) van 1 stage(s); 17 regel(s); 3 bestand(en) geschreven',
    );
    const pdfName = `afsprakenlijst_2026-09-01_ronde-1_versie-1_${placementId}.pdf`;
    expect(Object.keys(await filesIn(first))).toEqual([pdfName, 'afspraken.csv', 'afspraken.json'].sort());

    const csv = (await readFile(path.join(first, 'afspraken.csv'), 'utf8')).replace(/^\uFEFF/, '');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.werkproces)).toEqual(werkprocesCodes);
    for (const r of rows) {
      expect(r).toMatchObject({
        student_email: people.student.email,
        student_name: people.student.name,
        qualification: 'ict-beheerder',
        round: '1',
        round_kind: 'start',
        version: '1',
        level: stored.version.levels[r.werkproces as string],
        approved_by: people.supervisor.name,
        approved_at: stored.decision.at,
        pdf_file: pdfName,
      });
    }
    expect(rows.find((r) => r.werkproces === '3.5')).toMatchObject({
      level: 'nvt',
      level_label: 'Niet mogelijk bij dit bedrijf',
    });
    expect(rows.find((r) => r.werkproces === '1.1')).toMatchObject({ level: 'Bk', level_label: 'Bekwaam' });
    const json = JSON.parse(await readFile(path.join(first, 'afspraken.json'), 'utf8'));
    expect(json).toHaveLength(17);
    expect(json[0]).toMatchObject({ werkproces: '1.1', level: 'Bk', round: 1 });

    const { pages } = await readPdf(await readFile(path.join(first, pdfName)));
    const text = flat(pages.map((p) => p.text).join('\n'));
    expect(text).toContain(`Naam deelnemer: ${people.student.name}`);
    expect(text).toContain('Status: goedgekeurd');
    expect(text).toContain(`Goedgekeurd door de begeleider ROC: ${people.supervisor.name}`);

    // The same data, exported again into an empty folder: the same bytes, file for file.
    const second = path.join(work, 'second');
    expect((await exportAgreements('--format', 'pdf,csv,json', '--out', second)).code).toBe(0);
    expect(await filesIn(second)).toEqual(await filesIn(first));
    // And into the first folder again: nothing rewritten.
    const again = await exportAgreements('--format', 'pdf,csv,json', '--out', first);
    expect(again.out).toContain('0 bestand(en) geschreven, 3 ongewijzigd');
  });

  it('leaves out versions approved before --since, and versions not approved', async () => {
    const { student, trainer } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    const later = await exportAgreements('--since', tomorrow, '--out', path.join(work, 'since'));
    expect(later.out).toMatch(/^0 goedgekeurde versie\(s\) van \d+ stage\(s\); 0 regel\(s\)/);
    const all = await exportAgreements('--format', 'csv', '--out', path.join(work, 'all'));
    // The submitted, not yet approved round of this test's placement is not exported.
    expect(all.out).toMatch(/^1 goedgekeurde versie\(s\) van 2 stage\(s\)/);
  });

  it('refuses unknown options, formats and dates, and a missing --out, with exit code 2', async () => {
    expect(await exportAgreements('--out', work, '--format', 'xlsx')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Onbekend formaat "xlsx"'),
    });
    expect(await exportAgreements('--since', '1-2-2027', '--out', work)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--since moet een datum'),
    });
    expect(await exportAgreements('--format', 'csv')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--out'),
    });
    expect(await exportAgreements('--what')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Onbekende optie'),
    });
  });
});

describe('npm run export -- agreements on many placements', () => {
  it('reports progress on stderr at every tenth from 100 placements on', async () => {
    const prefix = uniqueTablePrefix();
    const store = new TableStore(storageConnectionString(), prefix);
    await store.ensureTables();
    const repo = new PlacementRepository(store);
    for (let i = 0; i < 100; i++) {
      await repo.importPlacement({
        student: { email: `s${i}@student.example.org`, name: `Student ${i}` },
        trainer: { email: 't@bedrijf.example.org', name: 'Trainer' },
        supervisor: { email: 'b@roc.example.org', name: 'Begeleider' },
        company: 'Bedrijf',
        qualificationId: 'ict-beheerder',
        startDate: '2026-09-01',
        endDate: '2027-06-30',
      });
    }
    const err: string[] = [];
    const code = await runExportCli(
      ['agreements', '--format', 'csv', '--out', path.join(work, 'many')],
      { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: prefix },
      () => undefined,
      (line) => err.push(line),
    );
    expect(code).toBe(0);
    expect(err).toEqual(
      Array.from({ length: 10 }, (_, i) => `${(i + 1) * 10}/100 stages gelezen (${(i + 1) * 10}%)`),
    );
  });
});
