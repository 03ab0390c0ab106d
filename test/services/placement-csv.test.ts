import {
  CsvEncodingError,
  CsvHeaderError,
  decodeCsv,
  detectDelimiter,
  readPlacementCsv,
} from '../../src/services/placement-csv';

const HEADER =
  'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date';

describe('decodeCsv', () => {
  it('decodes UTF-8 and drops the byte-order mark', () => {
    expect(decodeCsv(Buffer.from('\ufeffRenée\n'))).toBe('Renée\n');
  });

  it.each([
    ['Windows-1252 é on line 2', Buffer.from([0x61, 0x0a, 0x52, 0x65, 0x6e, 0xe9, 0x65, 0x0a]), 2],
    ['UTF-16LE with its BOM', Buffer.from('\ufeffa,b\n', 'utf16le'), 1],
    ['a cut-off UTF-8 sequence at the end', Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0xc3]), 3],
  ])('refuses %s, naming the line', (_name, bytes, line) => {
    expect(() => decodeCsv(bytes)).toThrow(CsvEncodingError);
    try {
      decodeCsv(bytes);
    } catch (error) {
      expect((error as CsvEncodingError).line).toBe(line);
      expect((error as Error).message).toContain("CSV UTF-8\n(gescheiden door komma's)");
    }
  });
});

describe('detectDelimiter', () => {
  it.each([
    [HEADER, ','],
    [HEADER.replaceAll(',', ';'), ';'],
    [`${HEADER.replaceAll(',', ';')}\r\na,b,c,d,e,f,g,h,i,j,k,l`, ';'],
    [HEADER.replaceAll(',', '\t'), '\t'],
    ['', ','],
  ])('%j → %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

async function records(text: string) {
  const all = [];
  for await (const record of readPlacementCsv(text)) all.push(record);
  return all;
}

describe('readPlacementCsv', () => {
  it('refuses an empty file or a wrong header', async () => {
    await expect(records('')).rejects.toThrow(CsvHeaderError);
    await expect(records('a,b\n1,2\n')).rejects.toThrow('gevonden: a,b');
  });

  it('reads a semicolon file with quoted semicolons and skips blank rows, keeping line numbers', async () => {
    const text = `${HEADER.replaceAll(',', ';')}\r\n;;;;;;;;;\r\na;b;c;d;e;f;"Smit; Zonen, ICT";h;i;j\r\n`;
    expect(await records(text)).toEqual([
      {
        line: 3,
        cells: ['a', 'b', 'c', 'd', 'e', 'f', 'Smit; Zonen, ICT', 'h', 'i', 'j'],
        columns: HEADER.split(','),
      },
    ]);
  });

  it('takes the optional columns after the required ones, in any order', async () => {
    const [record] = await records(`${HEADER},Coordinator_Email,trainer_contact\na,b,c,d,e,f,g,h,i,j,k,l\n`);
    expect(record?.columns.slice(10)).toEqual(['coordinator_email', 'trainer_contact']);
  });

  it.each([
    ['an unknown extra column', `${HEADER},telefoon`],
    ['an optional column twice', `${HEADER},trainer_contact,trainer_contact`],
    ['an optional column among the required ones', HEADER.replace('company', 'trainer_contact')],
  ])('refuses %s', async (_name, header) => {
    await expect(records(`${header}\n`)).rejects.toThrow('daarna mag (in elke volgorde): trainer_contact');
  });
});
