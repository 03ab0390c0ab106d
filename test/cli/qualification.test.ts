import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runQualificationCli } from '../../src/cli/qualification';
import { projectRoot } from '../../src/project-root';
import { QualificationRepository } from '../../src/storage/qualification-repository';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { formDocx } from '../support/form-files';

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'qualifications');
const KOK = readFileSync(path.join(FIXTURES, 'afsprakenlijst-zelfstandig-werkend-kok.txt'), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'qualification-cli-'));

async function run(prefix: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runQualificationCli(
    args,
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: prefix },
    (line) => out.push(line),
    (line) => err.push(line),
    () => new Date('2026-12-07T10:00:00Z'),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function file(name: string, content: string | Buffer): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
}

const stored = async (prefix: string) =>
  (await new QualificationRepository(new TableStore(storageConnectionString(), prefix)).list()).map(
    (row) => `${row.id}@${row.version}`,
  );

describe('npm run qualification', () => {
  it('--dry-run prints what the form holds and stores nothing; without it, stores it; list shows it', async () => {
    const prefix = uniqueTablePrefix();
    const form = file('kok.docx', await formDocx(KOK));
    const dry = await run(prefix, 'import', form, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Zelfstandig werkend kok (id zelfstandig-werkend-kok, crebo 25180)');
    expect(dry.out).toContain('3 kerntaken, 7 werkprocessen');
    expect(dry.out).toContain('niveaus: Bg = Beginnend, G = Gevorderd, Bk = Bekwaam');
    expect(dry.out).toContain('    B1-K2-W2 Maakt de keuken en de apparatuur schoon');
    expect(dry.out).toContain('--dry-run: niets opgeslagen.');
    expect(await stored(prefix)).toEqual([]);

    const saved = await run(prefix, 'import', form, '--id', 'kok');
    expect(saved.code).toBe(0);
    expect(saved.out).toContain('opgeslagen als versie 1 van kok');
    expect(await stored(prefix)).toEqual(['kok@1']);

    const again = await run(prefix, 'import', form, '--id', 'kok');
    expect(again.out).toContain('Gelijk aan versie 1 van kok; er is niets op te slaan.');
    expect(await stored(prefix)).toEqual(['kok@1']);

    const list = await run(prefix, 'list');
    expect(list.out).toContain(
      'ict-beheerder | versie 1 (ingebouwd) | ICT-beheerder | 4 kerntaken, 17 werkprocessen',
    );
    expect(list.out).toContain('kok | versie 1 | Zelfstandig werkend kok | 3 kerntaken, 7 werkprocessen');
  });

  it('shows what changed for a new version of a stored qualification', async () => {
    const prefix = uniqueTablePrefix();
    await run(prefix, 'import', file('kok-1.txt', KOK));
    const next = file('kok-2.txt', KOK.replace('Richt borden op en geeft gerechten uit', 'Richt borden op'));
    const preview = await run(prefix, 'import', next, '--dry-run');
    expect(preview.out).toContain('wijzigingen ten opzichte van versie 1:');
    expect(preview.out).toContain('werkprocessen met een andere titel of omschrijving: B1-K2-W1');
    expect(preview.out).toContain('nieuwe versie: 2 (opgeslagen: 1)');
  });

  it('a form it cannot read: the line and what was expected, exit code 1, nothing stored', async () => {
    const prefix = uniqueTablePrefix();
    const broken = file('kapot.txt', KOK.replace('Omschrijving De kok richt', 'De kok richt'));
    const result = await run(prefix, 'import', broken);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/regel \d+: werkproces B1-K2-W1 heeft geen regel "Omschrijving <tekst>"/);
    expect(await stored(prefix)).toEqual([]);
  });

  it('refuses unknown options and a missing file with the usage', async () => {
    const prefix = uniqueTablePrefix();
    expect((await run(prefix, 'import')).code).toBe(2);
    expect((await run(prefix, 'import', 'x.txt', '--id', 'Geen Slug')).err).toContain('--id vraagt een id');
    expect((await run(prefix, 'import', path.join(dir, 'bestaat-niet.pdf'))).err).toContain('Kan ');
    expect((await run(prefix, 'remove')).err).toContain('Gebruik:');
  });
});
