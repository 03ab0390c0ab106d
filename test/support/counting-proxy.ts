import { createServer, request, type Server } from 'node:http';
import { RATE_SHARES_ROW } from '../../src/storage/reminder-repository';

export const RATE_SHARES_KEYS = `(PartitionKey='${RATE_SHARES_ROW.partitionKey}',RowKey='${RATE_SHARES_ROW.rowKey}')`;

/** One storage request as it passed the proxy: method and path without the query. */
export interface CountedRequest {
  readonly method: string;
  readonly path: string;
}

/**
 * A loopback HTTP proxy in front of a storage endpoint that records every request it forwards (a
 * batch is one request, as it is one round trip to Table Storage). Requests and answers pass
 * unchanged.
 */
export class CountingProxy {
  private server: Server | undefined;
  private seen: CountedRequest[] = [];
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((incoming, outgoing) => {
      this.seen.push({
        method: incoming.method ?? '',
        path: decodeURIComponent((incoming.url ?? '').split('?')[0] ?? ''),
      });
      const upstream = request(
        {
          host: this.targetHost,
          port: this.targetPort,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
          // A connection of its own per request: a kept-alive one that Azurite closes at the same
          // moment would fail the request and the client's retry would count twice.
          agent: false,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => outgoing.destroy());
      incoming.pipe(upstream);
    });
    // Longer than any test: the client's kept-alive connection is never closed under a request.
    this.server.keepAliveTimeout = 10 * 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /**
   * The requests since the last call, oldest first; counting starts again. The rate share's
   * heartbeat (a read and a write of its claims row every 2 s, whatever the bot does) is left out:
   * those requests are no action's, and they fall within one by chance.
   */
  take(): CountedRequest[] {
    return this.seen.splice(0).filter((r) => !r.path.endsWith(RATE_SHARES_KEYS));
  }

  /** Every request since the last call, the rate share's included; counting starts again. */
  takeAll(): CountedRequest[] {
    return this.seen.splice(0);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A request as `METHOD table`, without the account, the table prefix and the keys or query. */
export function brief(request: CountedRequest, prefix: string): string {
  return `${request.method} ${request.path
    .replace(/^\/[^/]+\//, '')
    .replace(prefix, '')
    .replace(/\(.*\)$/, '')}`;
}
