import { parse } from 'csv-parse/sync';
import { agreementCsv } from '../../src/documents/agreement-csv';
import type { AgreementExportRow } from '../../src/services/agreement-documents';
import { neutralizeCell } from '../../src/services/csv-cell';

const row: AgreementExportRow = {
  student_email: 'sanne@student.example.org',
  student_name: 'Sanne Jansen',
  qualification: 'ict-beheerder',
  company: 'Van Dijk ICT',
  start_date: '2026-09-01',
  round: 1,
  round_kind: 'start',
  version: 1,
  kerntaak: '1',
  werkproces: '1.1',
  level: 'G',
  level_label: 'Gevorderd',
  approved_by: 'Fatima El Amrani',
  approved_at: '2026-09-15T13:45:00.000Z',
  pdf_file: 'sanne_student.example.org_2026-09-01_ronde-1_versie-1.pdf',
};

describe('the export CSV', () => {
  it.each([
    ['=HYPERLINK("https://example.org","klik")'],
    ['+31 6 12345678'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\t=1+1'],
    ['\r=1+1'],
  ])('neutralises a cell starting with a formula character: %j', async (hostile) => {
    const csv = agreementCsv([{ ...row, student_name: hostile, company: hostile }]);
    const [parsed] = parse(csv.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(parsed?.student_name).toBe(`'${hostile}`);
    expect(parsed?.company).toBe(`'${hostile}`);
  });

  it('leaves ordinary text, numbers and text with such characters further on as they are', () => {
    expect(neutralizeCell('Jan-Willem de Boer')).toBe('Jan-Willem de Boer');
    expect(neutralizeCell('a=b')).toBe('a=b');
    expect(neutralizeCell(2)).toBe(2);
    const [parsed] = parse(agreementCsv([row]).replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(parsed).toEqual({ ...row, round: '1', version: '1' });
  });

  it('starts with a byte-order mark and ends its lines with CRLF, for Excel', () => {
    const csv = agreementCsv([row]);
    expect(csv.startsWith('\uFEFFstudent_email,student_name,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
  });
});
