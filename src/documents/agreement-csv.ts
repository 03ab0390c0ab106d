import { stringify } from 'csv-stringify/sync';
import type { AgreementExportRow } from '../services/agreement-documents';

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

/**
 * A cell a spreadsheet would not run as a formula: text starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return gets a leading apostrophe (OWASP's advice against CSV injection), since names
 * and company names come from people and files we do not control.
 */
export function neutralizeCell(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The export rows as CSV (UTF-8 with a byte-order mark so Excel reads é and ë, CRLF, every cell neutralised). */
export function agreementCsv(rows: readonly AgreementExportRow[]): string {
  const body = stringify(
    rows.map((row) => EXPORT_COLUMNS.map((column) => neutralizeCell(row[column]))),
    { header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows' },
  );
  return `\uFEFF${body}`;
}
