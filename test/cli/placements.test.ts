import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { runPlacements } from '../support/placements-cli';

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

function bytesFile(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function entityEtags(prefix: string): Promise<Map<string, string>> {
  const store = new TableStore(storageConnectionString(), prefix);
  const etags = new Map<string, string>();
  for (const table of ['placements', 'people'] as const) {
    for await (const entity of store.client(table).listEntities()) {
      etags.set(`${table}/${entity.partitionKey}/${entity.rowKey}`, entity.etag);
    }
  }
  return etags;
}

const run = runPlacements;

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

  it('refuses a placement that ended before the retention period, which the purge would remove', async () => {
    const prefix = uniqueTablePrefix();
    const ended = ROW_DAAN.replace('2026-09-01,2027-01-31', '2019-09-01,2020-06-30');
    const result = await run(prefix, 'import', csvFile('old.csv', [HEADER, ROW_SANNE, ended]));
    expect(result.code).toBe(1);
    expect(result.out + result.err).toMatch(/regel 3: .*end_date 2020-06-30 valt buiten de bewaartermijn/);
    const store = new TableStore(storageConnectionString(), prefix);
    const repo = new PlacementRepository(store);
    expect(await repo.rolesForEmail('daan@student.example.org')).toEqual([]);
    expect(await repo.rolesForEmail('sanne@student.example.org')).toHaveLength(1);
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

describe('npm run placements -- import: what Excel and the student system really produce', () => {
  it('refuses a Windows-1252 file, tells how to save it as UTF-8, and writes nothing', async () => {
    const prefix = uniqueTablePrefix();
    // "Renée Müller" as Excel's plain "CSV" writes it on a Dutch Windows: é = 0xE9, ü = 0xFC.
    const row = Buffer.concat([
      Buffer.from('renee@student.example.org,Ren'),
      Buffer.from([0xe9]),
      Buffer.from('e M'),
      Buffer.from([0xfc]),
      Buffer.from(
        'ller,pieter@bedrijf.example.org,Pieter de Vries,fatima@roc.example.org,Fatima El Amrani,Voorbeeld ICT B.V.,ict-beheerder,2026-09-01,2027-06-30\n',
      ),
    ]);
    const file = bytesFile('cp1252.csv', Buffer.concat([Buffer.from(`${HEADER}\n${ROW_SANNE}\n`), row]));
    const result = await run(prefix, 'import', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('niet als UTF-8 opgeslagen (regel 3');
    expect(result.err).toContain("'CSV UTF-8\n(gescheiden door komma's)'");
    expect(result.err).toContain('Er is niets ingelezen');
    const { all } = await storedPlacements(prefix);
    expect(all).toEqual([]);
  });

  it("reads Dutch Excel's semicolon file, with and without a byte-order mark", async () => {
    const prefix = uniqueTablePrefix();
    const semicolon = (line: string) =>
      line
        .replace('"Smit & Zonen, ICT"', 'SMIT_COMPANY')
        .replaceAll(',', ';')
        .replace('SMIT_COMPANY', 'Smit & Zonen, ICT');
    const renee = ROW_SANNE.replace('sanne@', 'renee@').replace('Sanne Jansen', 'Renée Müller');
    const withBom = bytesFile(
      'excel-utf8.csv',
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from([HEADER, renee, ROW_DAAN].map(semicolon).join('\r\n')),
      ]),
    );
    const first = await run(prefix, 'import', withBom);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('nieuw: 2, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 0');
    const { all } = await storedPlacements(prefix);
    expect(all.map((p) => [p.student.name, p.company]).sort()).toEqual([
      ['Daan Smit', 'Smit & Zonen, ICT'],
      ['Renée Müller', 'Voorbeeld ICT B.V.'],
    ]);

    const withoutBom = csvFile('excel-plain.csv', [HEADER, renee, ROW_DAAN].map(semicolon));
    const again = await run(prefix, 'import', withoutBom);
    expect(again.code).toBe(0);
    expect(again.out).toContain('nieuw: 0, bijgewerkt: 0, ongewijzigd: 2, afgewezen: 0');
  });

  it('refuses control and bidi-override characters in any field, naming the line and the column', async () => {
    const prefix = uniqueTablePrefix();
    const file = csvFile('hidden.csv', [
      HEADER,
      ROW_SANNE.replace('Sanne Jansen', 'Sanne \u202EnesnaJ'),
      ROW_DAAN.replace('"Smit & Zonen, ICT"', 'Smit\tZonen'),
      ROW_SANNE.replace('sanne@', 'kim@').replace('Pieter de Vries', 'Pieter\u0085de Vries'),
      ROW_SANNE.replace('sanne@', 'noor@').replace('Fatima El Amrani', 'Fatima\u2067 El Amrani\u2069'),
      ROW_SANNE.replace('sanne@', 'lars@').replace('ict-beheerder', 'ict-beheerder\u200F'),
      ROW_SANNE.replace('sanne@', 'eva@').replace('Sanne Jansen', 'Eva\u0007'),
      ROW_SANNE.replace('sanne@', 'ok@'),
    ]);
    const result = await run(prefix, 'import', file);
    expect(result.code).toBe(1);
    expect(result.out).toContain('nieuw: 1, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 6');
    expect(result.err).toContain('regel 2: student_name bevat een onzichtbaar stuurteken (U+202E, teken 7)');
    expect(result.err).toContain('regel 3: company bevat een onzichtbaar stuurteken (U+0009, teken 5)');
    expect(result.err).toContain('regel 4: trainer_name bevat een onzichtbaar stuurteken (U+0085, teken 7)');
    expect(result.err).toContain(
      'regel 5: supervisor_name bevat een onzichtbaar stuurteken (U+2067, teken 7)',
    );
    expect(result.err).toContain(
      'regel 6: qualification bevat een onzichtbaar stuurteken (U+200F, teken 14)',
    );
    expect(result.err).toContain('regel 7: student_name bevat een onzichtbaar stuurteken (U+0007, teken 4)');
    const { all } = await storedPlacements(prefix);
    expect(all.map((p) => p.student.email)).toEqual(['ok@student.example.org']);
  });

  it('refuses a second row for the same student and start date, naming the first, and keeps the first', async () => {
    const prefix = uniqueTablePrefix();
    const file = csvFile('twice.csv', [
      HEADER,
      ROW_SANNE,
      ROW_DAAN,
      ROW_SANNE.replace('Voorbeeld ICT B.V.', 'Ander Bedrijf'),
      ROW_SANNE.replace('sanne@', 'SANNE@').replace('2027-06-30', '2027-03-31'),
    ]);
    const result = await run(prefix, 'import', file);
    expect(result.code).toBe(1);
    expect(result.out).toContain('nieuw: 2, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 2');
    expect(result.err).toContain('regel 4: zelfde student_email en start_date als regel 2');
    expect(result.err).toContain('regel 5: zelfde student_email en start_date als regel 2');
    const { all } = await storedPlacements(prefix);
    const sanne = all.filter((p) => p.student.email === 'sanne@student.example.org');
    expect(sanne.map((p) => [p.company, p.endDate])).toEqual([['Voorbeeld ICT B.V.', '2027-06-30']]);
  });

  it('imports an overlapping placement of the same student but warns about it', async () => {
    const prefix = uniqueTablePrefix();
    await run(prefix, 'import', csvFile('stored.csv', [HEADER, ROW_SANNE]));
    const file = csvFile('overlap.csv', [
      HEADER,
      // Overlaps the stored 2026-09-01 – 2027-06-30 placement by one day.
      ROW_SANNE.replace('2026-09-01,2027-06-30', '2027-06-30,2027-12-31'),
      ROW_DAAN,
      // Daan's second placement overlaps his first, on line 3.
      ROW_DAAN.replace('2026-09-01,2027-01-31', '2027-01-15,2027-06-30'),
      // Starts the day after: no overlap.
      ROW_DAAN.replace('2026-09-01,2027-01-31', '2027-07-01,2027-12-31'),
    ]);
    const result = await run(prefix, 'import', file);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'nieuw: 4, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 0, mislukt: 0, waarschuwingen: 2',
    );
    expect(result.err.split('\n')).toEqual([
      'regel 2: let op: overlapt met een opgeslagen stage van dezelfde student (2026-09-01 t/m 2027-06-30, ict-beheerder)',
      'regel 4: let op: overlapt met de stage van dezelfde student op regel 3 (2026-09-01 t/m 2027-01-31)',
    ]);
    const { all } = await storedPlacements(prefix);
    expect(all).toHaveLength(5);

    // The same file again: nothing changes, and a placement never overlaps itself.
    const again = await run(prefix, 'import', file);
    expect(again.out).toContain(
      'nieuw: 0, bijgewerkt: 0, ongewijzigd: 4, afgewezen: 0, mislukt: 0, waarschuwingen: 2',
    );
  });

  it('shows progress on stderr for a large file, not per row, and a re-import rewrites nothing', async () => {
    const prefix = uniqueTablePrefix();
    const rows = Array.from({ length: 1000 }, (_, i) =>
      ROW_SANNE.replace('sanne@', `student${i}@`)
        .replace('Sanne Jansen', `Student ${i}`)
        .replace('pieter@', `trainer${i % 40}@`)
        .replace('fatima@', `begeleider${i % 7}@`),
    );
    const file = csvFile('large.csv', [HEADER, ...rows]);
    const first = await run(prefix, 'import', file);
    expect(first.code).toBe(0);
    expect(first.out).toContain('nieuw: 1000, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 0, mislukt: 0');
    const progress = first.err.split('\n').filter((line) => line.startsWith('bezig: '));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(11);
    expect(progress.at(-1)).toBe('bezig: 100% opgeslagen (4000 van 4000 schrijfacties)');

    const { repo } = await storedPlacements(prefix);
    expect(await repo.rolesForEmail('trainer3@bedrijf.example.org')).toHaveLength(25);
    expect(await repo.rolesForEmail('begeleider6@roc.example.org')).toHaveLength(142);

    const before = await entityEtags(prefix);
    expect(before.size).toBe(4000);
    const again = await run(prefix, 'import', file);
    expect(again.out).toContain('nieuw: 0, bijgewerkt: 0, ongewijzigd: 1000, afgewezen: 0, mislukt: 0');
    expect(await entityEtags(prefix)).toEqual(before);

    const small = await run(uniqueTablePrefix(), 'import', csvFile('small.csv', [HEADER, ROW_SANNE]));
    expect(small.err).toBe('');
  }, 180_000);
});
