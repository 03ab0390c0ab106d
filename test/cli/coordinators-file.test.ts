import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { runPlacements } from '../support/placements-cli';

const HEADER =
  'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date,coordinator_email';
const row = (student: string, supervisor: string, coordinator = '') =>
  `${student}@student.example.org,${student},pieter@bedrijf.example.org,Pieter,${supervisor}@roc.example.org,${supervisor},Bedrijf,ict-beheerder,2026-09-01,2027-06-30,${coordinator}`;

const dir = mkdtempSync(path.join(tmpdir(), 'coordinators-'));
function file(name: string, lines: string[]): string {
  const at = path.join(dir, name);
  writeFileSync(at, `${lines.join('\n')}\n`);
  return at;
}

async function coordinatorsByStudent(prefix: string) {
  const repo = new PlacementRepository(new TableStore(storageConnectionString(), prefix));
  const found: Record<string, string | undefined> = {};
  for await (const p of repo.listAll()) found[p.student.name] = p.coordinatorEmail;
  return found;
}

describe('npm run placements -- import --coordinators', () => {
  it("fills in the supervisor's coordinator for rows that leave coordinator_email empty", async () => {
    const prefix = uniqueTablePrefix();
    const placements = file('p.csv', [
      HEADER,
      row('sanne', 'fatima'),
      row('daan', 'fatima', 'eigen@roc.example.org'),
      row('ali', 'henk'),
    ]);
    const coordinators = file('c.csv', [
      'supervisor_email;coordinator_email',
      'Fatima@roc.example.org;kees@roc.example.org',
    ]);
    const result = await runPlacements(prefix, 'import', placements, '--coordinators', coordinators);
    expect(result.code).toBe(0);
    expect(await coordinatorsByStudent(prefix)).toEqual({
      sanne: 'kees@roc.example.org',
      daan: 'eigen@roc.example.org',
      ali: undefined,
    });
  });

  it('refuses a coordinators file with a bad line, names the line, and imports nothing', async () => {
    const prefix = uniqueTablePrefix();
    const coordinators = file('bad.csv', [
      'supervisor_email,coordinator_email',
      'fatima@roc.example.org,kees@roc.example.org',
      'fatima@roc.example.org,anne@roc.example.org',
      'henk@roc.example.org,geen-adres',
    ]);
    const result = await runPlacements(
      prefix,
      'import',
      file('p2.csv', [HEADER, row('sanne', 'fatima')]),
      '--coordinators',
      coordinators,
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('regel 3: deze begeleider heeft al een andere coördinator');
    expect(result.err).toContain('regel 4: coordinator_email is geen geldig e-mailadres');
    expect(await coordinatorsByStudent(prefix)).toEqual({});
    const header = await runPlacements(
      prefix,
      'import',
      file('p3.csv', [HEADER]),
      '--coordinators',
      file('h.csv', ['begeleider,coordinator']),
    );
    expect(header.err).toContain('de kopregel moet supervisor_email,coordinator_email zijn');
    expect((await runPlacements(prefix, 'import', 'x.csv', '--coördinatoren', 'c.csv')).err).toContain(
      'Na het bestand kan alleen --coordinators <coordinatoren.csv> komen.',
    );
  });
});
