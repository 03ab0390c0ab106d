import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../project-root';
import { type AzuriteHandle, startAzurite } from './azurite';

/** Azurite's default ports, which `UseDevelopmentStorage=true` points at. */
export const LOCAL_TABLE_PORT = 10002;
export const LOCAL_QUEUE_PORT = 10001;
export const LOCAL_CONNECTION_STRING = 'UseDevelopmentStorage=true';

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

/**
 * The local storage of `npm start`: Azurite on its default ports with data under `.data/azurite`.
 * When one is already running (the bot's, or a developer's), it is used and left running.
 */
export async function ensureLocalAzurite(): Promise<{ connectionString: string; azurite?: AzuriteHandle }> {
  if (await portOpen(LOCAL_TABLE_PORT)) return { connectionString: LOCAL_CONNECTION_STRING };
  const location = path.join(projectRoot(), '.data', 'azurite');
  mkdirSync(location, { recursive: true });
  const azurite = await startAzurite({ location, tablePort: LOCAL_TABLE_PORT, queuePort: LOCAL_QUEUE_PORT });
  return { connectionString: LOCAL_CONNECTION_STRING, azurite };
}
