import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { agreementCsv } from '../documents/agreement-csv';
import { renderAgreementPdf } from '../documents/agreement-pdf';
import { isIsoDate } from '../domain/placement';
import type { AgreementExportRow } from '../services/agreement-documents';
import { exportApprovedAgreements } from '../services/agreement-export';
import { runAsMain, withCliStorage } from './cli-storage';

const USAGE = `Gebruik:
  npm run export -- agreements [--since JJJJ-MM-DD] [--format pdf,csv,json] --out <map>
    één PDF per goedgekeurde versie, en afspraken.csv / afspraken.json met één regel per
    stage, ronde, versie en werkproces (standaard: pdf,csv)`;

type Out = (line: string) => void;
type Format = 'pdf' | 'csv' | 'json';
const FORMATS: readonly Format[] = ['pdf', 'csv', 'json'];
/** From this many placements on, progress goes to stderr at every tenth. */
export const PROGRESS_FROM = 100;

interface Options {
  readonly since?: string;
  readonly formats: ReadonlySet<Format>;
  readonly out: string;
}

function parseOptions(args: readonly string[]): Options | string {
  let since: string | undefined;
  let out: string | undefined;
  let formats = new Set<Format>(['pdf', 'csv']);
  for (let i = 0; i < args.length; i += 1) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag !== '--since' && flag !== '--format' && flag !== '--out') return `Onbekende optie: ${flag}`;
    if (value === undefined || value.startsWith('--')) return `${flag} heeft een waarde nodig.`;
    i += 1;
    if (flag === '--since') {
      if (!isIsoDate(value)) return `--since moet een datum JJJJ-MM-DD zijn, niet "${value}".`;
      since = value;
    } else if (flag === '--out') out = value;
    else {
      const asked = value.split(',').map((f) => f.trim().toLowerCase());
      const unknown = asked.find((f) => !FORMATS.includes(f as Format));
      if (unknown !== undefined) return `Onbekend formaat "${unknown}": kies uit ${FORMATS.join(', ')}.`;
      formats = new Set(asked as Format[]);
    }
  }
  if (!out) return 'Geef met --out de map op waarin de bestanden komen.';
  return { ...(since ? { since } : {}), formats, out };
}

/** Writes `content` unless the file already holds exactly that; a reader never sees half a file. */
async function writeIfChanged(file: string, content: Buffer): Promise<boolean> {
  const existing = await readFile(file).catch(() => undefined);
  if (existing?.equals(content)) return false;
  const partial = `${file}.part`;
  await writeFile(partial, content);
  await rename(partial, file);
  return true;
}

/**
 * The coordinator's export of approved agreements: PDFs and a CSV/JSON for the student system.
 * The same data gives the same files, byte for byte; files that already hold it are left alone.
 */
export async function runExportCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
): Promise<number> {
  if (args[0] !== 'agreements') {
    err(USAGE);
    return 2;
  }
  const options = parseOptions(args.slice(1));
  if (typeof options === 'string') {
    err(`${options}\n${USAGE}`);
    return 2;
  }
  return withCliStorage(env, err, async ({ placements, agreementVersions, qualifications, config }) => {
    const onPlacement = (done: number, total: number) => {
      const tenth = Math.ceil(total / 10);
      if (total >= PROGRESS_FROM && (done % tenth === 0 || done === total))
        err(`${done}/${total} stages gelezen (${Math.round((done / total) * 100)}%)`);
    };
    const exported = await exportApprovedAgreements(
      { placements, rounds: agreementVersions, qualifications, timeZone: config.timeZone },
      { ...(options.since ? { since: options.since } : {}), onPlacement },
    );
    await mkdir(options.out, { recursive: true });
    const rows: AgreementExportRow[] = [];
    let versions = 0;
    let written = 0;
    let unchanged = 0;
    const count = (changed: boolean) => {
      if (changed) written += 1;
      else unchanged += 1;
    };
    for await (const v of exported.versions) {
      versions += 1;
      rows.push(...v.rows);
      if (options.formats.has('pdf'))
        count(await writeIfChanged(path.join(options.out, v.fileName), await renderAgreementPdf(v.document)));
    }
    if (options.formats.has('csv'))
      count(await writeIfChanged(path.join(options.out, 'afspraken.csv'), Buffer.from(agreementCsv(rows))));
    if (options.formats.has('json'))
      count(
        await writeIfChanged(
          path.join(options.out, 'afspraken.json'),
          Buffer.from(`${JSON.stringify(rows, null, 2)}\n`),
        ),
      );
    out(
      `${versions} goedgekeurde versie(s) van ${exported.placements} stage(s); ${rows.length} regel(s); ` +
        `${written} bestand(en) geschreven, ${unchanged} ongewijzigd`,
    );
    return 0;
  });
}

if (require.main === module) runAsMain(runExportCli);
