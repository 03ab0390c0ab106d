import { parse } from 'csv-parse/sync';
import { PLACEMENT_CSV_COLUMNS, type PlacementCsvRow, validatePlacementRow } from '../domain/placement';
import type { ImportOutcome, PlacementRepository } from '../storage/placement-repository';

/** What an import did, row by row; the CLI prints it for the coordinator. */
export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; reasons: string[] }[];
}

/** The file's first line is not the expected header; nothing was imported. */
export class CsvHeaderError extends Error {
  constructor(readonly found: string) {
    super(`De kopregel klopt niet.\n  verwacht: ${PLACEMENT_CSV_COLUMNS.join(',')}\n  gevonden: ${found}`);
    this.name = 'CsvHeaderError';
  }
}

/**
 * Imports the coordinator's CSV export. Each row stands alone: a bad row is reported with its line
 * number and nothing of it is written, the good rows are imported, and an unchanged row is not
 * written again.
 */
export async function importPlacements(
  csv: string,
  deps: { placements: PlacementRepository; qualificationIds: readonly string[] },
): Promise<ImportReport> {
  const records = parse(csv, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...rows] = records;
  const found = (header?.record ?? []).map((column) => column.trim().toLowerCase());
  if (found.join(',') !== PLACEMENT_CSV_COLUMNS.join(',')) throw new CsvHeaderError(found.join(','));

  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  for (const { record, info } of rows) {
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length !== PLACEMENT_CSV_COLUMNS.length) {
      report.rejected.push({
        line: info.lines,
        reasons: [`${record.length} kolommen in plaats van ${PLACEMENT_CSV_COLUMNS.length}`],
      });
      continue;
    }
    const row = Object.fromEntries(
      PLACEMENT_CSV_COLUMNS.map((column, i) => [column, record[i] ?? '']),
    ) as PlacementCsvRow;
    const checked = validatePlacementRow(row, deps.qualificationIds);
    if (!checked.ok) {
      report.rejected.push({ line: info.lines, reasons: checked.errors });
      continue;
    }
    const { outcome } = await deps.placements.importPlacement(checked.placement);
    report[outcome satisfies ImportOutcome] += 1;
  }
  return report;
}
