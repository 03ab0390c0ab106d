import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One telemetry item as the Azure Monitor exporter sends it. */
export interface Envelope {
  name: string;
  iKey?: string;
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: Record<string, unknown> };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

/**
 * A local stand-in for the Application Insights ingestion endpoint (the one part outside this
 * machine): it takes `POST /v2/track` and `/v2.1/track` with gzip JSON envelopes and answers as
 * the service does, counting each item as accepted.
 */
export class FakeIngestion {
  readonly envelopes: Envelope[] = [];
  /** Every body as received (decompressed), to search for what must never leave the process. */
  readonly rawBodies: string[] = [];
  private server: Server | undefined;
  private waiters: { until: (e: Envelope[]) => boolean; resolve: () => void }[] = [];
  url = '';

  get connectionString(): string {
    return `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=${this.url}/`;
  }

  /** The exporter speaks HTTPS only: `tls` is a certificate for 127.0.0.1 the bot's process trusts. */
  async start(tls: { key: string; cert: string }): Promise<void> {
    this.server = createServer(tls, (req, res) => {
      void readBody(req).then((body) => {
        if (req.method !== 'POST' || !/^\/v2(\.1)?\/track$/.test(req.url ?? '')) {
          res.writeHead(404).end();
          return;
        }
        const text = body.toString('utf8');
        this.rawBodies.push(text);
        const parsed: unknown = JSON.parse(text);
        const items = (Array.isArray(parsed) ? parsed : [parsed]) as Envelope[];
        this.envelopes.push(...items);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
        this.waiters = this.waiters.filter((w) => {
          if (!w.until(this.envelopes)) return true;
          w.resolve();
          return false;
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once the envelopes received so far satisfy `until`. */
  async waitFor(until: (envelopes: Envelope[]) => boolean): Promise<void> {
    if (until(this.envelopes)) return;
    await new Promise<void>((resolve) => this.waiters.push({ until, resolve }));
  }

  ofType(baseType: string): Envelope[] {
    return this.envelopes.filter((e) => e.data?.baseType === baseType);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
