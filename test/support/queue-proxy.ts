import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Azure Queue Storage as seen through a busy partition: requests are passed on to Azurite, except
 * those `refuse` picks, which get the answer Azure gives when it sheds load (503 ServerBusy), every
 * time they are tried.
 */
export class QueueProxy {
  private server: Server | undefined;
  private target: URL;
  /** Requests refused so far. */
  refused = 0;

  constructor(
    private readonly connectionString: string,
    private readonly refuse: (method: string, body: string) => boolean,
  ) {
    const endpoint = /QueueEndpoint=([^;]+)/.exec(connectionString)?.[1];
    if (!endpoint) throw new Error('connection string has no QueueEndpoint');
    this.target = new URL(endpoint);
  }

  /** The connection string with the queue endpoint pointing here. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (this.refuse(req.method ?? 'GET', body.toString('utf8'))) {
          this.refused += 1;
          res.writeHead(503, { 'content-type': 'application/xml', 'x-ms-error-code': 'ServerBusy' });
          res.end(
            '<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>The server is busy.</Message></Error>',
          );
          return;
        }
        const forward = request(
          {
            host: this.target.hostname,
            port: this.target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: this.target.host },
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        forward.end(body);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${port}${this.target.pathname}`;
    return this.connectionString.replace(/QueueEndpoint=[^;]+/, `QueueEndpoint=${endpoint}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
