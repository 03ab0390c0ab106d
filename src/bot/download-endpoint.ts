import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { DOWNLOAD_PATH, type Redeemed } from '../services/download-links';

const PAGE_TEXT: Record<Exclude<Redeemed['kind'], 'file'>, { status: number; text: string }> = {
  expired: {
    status: 410,
    text: 'Deze downloadlink is verlopen. Vraag in Teams een nieuwe aan met "Download als PDF". / This download link has expired: ask for a new one in Teams.',
  },
  unknown: {
    status: 404,
    text: 'Deze downloadlink is al gebruikt of bestaat niet. Vraag in Teams een nieuwe aan met "Download als PDF". / This download link was used already or does not exist: ask for a new one in Teams.',
  },
};

/**
 * `GET /downloads/<token>`: the PDF behind a one-time link, or a short page saying why not. The
 * token is never logged; the response is not to be cached anywhere.
 */
export function registerDownloadEndpoint(
  server: Server,
  deps: { redeem(token: string): Promise<Redeemed>; logger: Logger },
): void {
  server.get(`${DOWNLOAD_PATH}/:token`, async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    try {
      const result = await deps.redeem(String(req.params.token ?? ''));
      if (result.kind === 'file') {
        deps.logger.info({ event: 'document_downloaded' }, 'document downloaded');
        res.writeHead(200, {
          'Content-Type': 'application/pdf',
          'Content-Length': result.file.bytes.length,
          'Content-Disposition': `attachment; filename="${result.file.fileName}"`,
        });
        res.end(result.file.bytes);
        return;
      }
      deps.logger.info({ event: 'document_link_refused', reason: result.kind }, 'download link refused');
      const page = PAGE_TEXT[result.kind];
      res.writeHead(page.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(page.text);
    } catch (error) {
      deps.logger.error({ event: 'document_download_failed', err: error }, 'download failed');
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        'De PDF kon nu niet worden gemaakt; probeer het zo opnieuw met een nieuwe link. / The PDF could not be made now.',
      );
    }
  });
}
