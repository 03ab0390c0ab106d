import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { PLACEMENT_CSV_COLUMNS, PLACEMENT_CSV_OPTIONAL_COLUMNS } from '../domain/placement';

/** The file is not UTF-8 (Excel's plain "CSV" is Windows-1252); nothing was imported. */
export class CsvEncodingError extends Error {
  constructor(readonly line: number) {
    super(
      [
        `Het bestand is niet als UTF-8 opgeslagen (regel ${line} bevat tekens in een andere codering,`,
        'waarschijnlijk Windows-1252), dus letters als é en ë zouden verminkt worden. Er is niets ingelezen.',
        "Sla het bestand op als UTF-8 en lees het opnieuw in. In Excel: Bestand → Opslaan als → 'CSV UTF-8",
        "(gescheiden door komma's)'. In LibreOffice: Opslaan als → Tekstbestand (.csv) → Tekenset 'Unicode (UTF-8)'.",
      ].join('\n'),
    );
    this.name = 'CsvEncodingError';
  }
}

/** The file's first line is not the expected header; nothing was imported. */
export class CsvHeaderError extends Error {
  constructor(readonly found: string) {
    super(
      [
        'De kopregel klopt niet.',
        `  verwacht: ${PLACEMENT_CSV_COLUMNS.join(',')}`,
        `  daarna mag (in elke volgorde): ${PLACEMENT_CSV_OPTIONAL_COLUMNS.join(', ')}`,
        `  gevonden: ${found}`,
      ].join('\n'),
    );
    this.name = 'CsvHeaderError';
  }
}

/**
 * Decodes the file strictly as UTF-8, so a Windows-1252 export is refused instead of imported with
 * replacement characters. A byte-order mark (Excel's "CSV UTF-8" writes one) is dropped.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsvEncodingError(firstInvalidLine(bytes));
  }
}

function firstInvalidLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line += 1;
    start = i + 1;
  }
  return 1;
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter of the header line: a comma, or the semicolon that Excel writes where the decimal
 * separator is a comma (Dutch settings), or a tab. The header has no quoted commas, so the one that
 * occurs most wins.
 */
export function detectDelimiter(text: string): string {
  const end = text.search(/\r?\n/);
  const header = end === -1 ? text : text.slice(0, end);
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = header.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/** One data row of the file with the line it starts on and the file's columns. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
  /** The header's columns, lower-cased: the required ones in order, then any optional ones. */
  readonly columns: readonly string[];
}

/** The required columns in order, then each optional column at most once, in any order. */
function isValidHeader(found: readonly string[]): boolean {
  const required = found.slice(0, PLACEMENT_CSV_COLUMNS.length);
  const extra = found.slice(PLACEMENT_CSV_COLUMNS.length);
  const optional: readonly string[] = PLACEMENT_CSV_OPTIONAL_COLUMNS;
  return (
    required.join(',') === PLACEMENT_CSV_COLUMNS.join(',') &&
    extra.every((column) => optional.includes(column)) &&
    new Set(extra).size === extra.length
  );
}

/**
 * Parses the file one record at a time (a large export never sits in memory as records), checks
 * its header and yields the data rows; blank rows are skipped.
 */
export async function* readPlacementCsv(text: string): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  // Fed in slices through a pipe, so the parser runs only as far ahead as the reader below.
  Readable.from(slices(text, 64 * 1024)).pipe(parser);
  let header = true;
  let columns: string[] = [];
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (header) {
      header = false;
      const found = record.map((column) => column.trim().toLowerCase());
      if (!isValidHeader(found)) throw new CsvHeaderError(found.join(','));
      columns = found;
      continue;
    }
    if (record.every((cell) => cell.trim() === '')) continue;
    yield { line: info.lines, cells: record, columns };
  }
  if (header) throw new CsvHeaderError('');
}

function* slices(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
