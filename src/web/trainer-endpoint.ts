import { readFileSync } from 'node:fs';
import path from 'node:path';
import restify, { type Request, type RequestHandler, type Response, type Server } from 'restify';
import type { Logger } from '../logger';
import { projectRoot } from '../project-root';
import { TRAINER_PAGE_PATH } from '../services/trainer-links';
import { trainerRequestPath } from '../services/trainer-mail';
import type { TrainerActions } from './trainer-actions';
import { requestedPage, requestPage, trainerPage } from './trainer-pages';

const ASSETS_PATH = `${TRAINER_PAGE_PATH}/assets`;
const ACTION_PATH = `${TRAINER_PAGE_PATH}/api/action`;
/** A card action with every text at its limit stays far below this. */
const MAX_ACTION_BYTES = 256 * 1024;
const MAX_FORM_BYTES = 4 * 1024;

/** Only the page's own scripts, styles and requests: nothing inline, nothing from elsewhere. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

function secure(res: Response, cache: 'no-store' | 'assets' = 'no-store'): void {
  res.header('Content-Security-Policy', CSP);
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
  res.header('X-Frame-Options', 'DENY');
  res.header('Cross-Origin-Opener-Policy', 'same-origin');
  res.header('Cache-Control', cache === 'assets' ? 'public, max-age=3600' : 'no-store');
}

interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** The files the page loads, read once: the renderer and markdown-it from node_modules, the rest from `web/`. */
function loadAssets(): ReadonlyMap<string, Asset> {
  const root = projectRoot();
  const file = (where: string, type: string): Asset => ({ type, body: readFileSync(where) });
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  return new Map([
    ['adaptivecards.min.js', file(require.resolve('adaptivecards/dist/adaptivecards.min.js'), js)],
    ['markdown-it.min.js', file(require.resolve('markdown-it/browser'), js)],
    ['trainer-page.js', file(path.join(root, 'web', 'trainer-page.js'), js)],
    ['trainer-page.css', file(path.join(root, 'web', 'trainer-page.css'), css)],
    ['teams-light.css', file(path.join(root, 'cards', 'host-config', 'teams-light.css'), css)],
    [
      'host-config.json',
      file(path.join(root, 'cards', 'host-config', 'teams-light.json'), 'application/json; charset=utf-8'),
    ],
  ]);
}

function html(res: Response, status: number, body: string): void {
  secure(res);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(body);
}

/** The bearer token of a request; the page sends the link's token in this header, never in a cookie. */
function bearer(req: Request): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
}

const jsonOnly: RequestHandler = (req, res, next) => {
  if (req.getContentType() !== 'application/json') {
    secure(res);
    res.send(415, { code: 'JsonRequired' });
    return next(false);
  }
  return next();
};

/**
 * The trainer's web page, served by the bot's own process:
 * - `GET /praktijkopleider` the page; its script reads the link's token from the fragment;
 * - `POST /praktijkopleider/api/action` a card action (`{ verb, data, locale }`) with the token as a
 *   bearer token; answers `{ card }` or 401 `{ reason: 'expired' | 'invalid' }`. A request from
 *   another site cannot set that header, and no cookie is ever used, so nothing can be forged;
 * - `GET`/`POST /praktijkopleider/nieuwe-link` the form for a new link, answered the same for any address;
 * - `GET /praktijkopleider/assets/<file>` the page's scripts and styles.
 * Nothing here logs a token, an address or a name.
 */
export function registerTrainerEndpoint(
  server: Server,
  deps: {
    readonly actions: TrainerActions;
    /** Mails new links for an address, in the background; the answer never waits for it. */
    readonly requestLinks: (email: string) => void;
    readonly logger: Logger;
  },
): void {
  const assets = loadAssets();
  const paths = { assets: ASSETS_PATH, request: trainerRequestPath };
  const pageHtml = trainerPage(paths);

  server.get(TRAINER_PAGE_PATH, async (_req: Request, res: Response) => html(res, 200, pageHtml));
  server.get(trainerRequestPath, async (_req: Request, res: Response) => html(res, 200, requestPage(paths)));
  server.get(`${ASSETS_PATH}/:file`, async (req: Request, res: Response) => {
    const asset = assets.get(String(req.params.file ?? ''));
    secure(res, 'assets');
    if (!asset) {
      res.send(404, { code: 'NotFound' });
      return;
    }
    res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': asset.body.length });
    res.end(asset.body);
  });

  server.post(
    ACTION_PATH,
    jsonOnly,
    restify.plugins.bodyReader({ maxBodySize: MAX_ACTION_BYTES }),
    ...restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false }),
    async (req: Request, res: Response) => {
      secure(res);
      const body = (req.body ?? {}) as { verb?: unknown; data?: unknown; locale?: unknown };
      const answer = await deps.actions.act({
        token: bearer(req),
        verb: body.verb,
        data: body.data && typeof body.data === 'object' ? body.data : {},
        locale: typeof body.locale === 'string' ? body.locale.slice(0, 35) : undefined,
      });
      if (answer.kind === 'refused') res.send(401, { reason: answer.reason });
      else res.send(200, { card: answer.card });
    },
  );

  server.post(
    trainerRequestPath,
    restify.plugins.bodyReader({ maxBodySize: MAX_FORM_BYTES }),
    ...restify.plugins.urlEncodedBodyParser({ bodyReader: true, mapParams: false }),
    async (req: Request, res: Response) => {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      if (typeof email === 'string') deps.requestLinks(email);
      deps.logger.info({ event: 'trainer_link_requested' }, 'new trainer link requested');
      html(res, 200, requestedPage(paths));
    },
  );
}
