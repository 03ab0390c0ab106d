import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the SharePoint/OneDrive host behind a Teams file's `downloadUrl`, on loopback:
 * each file is served at an unguessable path, with its length, as SharePoint serves a download.
 * It counts the requests, so a test can show a file was never fetched.
 */
export class FileHost {
  private server: Server | undefined;
  private readonly files = new Map<string, Buffer>();
  readonly requests: string[] = [];
  origin = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const file = this.files.get(req.url ?? '');
      if (req.method !== 'GET' || !file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length });
      res.end(file);
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Serves `content` and returns its download URL. */
  serve(content: string | Buffer): string {
    const path = `/download.aspx?UniqueId=${randomBytes(12).toString('hex')}&tempauth=${randomBytes(16).toString('hex')}`;
    this.files.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
    return `${this.origin}${path}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
