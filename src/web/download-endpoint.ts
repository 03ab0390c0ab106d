import { readFileSync } from 'node:fs';
import path from 'node:path';
import { trace } from '@opentelemetry/api';
import restify, { type Request, type RequestHandler, type Response, type Server } from 'restify';
import type { Logger } from '../logger';
import { projectRoot } from '../project-root';
import { DOWNLOAD_PATH, type DownloadKind, type LinkCheck, type Redeemed } from '../services/download-links';

type Refusal = Exclude<Redeemed['kind'], 'file'>;

const STATUS_PATH = `${DOWNLOAD_PATH}/status`;
const SCRIPT_PATH = `${DOWNLOAD_PATH}/download-page.js`;
/** A token is 43 characters; a form or JSON body with it stays far below this. */
const MAX_BODY_BYTES = 1024;

/** What the page names the file, and its button, per kind of link. */
const FILES: Record<'nl' | 'en', Record<DownloadKind, { title: string; button: string; once: string }>> = {
  nl: {
    agreement: {
      title: 'Afsprakenlijst (PDF)',
      button: 'PDF downloaden',
      once: 'De link werkt één keer: bewaar de PDF na het downloaden.',
    },
    overview: {
      title: 'Overzicht BPV-bureau (CSV)',
      button: 'CSV downloaden',
      once: 'De link werkt één keer: bewaar het bestand na het downloaden.',
    },
    report: {
      title: 'Afgewezen regels van de import (CSV)',
      button: 'CSV downloaden',
      once: 'De link werkt één keer: bewaar het bestand na het downloaden.',
    },
    export: {
      title: 'Export van afsprakenlijsten (zip)',
      button: 'Zip downloaden',
      once: 'De link werkt één keer: bewaar het zip-bestand na het downloaden.',
    },
  },
  en: {
    agreement: {
      title: 'Agreement list (PDF)',
      button: 'Download PDF',
      once: 'The link works once: keep the PDF after downloading it.',
    },
    overview: {
      title: 'BPV office overview (CSV)',
      button: 'Download CSV',
      once: 'The link works once: keep the file after downloading it.',
    },
    report: {
      title: 'Rows the import refused (CSV)',
      button: 'Download CSV',
      once: 'The link works once: keep the file after downloading it.',
    },
    export: {
      title: 'Export of agreement lists (zip)',
      button: 'Download zip',
      once: 'The link works once: keep the zip file after downloading it.',
    },
  },
};

/** The page's other words in the language of the person who asked for the link (`?lang=en`), Dutch otherwise. */
const WORDS = {
  nl: {
    page: 'Download',
    wait: 'Even geduld…',
    started: 'Het downloaden is begonnen. De link is nu gebruikt.',
    noscript: 'Deze pagina heeft JavaScript nodig om het bestand te downloaden.',
    expired:
      'Deze downloadlink is verlopen. Vraag in Teams een nieuwe aan met de knop waarmee je deze link kreeg (bijvoorbeeld "PDF downloaden" onder de afsprakenlijst).',
    unknown:
      'Deze downloadlink is al gebruikt of bestaat niet. Vraag in Teams een nieuwe aan met de knop waarmee je deze link kreeg (bijvoorbeeld "PDF downloaden" onder de afsprakenlijst).',
    retired:
      'Deze link werkt niet meer. Vraag een nieuwe aan in Teams met de knop waarmee je deze link kreeg (bijvoorbeeld "PDF downloaden" onder de afsprakenlijst).',
    failed: 'Het bestand kon nu niet worden gemaakt. Vraag over een paar minuten een nieuwe link aan.',
  },
  en: {
    page: 'Download',
    wait: 'One moment…',
    started: 'The download has started. The link is now used.',
    noscript: 'This page needs JavaScript to download the file.',
    expired:
      'This download link has expired. Ask for a new one in Teams with the button that gave you this link (for instance "Download PDF" under the agreement list).',
    unknown:
      'This download link was used already or does not exist. Ask for a new one in Teams with the button that gave you this link (for instance "Download PDF" under the agreement list).',
    retired:
      'This link no longer works. Ask for a new one in Teams with the button that gave you this link (for instance "Download PDF" under the agreement list).',
    failed: 'The file could not be made now. Ask for a new link in a few minutes.',
  },
} as const;

type Language = keyof typeof WORDS;

const STATUS: Record<Refusal, number> = { expired: 410, unknown: 404 };

function languageOf(req: Request): Language {
  const query = (req.url ?? '').split('?')[1] ?? '';
  return new URLSearchParams(query).get('lang') === 'en' ? 'en' : 'nl';
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.2rem}';

