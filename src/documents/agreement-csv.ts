import { stringify } from 'csv-stringify/sync';
import type { AgreementExportRow } from '../services/agreement-documents';
import { neutralizeCell } from '../services/csv-cell';

export const EXPORT_COLUMNS: readonly (keyof AgreementExportRow)[] = [
  'student_email',
  'student_name',
  'qualification',
  'company',
  'start_date',
  'round',
  'round_kind',
  'version',
  'kerntaak',
  'werkproces',
  'level',
  'level_label',
  'approved_by',
  'approved_at',
  'pdf_file',
];

/** The export rows as CSV (UTF-8 with a byte-order mark so Excel reads é and ë, CRLF, every cell neutralised). */
export function agreementCsv(rows: readonly AgreementExportRow[]): string {
  const body = stringify(
    rows.map((row) => EXPORT_COLUMNS.map((column) => neutralizeCell(row[column]))),
    { header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows' },
  );
  return `\uFEFF${body}`;
}
