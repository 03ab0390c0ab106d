import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { DOWNLOAD_PATH } from '../services/download-links';
import { TRAINER_PAGE_PATH } from '../services/trainer-links';
import { trainerRequestPath } from '../services/trainer-mail';

/** At most `points` requests in `seconds`. */
export interface Allowance {
  readonly points: number;
  readonly seconds: number;
}

/** The requests one limit counts, and how many it lets through per client and for everyone together. */
export interface RequestLimit {
  readonly name: string;
  readonly methods: readonly string[];
  /** The path, or its start when it ends in `/`. */
  readonly path: string;
  readonly perClient: Allowance;
  readonly overall: Allowance;
}

/**
 * What guessing would go through: trainer-link checks (every action of the trainers' page checks its
 * link), single-use download tokens, and the form that mails new links. A person never comes close;
 * a script trying tokens is stopped after a minute's worth of a person's clicks, and all
 * clients together after ten times that, whatever addresses they come from. Counted per instance, in memory.
 */
export const REQUEST_LIMITS: readonly RequestLimit[] = [
  {
    name: 'trainer_link',
    methods: ['POST'],
    path: `${TRAINER_PAGE_PATH}/api/`,
    perClient: { points: 120, seconds: 60 },
    overall: { points: 1200, seconds: 60 },
  },
  {
    name: 'download_link',
    methods: ['GET', 'POST'],
    path: `${DOWNLOAD_PATH}`,
    perClient: { points: 60, seconds: 60 },
    overall: { points: 600, seconds: 60 },
  },
  {
    name: 'new_trainer_link',
    methods: ['POST'],
    path: trainerRequestPath,
    perClient: { points: 5, seconds: 600 },
    overall: { points: 100, seconds: 600 },
  },
];

/**
 * The client's address. Behind App Service the front end appends the caller's address to
 * `X-Forwarded-For` (as `ip:port`); what comes before it the caller may have written itself.
 */
export function clientAddress(req: Request): string {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const last = forwarded.at(-1);
  if (last) return last.replace(/^\[([^\]]+)\](?::\d+)?$/, '$1').replace(/^([\d.]+):\d+$/, '$1');
  return req.socket?.remoteAddress ?? 'unknown';
}

function matches(limit: RequestLimit, method: string, path: string): boolean {
  if (!limit.methods.includes(method)) return false;
  return limit.path.endsWith('/')
    ? path.startsWith(limit.path)
    : path === limit.path || path.startsWith(`${limit.path}/`);
}

const TOO_MANY =
  'Te veel verzoeken; probeer het over een paar minuten opnieuw. / Too many requests; try again in a few minutes.';

/**
 * Answers 429 with `Retry-After` once a client, or all clients together, went past a limit. Runs
 * before routing, so a refused request reads no body and touches no storage. Logs the limit's name,
 * never the address.
 */
export function registerRequestLimits(
  server: Server,
  logger: Logger,
  limits: readonly RequestLimit[] = REQUEST_LIMITS,
): void {
  const limiters = limits.map((limit) => ({
    limit,
    perClient: new RateLimiterMemory({
      keyPrefix: `${limit.name}:client`,
      points: limit.perClient.points,
      duration: limit.perClient.seconds,
    }),
    overall: new RateLimiterMemory({
      keyPrefix: `${limit.name}:all`,
      points: limit.overall.points,
      duration: limit.overall.seconds,
    }),
  }));
  server.pre((req: Request, res: Response, next: (stop?: false) => void) => {
    const path = (req.getPath?.() ?? req.url ?? '').split('?')[0] ?? '';
    const found = limiters.find(({ limit }) => matches(limit, req.method ?? '', path));
    if (!found) return next();
    found.perClient
      .consume(clientAddress(req))
      .then(() => found.overall.consume('all'))
      .then(
        () => next(),
        (refusal: unknown) => {
          const waitMs = refusal instanceof RateLimiterRes ? refusal.msBeforeNext : 60_000;
          logger.warn({ event: 'rate_limited', limit: found.limit.name }, 'request over its rate limit');
          res.writeHead(429, {
            'Content-Type': 'text/plain; charset=utf-8',
            'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))),
            'Cache-Control': 'no-store',
          });
          res.end(TOO_MANY);
          next(false);
        },
      );
  });
}

/**
 * `Strict-Transport-Security` on every answer that went out over HTTPS: App Service ends TLS in
 * front of the app and says so in `X-Forwarded-Proto`.
 */
export function registerTransportSecurity(server: Server): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    const proto = String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      ?.trim()
      .toLowerCase();
    const tls = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
    if (proto === 'https' || tls) {
      res.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    next();
  });
}