function page(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${title}</title>
<style>${STYLE}</style>
${body}
</body></html>`;
}

/**
 * The page a link opens. It holds no data of anyone: its script reads the token from the fragment,
 * asks what the link gives, names it, and posts the token with a form when the button is pressed,
 * so the browser saves the answer as a file. The words for every kind of file ride along as data.
 */
function downloadPage(language: Language): string {
  const words = WORDS[language];
  const texts = JSON.stringify({ files: FILES[language], ...words }).replaceAll('<', '\\u003c');
  return page(
    language,
    words.page,
    `<script type="application/json" id="texts">${texts}</script>
<script src="${SCRIPT_PATH}" defer></script>
</head><body>
<h1 id="title">${words.page}</h1>
<p id="message" role="status" aria-live="polite">${words.wait}</p>
<form id="download" method="post" action="${DOWNLOAD_PATH}${language === 'nl' ? '' : `?lang=${language}`}" hidden>
<input type="hidden" name="token" value="">
<button type="submit"></button>
</form>
<noscript><p>${words.noscript}</p></noscript>`,
  );
}

/** A page that only says why there is no file. */
function refusalPage(language: Language, text: string): string {
  return page(
    language,
    WORDS[language].page,
    `</head><body>\n<h1>${WORDS[language].page}</h1>\n<p>${text}</p>`,
  );
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
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  res.header('X-Frame-Options', 'DENY');
}

function html(res: Response, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(body);
}

function failed(res: Response, logger: Logger, error: unknown, language: Language): void {
  logger.error({ event: 'document_download_failed', err: error }, 'download failed');
  html(res, 503, refusalPage(language, WORDS[language].failed));
}

/** Names the request by its route, so nothing a client put in the path becomes its name in telemetry. */
function routed(route: string): RequestHandler {
  return (req, _res, next) => {
    trace.getActiveSpan()?.setAttribute('http.route', route).updateName(`${req.method} ${route}`);
    next();
  };
}

function tokenIn(body: unknown): string {
  const token = (body as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : '';
}

/**
 * The single-use download links:
 * - `GET /downloads` the page a link (`/downloads#<token>`) opens; its script reads the token;
 * - `POST /downloads/status` `{ token }` → `{ state: 'valid', file }` or `{ state: 'expired' | 'unknown' }`,
 *   without using the link up: link scanners in mail and chat follow URLs, and were the file served
 *   on opening, such a scan would spend the one use before the person clicks;
 * - `POST /downloads` (the page's button, a form with the token) gives the file and uses the link up;
 * - `GET`/`POST /downloads/<anything>`, the shape of links from before, answers that the link no
 *   longer works: the token is in that path, so it is not read, logged or checked.
 * The token is never logged; nothing here is to be cached.
 */
export function registerDownloadEndpoint(
  server: Server,
  deps: {
    check(token: string): Promise<LinkCheck>;
    redeem(token: string): Promise<Redeemed>;
    logger: Logger;
  },
): void {
  const script = readFileSync(path.join(projectRoot(), 'web', 'download-page.js'));
  const body = (parser: 'json' | 'form') => [
    restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }),
    ...(parser === 'json'
      ? restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false })
      : restify.plugins.urlEncodedBodyParser({ bodyReader: true, mapParams: false })),
  ];

  server.get(DOWNLOAD_PATH, routed(DOWNLOAD_PATH), async (req: Request, res: Response) => {
    headers(res);
    html(res, 200, downloadPage(languageOf(req)));
  });
  server.get(SCRIPT_PATH, routed(SCRIPT_PATH), async (_req: Request, res: Response) => {
    headers(res);
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': script.length });
    res.end(script);
  });
  server.post(STATUS_PATH, routed(STATUS_PATH), ...body('json'), async (req: Request, res: Response) => {
    headers(res);
    try {
      const state = await deps.check(tokenIn(req.body));
      res.send(200, state.kind === 'valid' ? { state: 'valid', file: state.file } : { state: state.kind });
    } catch (error) {
      deps.logger.error({ event: 'document_link_check_failed', err: error }, 'download link check failed');
      res.send(503, { state: 'failed' });
    }
  });
  server.post(DOWNLOAD_PATH, routed(DOWNLOAD_PATH), ...body('form'), async (req: Request, res: Response) => {
    headers(res);
    const language = languageOf(req);
    try {
      const result = await deps.redeem(tokenIn(req.body));
      if (result.kind !== 'file') {
        deps.logger.info({ event: 'document_link_refused', reason: result.kind }, 'download link refused');
        return html(res, STATUS[result.kind], refusalPage(language, WORDS[language][result.kind]));
      }
      deps.logger.info({ event: 'document_downloaded' }, 'document downloaded');
      res.writeHead(200, {
        'Content-Type': contentTypeOf(result.file.fileName),
        'Content-Length': result.file.bytes.length,
        'Content-Disposition': `attachment; filename="${result.file.fileName}"`,
      });
      res.end(result.file.bytes);
    } catch (error) {
      failed(res, deps.logger, error, language);
    }
  });
  const retired = async (req: Request, res: Response) => {
    headers(res);
    deps.logger.info({ event: 'document_link_retired' }, 'download link of the old shape refused');
    const language = languageOf(req);
    html(res, 410, refusalPage(language, WORDS[language].retired));
  };
  const oldRoute = `${DOWNLOAD_PATH}/:token`;
  server.get(oldRoute, routed(oldRoute), retired);
  server.post(oldRoute, routed(oldRoute), retired);
}
