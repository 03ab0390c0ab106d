import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The Teams locale a demo language stands for. */
export const DEMO_LOCALE_TAGS = { nl: 'nl-NL', en: 'en-US' } as const;

export type DemoLocale = keyof typeof DEMO_LOCALE_TAGS;

/** A loopback hop between the Playgrounds and the bot; `url` replaces the bot's address for them. */
export interface LocaleRelay {
  readonly url: string;
  close(): Promise<void>;
}

/** The activity as Teams would send it for a person using `tag`: `locale` and the clientInfo entity's. */
export function withLocale(activity: unknown, tag: string): unknown {
  if (!activity || typeof activity !== 'object' || Array.isArray(activity)) return activity;
  const { entities } = activity as { entities?: unknown };
  return {
    ...activity,
    locale: tag,
    ...(Array.isArray(entities)
      ? {
          entities: entities.map((entity: unknown) =>
            entity && typeof entity === 'object' && (entity as { type?: unknown }).type === 'clientInfo'
              ? { ...entity, locale: tag }
              : entity,
          ),
        }
      : {}),
  };
}

/**
 * The Playground reports `en-US` for every user, whatever the browser's language, so the demo
 * would speak English while the school's Teams users mostly see Dutch. This relay gives the
 * activities it forwards to `target` (the bot's messaging endpoint) the demo's locale instead;
 * everything else, the bot's answers included, passes unchanged.
 */
export async function startLocaleRelay(target: string, locale: DemoLocale): Promise<LocaleRelay> {
  const tag = DEMO_LOCALE_TAGS[locale];
  const destination = new URL(target);
  // Its own connections, so that closing the relay leaves none open that would hold the bot's server.
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (/json/i.test(req.headers['content-type'] ?? '') && body.length > 0) {
        try {
          body = Buffer.from(JSON.stringify(withLocale(JSON.parse(body.toString('utf8')), tag)));
        } catch {
          // Not JSON after all: the bot answers it as it would without the relay.
        }
      }
      const headers = { ...req.headers, host: destination.host, 'content-length': String(body.length) };
      const forward = http.request(
        destination,
        { method: req.method ?? 'POST', headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${destination.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          agent.destroy();
          resolve();
        });
      }),
  };
}
