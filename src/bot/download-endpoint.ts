import { trace } from '@opentelemetry/api';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { DOWNLOAD_PATH, type Redeemed } from '../services/download-links';

type Refusal = Exclude<Redeemed['kind'], 'file'>;

const REFUSED: Record<Refusal, { status: number; text: string }> = {
  expired: {
    status: 410,
    text: 'Deze downloadlink is verlopen. Vraag in Teams een nieuwe aan met "Download als PDF". / This download link has expired: ask for a new one in Teams.',
  },
  unknown: {
    status: 404,
    text: 'Deze downloadlink is al gebruikt of bestaat niet. Vraag in Teams een nieuwe aan met "Download als PDF". / This download link was used already or does not exist: ask for a new one in Teams.',
  },
};

// The page holds no data of anyone: only a button that posts back to the same address.
const ASK_PAGE = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Afsprakenlijst (PDF)</title>
<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.2rem}</style>
</head><body>
<h1>Afsprakenlijst (PDF)</h1>
<p>De link werkt één keer. / The link works once.</p>
<form method="post"><button type="submit">PDF downloaden / Download PDF</button></form>
</body></html>`;

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

function refuse(res: Response, kind: Refusal): void {
  const page = REFUSED[kind];
  res.writeHead(page.status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(page.text);
}

function failed(res: Response, logger: Logger, error: unknown): void {
  logger.error({ event: 'document_download_failed', err: error }, 'download failed');
  res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(
    'De PDF kon nu niet worden gemaakt; vraag zo een nieuwe link aan. / The PDF could not be made now.',
  );
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
      if (state !== 'valid') return refuse(res, state);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(ASK_PAGE);
    } catch (error) {
      failed(res, deps.logger, error);
    }
  });
  server.post(`${DOWNLOAD_PATH}/:token`, async (req: Request, res: Response) => {
    headers(res);
    try {
      const result = await deps.redeem(tokenOf(req));
      if (result.kind !== 'file') {
        deps.logger.info({ event: 'document_link_refused', reason: result.kind }, 'download link refused');
        return refuse(res, result.kind);
      }
      deps.logger.info({ event: 'document_downloaded' }, 'document downloaded');
      res.writeHead(200, {
        'Content-Type': 'application/pdf',
        'Content-Length': result.file.bytes.length,
        'Content-Disposition': `attachment; filename="${result.file.fileName}"`,
      });
      res.end(result.file.bytes);
    } catch (error) {
      failed(res, deps.logger, error);
    }
  });
}
