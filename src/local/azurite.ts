import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../project-root';

/** A running Azurite table + queue emulator pair, owned by this process. */
export interface AzuriteHandle {
  readonly tablePort: number;
  readonly queuePort: number;
  readonly connectionString: string;
  /** The account's service addresses, for clients that sign in with a token. */
  readonly tableEndpoint: string;
  readonly queueEndpoint: string;
  stop(): Promise<void>;
  /** Ends both services at once (SIGKILL), for a second Ctrl-C; resolves when they are gone. */
  kill(): Promise<void>;
}

export interface AzuriteOptions {
  /** Folder for persisted data; in-memory when omitted. */
  location?: string;
  tablePort?: number;
  queuePort?: number;
  /** Serves HTTPS with this PEM certificate and key, as bearer tokens require. */
  tls?: { cert: string; key: string };
  /** Accepts Entra bearer tokens (checks their claims, not their signature); needs `tls`. */
  oauth?: boolean;
  /** Starts the blob service as well (table backups), named in the connection string. */
  blob?: boolean;
}

const ACCOUNT = 'devstoreaccount1';
// The emulator's documented, public well-known key; not a secret.
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Builds the full devstoreaccount1 connection string for emulator ports other than the defaults. */
export function azuriteConnectionString(
  tablePort: number,
  queuePort: number,
  protocol = 'http',
  blobPort?: number,
): string {
  return [
    `DefaultEndpointsProtocol=${protocol}`,
    `AccountName=${ACCOUNT}`,
    `AccountKey=${ACCOUNT_KEY}`,
    `TableEndpoint=${protocol}://127.0.0.1:${tablePort}/${ACCOUNT}`,
    `QueueEndpoint=${protocol}://127.0.0.1:${queuePort}/${ACCOUNT}`,
    ...(blobPort ? [`BlobEndpoint=${protocol}://127.0.0.1:${blobPort}/${ACCOUNT}`] : []),
  ].join(';');
}

/** Finds a free loopback port (Azurite reports `:0` when asked to pick one itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function startService(
  service: 'table' | 'queue' | 'blob',
  port: number,
  options: AzuriteOptions,
): Promise<ChildProcess> {
  const bin = path.join(projectRoot(), 'node_modules', '.bin', `azurite-${service}`);
  const args = [`--${service}Port`, String(port), '--disableTelemetry', '--skipApiVersionCheck', '--silent'];
  if (options.location) args.push('--location', options.location);
  else args.push('--inMemoryPersistence');
  if (options.tls) args.push('--cert', options.tls.cert, '--key', options.tls.key);
  if (options.oauth) args.push('--oauth', 'basic');
  // Its own process group: a Ctrl-C in the terminal must not stop storage before the bot that uses it.
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => killTree(child);
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/successfully (started|listens)/.test(output)) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`Azurite ${service} exited with code ${code}: ${output.trim()}`)),
    );
  });
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Signals the child's process group (the `.bin` shim may have started node under it). */
function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || !running(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function killTree(child: ChildProcess): void {
  signalTree(child, 'SIGKILL');
}

/** Kills the child and resolves once it has exited (and its sockets are closed). */
function killed(child: ChildProcess): Promise<void> {
  if (!running(child)) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killTree(child);
  return exited;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => killTree(child), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalTree(child, 'SIGINT');
  });
}

/** Starts Azurite's table and queue services and resolves once both accept connections. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteHandle> {
  const tablePort = options.tablePort ?? (await freePort());
  const queuePort = options.queuePort ?? (await freePort());
  const protocol = options.tls ? 'https' : 'http';
  const table = await startService('table', tablePort, options);
  let queue: ChildProcess;
  try {
    queue = await startService('queue', queuePort, options);
  } catch (error) {
    await stopChild(table);
    throw error;
  }
  const blobPort = options.blob ? await freePort() : undefined;
  let blob: ChildProcess | undefined;
  try {
    blob = blobPort ? await startService('blob', blobPort, options) : undefined;
  } catch (error) {
    await Promise.all([stopChild(table), stopChild(queue)]);
    throw error;
  }
  const children = [table, queue, ...(blob ? [blob] : [])];
  return {
    tablePort,
    queuePort,
    connectionString: azuriteConnectionString(tablePort, queuePort, protocol, blobPort),
    tableEndpoint: `${protocol}://127.0.0.1:${tablePort}/${ACCOUNT}`,
    queueEndpoint: `${protocol}://127.0.0.1:${queuePort}/${ACCOUNT}`,
    stop: async () => {
      await Promise.all(children.map(stopChild));
    },
    kill: async () => {
      await Promise.all(children.map(killed));
    },
  };
}
