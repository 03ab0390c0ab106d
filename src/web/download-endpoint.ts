import { trace } from '@opentelemetry/api';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { DOWNLOAD_PATH, type Redeemed } from '../services/download-links';

type Refusal = Exclude<Redeemed['kind'], 'file'>;

/** The page's words in the language of the person who asked for the link (`?lang=en`), Dutch otherwise. */
const WORDS = {
  nl: {
    expired:
      'Deze downloadlink is verlopen. Vraag in Teams een nieuwe aan met de knop "PDF downloaden" onder de afsprakenlijst.',
    unknown:
      'Deze downloadlink is al gebruikt of bestaat niet. Vraag in Teams een nieuwe aan met de knop "PDF downloaden" onder de afsprakenlijst.',
    failed: 'De PDF kon nu niet worden gemaakt. Vraag over een paar minuten een nieuwe link aan.',
    title: 'Afsprakenlijst (PDF)',
    once: 'De link werkt één keer: bewaar de PDF na het downloaden.',
    button: 'PDF downloaden',
  },
  en: {
    expired:
      'This download link has expired. Ask for a new one in Teams with the "Download PDF" button under the agreement list.',
    unknown:
      'This download link was used already or does not exist. Ask for a new one in Teams with the "Download PDF" button under the agreement list.',
    failed: 'The PDF could not be made now. Ask for a new link in a few minutes.',
    title: 'Agreement list (PDF)',
    once: 'The link works once: keep the PDF after downloading it.',
    button: 'Download PDF',
  },
} as const;

type Language = keyof typeof WORDS;

const STATUS: Record<Refusal, number> = { expired: 410, unknown: 404 };

function languageOf(req: Request): Language {
  const query = (req.url ?? '').split('?')[1] ?? '';
  return new URLSearchParams(query).get('lang') === 'en' ? 'en' : 'nl';
}

// The page holds no data of anyone: only a button that posts back to the same address.
function askPage(language: Language): string {
  const words = WORDS[language];
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${words.title}</title>
<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.2rem}</style>
</head><body>
<h1>${words.title}</h1>
<p>${words.once}</p>
<form method="post"><button type="submit">${words.button}</button></form>
</body></html>`;
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  zip: 'application/zip',
};

function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[fileName.split('.').at(-1) ?? ''] ?? 'application/octet-stream';
}

function headers(res: Response): void {
  res.header('Cache-Control', 'no-store');
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
  res.header(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  );
  res.header('X-Frame-Options', 'DENY');
}

function refuse(res: Response, kind: Refusal, language: Language): void {
  res.writeHead(STATUS[kind], { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(WORDS[language][kind]);
}

function failed(res: Response, logger: Logger, error: unknown, language: Language): void {
  logger.error({ event: 'document_download_failed', err: error }, 'download failed');
  res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(WORDS[language].failed);
}

/**
 * `/downloads/<token>`: GET shows a page with one button, POST (that button) gives the PDF and uses
 * the link up. Link scanners in mail and chat follow URLs with GET; were the file served on GET,
 * such a scan would spend the one use before the person clicks. The token is never logged; nothing
 * here is to be cached.
 */
export function registerDownloadEndpoint(
  server: Server,
  deps: {
    check(token: string): Promise<'valid' | Refusal>;
    redeem(token: string): Promise<Redeemed>;
    logger: Logger;
  },
): void {
  const tokenOf = (req: Request) => {
    // Named by its route, so the token is not the request's name in telemetry.
    trace
      .getActiveSpan()
      ?.setAttribute('http.route', `${DOWNLOAD_PATH}/:token`)
      .updateName(`${req.method} ${DOWNLOAD_PATH}/:token`);
    return String(req.params.token ?? '');
  };
  server.get(`${DOWNLOAD_PATH}/:token`, async (req: Request, res: Response) => {
    headers(res);
    try {
      const state = await deps.check(tokenOf(req));
      if (state !== 'valid') return refuse(res, state, languageOf(req));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(askPage(languageOf(req)));
    } catch (error) {
      failed(res, deps.logger, error, languageOf(req));
    }
  });
  server.post(`${DOWNLOAD_PATH}/:token`, async (req: Request, res: Response) => {
    headers(res);
    try {
      const result = await deps.redeem(tokenOf(req));
      if (result.kind !== 'file') {
        deps.logger.info({ event: 'document_link_refused', reason: result.kind }, 'download link refused');
        return refuse(res, result.kind, languageOf(req));
      }
      deps.logger.info({ event: 'document_downloaded' }, 'document downloaded');
      res.writeHead(200, {
        'Content-Type': contentTypeOf(result.file.fileName),
        'Content-Length': result.file.bytes.length,
        'Content-Disposition': `attachment; filename="${result.file.fileName}"`,
      });
      res.end(result.file.bytes);
    } catch (error) {
      failed(res, deps.logger, error, languageOf(req));
    }
  });
}
