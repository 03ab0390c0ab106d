import { trace } from '@opentelemetry/api';
import { type Activity, StatusCodes, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Request, RequestHandler, Response, Server } from 'restify';
import restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { BotAdapter } from './adapter';

/**
 * The hosts of the Teams connector (public cloud, GCC, GCC High, DoD). In production an activity
 * naming any other `serviceUrl` is refused before anything is called or stored: the bot would
 * otherwise send its replies, and ask who the sender is, wherever the activity pointed.
 */
export const TEAMS_CONNECTOR_HOSTS: readonly string[] = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

/** Teams' own messages stay far below this; a card action with a long note is a few kilobytes. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

const id = z.string().min(1).max(1024);

/** What every activity from the Bot Framework connector carries, checked before the adapter sees it. */
const ActivityEnvelope = z
  .object({
    type: z.string().min(1).max(64),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    from: z.object({ id }).passthrough(),
    conversation: z.object({ id }).passthrough(),
  })
  .passthrough();

export interface MessagesEndpointOptions {
  readonly adapter: BotAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly logger: Logger;
  /** Production: only these connector hosts, over HTTPS. Undefined where nothing is authenticated. */
  readonly connectorHosts?: readonly string[];
}

type Refusal = { status: number; code: string };

function refuse(res: Response, refusal: Refusal): void {
  res.send(refusal.status, { code: refusal.code });
}

/**
 * Only a JSON body is read at all: multipart uploads would be written to disk and compressed
 * bodies inflated, both before the caller's token has been looked at.
 */
function contentRefusal(req: Request): Refusal | undefined {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return { status: 415, code: 'UnsupportedContentEncoding' };
  }
  if (req.getContentType() !== 'application/json') {
    return { status: 415, code: 'JsonRequired' };
  }
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_ACTIVITY_BYTES) return { status: 413, code: 'PayloadTooLarge' };
  return undefined;
}

function connectorRefusal(serviceUrl: string, hosts: readonly string[] | undefined): Refusal | undefined {
  if (!hosts) return undefined;
  const url = new URL(serviceUrl);
  if (url.protocol === 'https:' && hosts.includes(url.hostname.toLowerCase())) return undefined;
  return { status: 403, code: 'ServiceUrlNotAllowed' };
}

/**
 * `POST /api/messages`: refuses what is not a JSON activity with a 4xx and no internal detail,
 * then lets the adapter authenticate the caller and run the turn. A failed token is one log line.
 */
export function registerMessagesEndpoint(server: Server, options: MessagesEndpointOptions): void {
  const { adapter, logic, logger, connectorHosts } = options;

  const screen: RequestHandler = (req, res, next) => {
    // The request span names its route itself: restify 12 has no OpenTelemetry instrumentation.
    trace.getActiveSpan()?.setAttribute('http.route', '/api/messages').updateName('POST /api/messages');
    const refusal = contentRefusal(req);
    if (!refusal) return next();
    logger.warn({ event: 'request_refused', reason: refusal.code }, 'request refused before parsing');
    refuse(res, refusal);
    return next(false);
  };

  const handle: RequestHandler = async (req, res) => {
    const envelope = ActivityEnvelope.safeParse(req.body);
    if (!envelope.success) {
      refuse(res, { status: StatusCodes.BAD_REQUEST, code: 'NotAnActivity' });
      return;
    }
    const refusal = connectorRefusal(envelope.data.serviceUrl, connectorHosts);
    if (refusal) {
      logger.warn(
        { event: 'service_url_refused', host: new URL(envelope.data.serviceUrl).hostname },
        'activity names a service URL that is not a Teams connector',
      );
      refuse(res, refusal);
      return;
    }
    const activity = envelope.data as unknown as Activity;
    trace.getActiveSpan()?.setAttribute('bpv.activity_type', activity.type ?? '');
    const authorization = req.headers.authorization ?? '';
    try {
      const invokeResponse = await adapter.handleActivity(authorization, activity, logic);
      res.send(invokeResponse?.status ?? StatusCodes.OK, invokeResponse?.body);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        logger.warn(
          { event: 'authentication_failed', reason: error.message.slice(0, 120), activityId: activity.id },
          'request with a missing or invalid token refused',
        );
        refuse(res, { status: StatusCodes.UNAUTHORIZED, code: 'Unauthorized' });
        return;
      }
      trace.getActiveSpan()?.recordException(error as Error);
      logger.error(
        { err: error, event: 'turn_failed', activityId: activity.id },
        'activity could not be processed',
      );
      refuse(res, { status: StatusCodes.INTERNAL_SERVER_ERROR, code: 'InternalError' });
    }
  };

  server.post(
    '/api/messages',
    screen,
    restify.plugins.bodyReader({ maxBodySize: MAX_ACTIVITY_BYTES }),
    ...restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false }),
    handle,
  );
}

/**
 * restify answers its own errors (malformed JSON, a body over the limit, an unknown route) with the
 * error's message; only the code leaves the process.
 */
export function hideErrorDetails(server: Server): void {
  server.on(
    'restifyError',
    (
      _req: Request,
      _res: Response,
      error: Error & { body?: { code?: string }; toJSON?: () => unknown },
      callback: () => void,
    ) => {
      const code = error.body?.code ?? error.name;
      error.toJSON = () => ({ code });
      callback();
    },
  );
}
