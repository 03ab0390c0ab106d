import { parse } from 'csv-parse/sync';
import { normalizeEmail } from '../domain/placement';
import { decodeCsv, detectDelimiter } from './placement-csv';

/** The header of a coordinators file: which coordinator goes with each supervisor. */
export const COORDINATOR_CSV_COLUMNS = ['supervisor_email', 'coordinator_email'] as const;

/** A coordinators file that cannot be used; nothing was imported. */
export class CoordinatorsFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Het coördinatorenbestand klopt niet; er is niets ingelezen.\n${problems.join('\n')}`);
    this.name = 'CoordinatorsFileError';
  }
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * Reads a coordinators file (`supervisor_email,coordinator_email`, UTF-8, comma or semicolon) into
 * supervisor → coordinator, both lower-cased. Every problem is listed with its line, and then
 * nothing is returned: an import with half a mapping would give some placements no coordinator.
 */
export function readCoordinatorsCsv(bytes: Uint8Array): Map<string, string> {
  const text = decodeCsv(bytes).replace(/^\uFEFF/, '');
  const records = parse(text, {
    delimiter: detectDelimiter(text),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...rows] = records;
  const found = header?.record.map((c) => c.trim().toLowerCase()).join(',') ?? '';
  if (found !== COORDINATOR_CSV_COLUMNS.join(',')) {
    throw new CoordinatorsFileError([
      `de kopregel moet ${COORDINATOR_CSV_COLUMNS.join(',')} zijn; gevonden: ${found}`,
    ]);
  }
  const map = new Map<string, string>();
  const problems: string[] = [];
  for (const { record, info } of rows) {
    if (record.every((cell) => cell.trim() === '')) continue;
    const [supervisor = '', coordinator = ''] = record.map(normalizeEmail);
    const line = info.lines;
    if (record.length !== 2) problems.push(`regel ${line}: ${record.length} kolommen in plaats van 2`);
    else if (!EMAIL.test(supervisor))
      problems.push(`regel ${line}: supervisor_email is geen geldig e-mailadres`);
    else if (!EMAIL.test(coordinator))
      problems.push(`regel ${line}: coordinator_email is geen geldig e-mailadres`);
    else if (map.has(supervisor) && map.get(supervisor) !== coordinator)
      problems.push(`regel ${line}: deze begeleider heeft al een andere coördinator`);
    else map.set(supervisor, coordinator);
  }
  if (problems.length > 0) throw new CoordinatorsFileError(problems);
  return map;
}
