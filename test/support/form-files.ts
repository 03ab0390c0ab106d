import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import PDFDocument from 'pdfkit';
import { projectRoot } from '../../src/project-root';

/** The text of a form under `test/fixtures/qualifications/`. */
export function formFixture(fileName: string): string {
  return readFileSync(path.join(projectRoot(), 'test', 'fixtures', 'qualifications', fileName), 'utf8');
}

/** The kok form in the B1-K1-W1 style: 3 kerntaken, 7 werkprocessen, wrapping titles. */
export const KOK_TEXT = formFixture('afsprakenlijst-zelfstandig-werkend-kok.txt');

const PAGE_HEADER = 'Kerntaken, werkprocessen en omschrijving werkprocessen';

/**
 * The form's text laid out as a school's PDF: every line of the text drawn as a paragraph (pdfkit
 * wraps what does not fit), a new page wherever the page header starts again.
 */
export function formPdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica').fontSize(10);
  let first = true;
  for (const line of text.split('\n')) {
    if (line.trim() === PAGE_HEADER && !first) doc.addPage();
    if (line.trim() === PAGE_HEADER) first = false;
    if (line.trim() === '') doc.moveDown(0.5);
    else doc.text(line);
  }
  doc.end();
  return done;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The form's text as the smallest Word document: one paragraph per line. */
export async function formDocx(text: string): Promise<Buffer> {
  const paragraphs = text
    .split('\n')
    .map((line) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`)
    .join('');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}
