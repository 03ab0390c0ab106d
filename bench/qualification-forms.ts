/**
 * `npm run bench:qualifications`: how long reading a school's form takes, per kind of file: the
 * kok form of the tests as text, Word and PDF, and a long form (12 kerntaken × 8 werkprocessen) as
 * PDF. Each is previewed `--repeats` times (default 9) in this process, without storage (the
 * built-in catalog); the median and the slowest are written into BENCHMARKS.md between its markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../src/project-root';
import { loadQualificationCatalog } from '../src/qualifications/catalog';
import { storedQualificationCatalog } from '../src/services/qualification-catalog';
import { previewQualificationForm } from '../src/services/qualification-forms';
import { formDocx, formPdf } from '../test/support/form-files';

const BEGIN =
  '<!-- npm run bench:qualifications: figures below are written by bench/qualification-forms.ts -->';
const END = '<!-- end of qualification form figures -->';

function longForm(kerntaken: number, werkprocessen: number): string {
  const lines = ['Afspraken deelnemer - praktijkopleider Lang formulier', ''];
  for (let k = 1; k <= kerntaken; k++) {
    lines.push(
      'Kerntaken, werkprocessen en omschrijving werkprocessen',
      'Afsprakenlijst',
      'Niveau*',
      'Bg G Bk',
      '',
    );
    lines.push(
      `Kerntaak B1-K${k} Kerntaak nummer ${k} met een titel die lang genoeg is om over twee regels te lopen`,
    );
    for (let w = 1; w <= werkprocessen; w++) {
      lines.push(
        `B1-K${k}-W${w} werkproces Werkproces ${w} van kerntaak ${k}`,
        `Omschrijving ${'De deelnemer voert het werk zorgvuldig en volgens de afspraken met de praktijkopleider uit. '.repeat(4)}`,
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

async function main(): Promise<void> {
  const at = process.argv.indexOf('--repeats');
  const repeats = at >= 0 ? Number(process.argv[at + 1]) : 9;
  const kok = readFileSync(
    path.join(
      projectRoot(),
      'test',
      'fixtures',
      'qualifications',
      'afsprakenlijst-zelfstandig-werkend-kok.txt',
    ),
    'utf8',
  );
  const long = longForm(12, 8);
  const cases: [string, string, Buffer][] = [
    ['kok, 7 werkprocessen', '.txt', Buffer.from(kok)],
    ['kok, 7 werkprocessen', '.docx', await formDocx(kok)],
    ['kok, 7 werkprocessen', '.pdf', await formPdf(kok)],
    ['12 kerntaken × 8 werkprocessen', '.docx', await formDocx(long)],
    ['12 kerntaken × 8 werkprocessen', '.pdf', await formPdf(long)],
  ];
  const deps = { qualifications: storedQualificationCatalog(loadQualificationCatalog(), undefined) };
  const rows: string[] = [];
  for (const [form, type, bytes] of cases) {
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      const outcome = await previewQualificationForm(deps, { bytes, fileName: `form${type}` });
      times.push(performance.now() - start);
      if (outcome.kind !== 'preview') throw new Error(`${form} ${type}: ${outcome.kind}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    rows.push(
      `| ${form} | ${type} | ${Math.round(bytes.byteLength / 1024)} KB | ${median.toFixed(0)} ms | ${(times.at(-1) as number).toFixed(0)} ms |`,
    );
  }
  const table = [
    `Preview of a form (${repeats} runs each, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; peak RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB):`,
    '',
    '| form | file | size | median | slowest |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const file = path.join(projectRoot(), 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(BEGIN);
  const to = text.indexOf(END);
  const written = `${BEGIN}\n${table}\n${END}`;
  writeFileSync(
    file,
    from >= 0 && to > from
      ? `${text.slice(0, from)}${written}${text.slice(to + END.length)}`
      : `${text.trimEnd()}\n\n## Reading a qualification form\n\nA PDF is read in a worker thread (pdf.js) that stays up for a minute after its last file: the slowest\nrun of the first PDF row includes starting it and loading pdf.js. Word files are read with mammoth.\n\n${written}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
