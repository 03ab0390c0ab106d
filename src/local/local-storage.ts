import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { projectRoot } from '../project-root';
import { type AzuriteHandle, azuriteConnectionString, freePort, startAzurite } from './azurite';

/**
 * The ports of this data folder's own Azurite, chosen free on its first start and kept, so that
 * two checkouts on one machine never share storage; `owner` marks that Azurite as this folder's.
 */
interface LocalPorts {
  readonly tablePort: number;
  readonly queuePort: number;
  readonly owner: string;
}

/** The storage `npm start` and the commands work with in local mode, and whose it is. */
export interface LocalStorage {
  readonly connectionString: string;
  readonly tablePort: number;
  readonly queuePort: number;
  /** Started by this process (and to be stopped by it); absent when another process of this folder runs it. */
  readonly azurite?: AzuriteHandle;
  /** The data folder whose Azurite this is. */
  readonly dataDir: string;
  /**
   * `running`: another process of this folder runs it (used, left running); `started`: started
   * here; `moved`: started here on new ports because something else held the kept ones.
   */
  readonly state: 'running' | 'started' | 'moved';
}

/** One line for the person starting it, saying whose storage is used. */
export function describeLocalStorage(storage: LocalStorage): string {
  const how = {
    running: 'already running, used and left running',
    started: 'started',
    moved: 'started on new ports (the kept ones were taken by another program)',
  }[storage.state];
  return `Azurite of ${storage.dataDir} ${how}, table port ${storage.tablePort}, queue port ${storage.queuePort}`;
}

const PORTS_FILE = 'azurite-ports.json';
// A table of its own, outside every TABLE_PREFIX's names; it holds one row with the folder's mark.
const OWNER_TABLE = 'localazuriteowner';

/** `.data/` of this checkout unless LOCAL_DATA_DIR names another folder. */
export function localDataDir(configured: string | undefined): string {
  return configured ? path.resolve(configured) : path.join(projectRoot(), '.data');
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function readPorts(file: string): LocalPorts | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalPorts>;
    const port = (p: unknown) => typeof p === 'number' && Number.isInteger(p) && p > 0 && p < 65536;
    if (port(value.tablePort) && port(value.queuePort) && typeof value.owner === 'string') {
      return value as LocalPorts;
    }
  } catch {
    // An unreadable file is replaced by new ports below.
  }
  return undefined;
}

async function newPorts(file: string, owner: string = randomUUID()): Promise<LocalPorts> {
  const tablePort = await freePort();
  let queuePort = await freePort();
  while (queuePort === tablePort) queuePort = await freePort();
  const ports = { tablePort, queuePort, owner };
  writeFileSync(file, `${JSON.stringify(ports, null, 2)}\n`);
  return ports;
}

function ownerTable(ports: LocalPorts): TableClient {
  return TableClient.fromConnectionString(
    azuriteConnectionString(ports.tablePort, ports.queuePort),
    OWNER_TABLE,
    { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } },
  );
}

/** Whether the Azurite answering on the ports carries this folder's mark (and not another's). */
async function isOurs(ports: LocalPorts): Promise<boolean> {
  try {
    const row = await ownerTable(ports).getEntity<{ owner: string }>('owner', 'owner');
    return row.owner === ports.owner;
  } catch {
    return false;
  }
}

async function markAsOurs(ports: LocalPorts): Promise<void> {
  const table = ownerTable(ports);
  await table.createTable();
  await table.upsertEntity({ partitionKey: 'owner', rowKey: 'owner', owner: ports.owner }, 'Replace');
}

/**
 * The local storage of `npm start` and of the commands without storage settings: this data
 * folder's own Azurite, on the ports kept in `<dataDir>/azurite-ports.json` with its data in
 * `<dataDir>/azurite`. When it is already running (`npm start` in another terminal) it is used and
 * left running. Whatever else listens on those ports (another checkout's Azurite) is never used:
 * new free ports are chosen and kept instead.
 */
export async function ensureLocalAzurite(dataDir: string): Promise<LocalStorage> {
  const location = path.join(dataDir, 'azurite');
  mkdirSync(location, { recursive: true });
  const file = path.join(dataDir, PORTS_FILE);
  let ports = readPorts(file) ?? (await newPorts(file));
  const result = (state: LocalStorage['state'], azurite?: AzuriteHandle): LocalStorage => ({
    connectionString: azuriteConnectionString(ports.tablePort, ports.queuePort),
    tablePort: ports.tablePort,
    queuePort: ports.queuePort,
    dataDir,
    state,
    ...(azurite ? { azurite } : {}),
  });

  if ((await portOpen(ports.tablePort)) && (await isOurs(ports))) {
    return result('running');
  }
  let moved = false;
  if ((await portOpen(ports.tablePort)) || (await portOpen(ports.queuePort))) {
    ports = await newPorts(file, ports.owner);
    moved = true;
  }
  const azurite = await startAzurite({ location, tablePort: ports.tablePort, queuePort: ports.queuePort });
  try {
    await markAsOurs(ports);
  } catch (error) {
    await azurite.stop();
    throw error;
  }
  return result(moved ? 'moved' : 'started', azurite);
}
