import { createServer, type Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a storage endpoint that can be frozen: it keeps accepting
 * connections and reading requests but forwards nothing either way, as a storage service that hangs
 * (not one that is down) looks to a client. Bytes held while frozen are dropped when their client
 * gives up, so a request the client abandoned never reaches storage after a thaw.
 */
export class FreezableProxy {
  private server: Server | undefined;
  private frozen = false;
  private readonly links = new Set<Link>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => this.link(client));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  freeze(): void {
    this.frozen = true;
  }

  /** Forwards again, including what live connections sent while frozen. */
  thaw(): void {
    this.frozen = false;
    for (const link of this.links) link.flush();
  }

  async stop(): Promise<void> {
    for (const link of this.links) link.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private link(client: Socket): void {
    const upstream = new Socket();
    const link = new Link(client, upstream, () => this.frozen);
    this.links.add(link);
    link.onClose(() => this.links.delete(link));
    upstream.connect(this.targetPort, this.targetHost);
  }
}

class Link {
  private readonly held: { to: Socket; chunk: Buffer }[] = [];
  private closed = false;
  private readonly closeHandlers: (() => void)[] = [];

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly isFrozen: () => boolean,
  ) {
    client.on('data', (chunk: Buffer) => this.forward(upstream, chunk));
    upstream.on('data', (chunk: Buffer) => this.forward(client, chunk));
    for (const socket of [client, upstream]) {
      socket.on('error', () => this.close());
      socket.on('close', () => this.close());
    }
  }

  private forward(to: Socket, chunk: Buffer): void {
    if (this.isFrozen()) this.held.push({ to, chunk });
    else to.write(chunk);
  }

  flush(): void {
    for (const { to, chunk } of this.held.splice(0)) to.write(chunk);
  }

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.held.length = 0;
    this.client.destroy();
    this.upstream.destroy();
    for (const handler of this.closeHandlers) handler();
  }
}
