import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { projectRoot } from '../project-root';

/** DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE): embedded, so the file reads the same everywhere. */
const FONT_DIR = path.join(projectRoot(), 'assets', 'fonts');
export const REGULAR = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';

let fonts: { regular: Buffer; bold: Buffer } | undefined;
// Read once per process: an export makes thousands of documents.
function fontFiles(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')),
    bold: readFileSync(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

export const MARGIN = 40;
const FOOTER_SPACE = 30;

/** A4 in points. */
export const PAGE = { width: 595.28, height: 841.89 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
/** Lowest y a row may reach before it goes to the next page. */
export const CONTENT_BOTTOM = PAGE.height - MARGIN - FOOTER_SPACE;

/** A pdfkit document set up for archiving: A4, PDF/A-2b, only embedded fonts, the given metadata. */
export function newDocument(meta: { title: string; created: Date }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'nl-NL',
    // The default would be Helvetica, which is not embedded and so not PDF/A.
    // pdfkit opens a Buffer here as it does in registerFont; its type definitions only say string.
    font: fontFiles().regular as unknown as string,
    bufferPages: true,
    autoFirstPage: true,
    displayTitle: true,
    // Dates from the record, not the clock: the same version gives the same bytes.
    info: { Title: meta.title, Creator: 'BPV-afspraken', CreationDate: meta.created, ModDate: meta.created },
  });
  doc.registerFont(REGULAR, fontFiles().regular);
  doc.registerFont(BOLD, fontFiles().bold);
  return doc;
}

/** Writes `text` on every page's foot with "Pagina i van n"; call once, when the content is done. */
export function numberPages(doc: PDFKit.PDFDocument, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing below the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - MARGIN - 10;
    doc.font(REGULAR).fontSize(7).fillColor('#555555');
    doc.text(text, MARGIN, y, { width: CONTENT_WIDTH - 90, lineBreak: false, ellipsis: true });
    doc.text(`Pagina ${i + 1} van ${range.count}`, PAGE.width - MARGIN - 90, y, {
      width: 90,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}

/** The finished document's bytes. */
export function toBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
