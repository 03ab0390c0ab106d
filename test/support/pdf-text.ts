import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A piece of text where pdf.js found it: x from the left, y from the bottom of the page, in points. */
export interface PdfTextItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
}

export interface PdfPage {
  readonly text: string;
  readonly items: readonly PdfTextItem[];
}

/** A PDF as a reader's text layer has it (pdf.js): each page's text and where each piece stands. */
export async function readPdf(
  bytes: Uint8Array,
): Promise<{ pages: PdfPage[]; info: Record<string, unknown> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'document.pdf');
    await writeFile(file, bytes);
    const { stdout } = await run(process.execPath, [path.join(__dirname, 'pdf-text-child.cjs'), file], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Text with line breaks and runs of space made one space, and a line broken after a hyphen or slash joined again. */
export function flat(text: string): string {
  return text
    .replace(/([-/])\n/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
