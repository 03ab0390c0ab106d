import { Worker } from 'node:worker_threads';
import mammoth from 'mammoth';

/** The kinds of file a form may come as, by extension. */
export const FORM_FILE_TYPES = ['.txt', '.pdf', '.docx'] as const;

/** A form file whose text cannot be taken out: wrong type, not text, a damaged PDF or Word file. */
export class FormFileError extends Error {
  override readonly name = 'FormFileError';
}

const PDF_MODULE = require.resolve('pdfjs-dist/legacy/build/pdf.mjs');

// pdf.js is an ES module that loads its parts with dynamic imports, and a PDF is untrusted input:
// it is read in a worker thread with a memory limit of its own, so neither the module system of
// the caller nor the event loop that answers Teams is held up by it. The worker loads pdf.js once
// and reads one file at a time; it stops after a minute without work, and is replaced when a file
// takes too long or brings it down. Lines are rebuilt from the text items: a new line where pdf.js
// marks an end of line or the baseline moves.
const PDF_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const loading = import(pathToFileURL(workerData.module).href);
async function read(data) {
  const pdfjs = await loading;
  const document = await pdfjs.getDocument({
    data, useSystemFonts: false, isEvalSupported: false, verbosity: 0,
  }).promise;
  try {
    const lines = [];
    for (let n = 1; n <= document.numPages; n += 1) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      let line = '';
      let y;
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const itemY = item.transform[5];
        if (y !== undefined && Math.abs(itemY - y) > 1 && item.str !== '') { lines.push(line); line = ''; }
        line += item.str;
        if (item.str !== '') y = itemY;
        if (item.hasEOL) { lines.push(line); line = ''; y = undefined; }
      }
      if (line) lines.push(line);
      lines.push('');
    }
    return lines.join('\\n');
  } finally {
    await document.destroy();
  }
}
parentPort.on('message', (data) => {
  read(data).then(
    (text) => parentPort.postMessage({ text }),
    (error) => parentPort.postMessage({ error: String((error && error.message) || error) }),
  );
});
`;

/** The longest a PDF may take to read before its worker is stopped. */
const PDF_DEADLINE_MS = 30_000;
/** A worker without work for this long stops, giving its memory back. */
const PDF_IDLE_MS = 60_000;

class PdfReader {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private idle: NodeJS.Timeout | undefined;

  read(bytes: Uint8Array): Promise<string> {
    const run = this.queue.then(() => this.once(bytes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private start(): Worker {
    const worker = new Worker(PDF_WORKER, {
      eval: true,
      workerData: { module: PDF_MODULE },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    // An idle worker does not keep the process alive.
    worker.unref();
    return worker;
  }

  private once(bytes: Uint8Array): Promise<string> {
    clearTimeout(this.idle);
    this.worker ??= this.start();
    const worker = this.worker;
    return new Promise<string>((resolve, reject) => {
      const settle = () => {
        clearTimeout(deadline);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.idle = setTimeout(() => this.stop(worker), PDF_IDLE_MS).unref();
      };
      const fail = (reason: string) => {
        settle();
        this.stop(worker);
        reject(new FormFileError(`het PDF-bestand kan niet gelezen worden (${reason})`));
      };
      const onMessage = (message: { text?: string; error?: string }) => {
        settle();
        if (typeof message.text === 'string') resolve(message.text);
        else
          reject(
            new FormFileError(
              `het PDF-bestand kan niet gelezen worden (${message.error ?? 'onbekende fout'})`,
            ),
          );
      };
      const onError = (error: Error) => fail(error.message);
      const onExit = () => fail('de lezer stopte');
      const deadline = setTimeout(() => fail('het lezen duurde te lang'), PDF_DEADLINE_MS);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(bytes);
    });
  }

  private stop(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }
}

const pdfReader = new PdfReader();

function pdfText(bytes: Uint8Array): Promise<string> {
  return pdfReader.read(bytes);
}

async function docxText(bytes: Uint8Array): Promise<string> {
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FormFileError(`het Word-bestand kan niet gelezen worden (${reason})`);
  }
}

function plainText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FormFileError('het tekstbestand is geen UTF-8; sla het op als UTF-8 en probeer het opnieuw');
  }
}

/** The extension of `fileName` if it is one a form may come as (`.txt`, `.pdf`, `.docx`). */
export function formFileType(fileName: string): (typeof FORM_FILE_TYPES)[number] | undefined {
  const dot = fileName.lastIndexOf('.');
  const extension = dot >= 0 ? fileName.slice(dot).toLowerCase() : '';
  return FORM_FILE_TYPES.find((type) => type === extension);
}

/**
 * The text of a form file, lines as the form shows them.
 * @throws FormFileError for another kind of file or one whose text cannot be taken out.
 */
export async function formText(bytes: Uint8Array, fileName: string): Promise<string> {
  const type = formFileType(fileName);
  if (type === '.pdf') return pdfText(bytes);
  if (type === '.docx') return docxText(bytes);
  if (type === '.txt') return plainText(bytes);
  throw new FormFileError(
    `"${fileName}" is geen formulier dat gelezen kan worden; verwacht een .pdf, .docx of .txt`,
  );
}
