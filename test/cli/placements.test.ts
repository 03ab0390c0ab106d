import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPlacementsCli } from '../../src/cli/placements';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';

const HEADER =
  'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date';
const ROW_SANNE =
  'sanne@student.example.org,Sanne Jansen,pieter@bedrijf.example.org,Pieter de Vries,fatima@roc.example.org,Fatima El Amrani,Voorbeeld ICT B.V.,ict-beheerder,2026-09-01,2027-06-30';
const ROW_DAAN =
  'daan@student.example.org,Daan Smit,pieter@bedrijf.example.org,Pieter de Vries,fatima@roc.example.org,Fatima El Amrani,"Smit & Zonen, ICT",ict-beheerder,2026-09-01,2027-01-31';

const dir = mkdtempSync(path.join(tmpdir(), 'placements-'));
function csvFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function run(prefix: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlacementsCli(
    args,
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: prefix },
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function storedPlacements(prefix: string) {
  const repo = new PlacementRepository(new TableStore(storageConnectionString(), prefix));
  const all = [];
  for await (const p of repo.listAll()) all.push(p);
  return { repo, all };
}

describe('npm run placements -- import', () => {
  it('imports a good file, and re-importing it changes nothing', async () => {
    const prefix = uniqueTablePrefix();
    const file = csvFile('good.csv', [HEADER, ROW_SANNE, ROW_DAAN]);
    const first = await run(prefix, 'import', file);
    expect(first.code).toBe(0);
    expect(first.out).toContain('nieuw: 2, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 0');

    const { all } = await storedPlacements(prefix);
    expect(all.map((p) => p.company).sort()).toEqual(['Smit & Zonen, ICT', 'Voorbeeld ICT B.V.']);
    const before = await new TableStore(storageConnectionString(), prefix)
      .client('placements')
      .listEntities()
      .next();

    const second = await run(prefix, 'import', file);
    expect(second.code).toBe(0);
    expect(second.out).toContain('nieuw: 0, bijgewerkt: 0, ongewijzigd: 2, afgewezen: 0');
    const after = await new TableStore(storageConnectionString(), prefix)
      .client('placements')
      .listEntities()
      .next();
    expect(after.value?.etag).toBe(before.value?.etag);
  });

  it('updates a changed row and moves the role index to the new trainer', async () => {
    const prefix = uniqueTablePrefix();
    await run(prefix, 'import', csvFile('a.csv', [HEADER, ROW_SANNE]));
    const changed = ROW_SANNE.replace(
      'pieter@bedrijf.example.org,Pieter de Vries',
      'kim@bedrijf.example.org,Kim Peters',
    );
    const result = await run(prefix, 'import', csvFile('b.csv', [HEADER, changed]));
    expect(result.out).toContain('nieuw: 0, bijgewerkt: 1, ongewijzigd: 0, afgewezen: 0');
    const { repo } = await storedPlacements(prefix);
    expect(await repo.rolesForEmail('pieter@bedrijf.example.org')).toEqual([]);
    const kim = await repo.rolesForEmail('KIM@bedrijf.example.org');
    expect(kim.map((m) => [m.role, m.placement.trainer.name])).toEqual([['trainer', 'Kim Peters']]);
  });

  it('reports bad rows by line number with the reason, writes nothing of them, and imports the rest', async () => {
    const prefix = uniqueTablePrefix();
    const file = csvFile('bad.csv', [
      HEADER,
      ROW_SANNE,
      ROW_DAAN.replace('daan@student.example.org', 'daan-at-student'),
      ROW_DAAN.replace('2027-01-31', '2026-08-01').replace('daan@', 'daan2@'),
      ROW_DAAN.replace('ict-beheerder', 'kapper').replace('daan@', 'daan3@'),
      ROW_DAAN.replace('pieter@bedrijf.example.org', 'daan@student.example.org'),
      ROW_DAAN.replace('Daan Smit', '').replace('daan@', 'daan4@'),
      ROW_DAAN.replace('2026-09-01', '2026-02-30').replace('daan@', 'daan5@'),
      'too,few,columns',
    ]);
    const result = await run(prefix, 'import', file);
    expect(result.code).toBe(1);
    expect(result.out).toContain('nieuw: 1, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 7');
    expect(result.err).toContain('regel 3: student_email is geen geldig e-mailadres');
    expect(result.err).toContain('regel 4: end_date moet na start_date liggen');
    expect(result.err).toContain("regel 5: qualification 'kapper' is onbekend");
    expect(result.err).toContain(
      'regel 6: deelnemer, praktijkopleider en begeleider moeten drie verschillende personen zijn',
    );
    expect(result.err).toContain('regel 7: student_name ontbreekt');
    expect(result.err).toContain('regel 8: start_date is geen datum');
    expect(result.err).toContain('regel 9: 3 kolommen in plaats van 10');

    const { all, repo } = await storedPlacements(prefix);
    expect(all).toHaveLength(1);
    expect(all[0]?.student.name).toBe('Sanne Jansen');
    for (const email of [
      'daan@student.example.org',
      'daan2@student.example.org',
      'daan3@student.example.org',
    ]) {
      expect(await repo.rolesForEmail(email)).toEqual([]);
    }
  });

  it('refuses a file whose header does not match, showing the expected header', async () => {
    const prefix = uniqueTablePrefix();
    const file = csvFile('header.csv', [HEADER.replace('company', 'bedrijf'), ROW_SANNE]);
    const result = await run(prefix, 'import', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`verwacht: ${HEADER}`);
    expect(result.err).toContain('gevonden: ');
    const { all } = await storedPlacements(prefix);
    expect(all).toHaveLength(0);
  });

  it('lists the imported placements', async () => {
    const prefix = uniqueTablePrefix();
    await run(prefix, 'import', csvFile('list.csv', [HEADER, ROW_SANNE]));
    const result = await run(prefix, 'list');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Voorbeeld ICT B.V. | Sanne Jansen | Pieter de Vries | Fatima El Amrani');
    expect(result.out).toContain('1 stage(s)');
  });

  it('explains its usage for an unknown command or a missing file', async () => {
    expect((await run(uniqueTablePrefix(), 'export')).err).toContain(
      'npm run placements -- import <bestand.csv>',
    );
    expect((await run(uniqueTablePrefix(), 'import')).err).toContain('Geef het CSV-bestand op');
  });
});
