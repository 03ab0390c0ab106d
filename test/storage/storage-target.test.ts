import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { freePort } from '../../src/local/azurite';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { ReminderQueue } from '../../src/storage/reminder-queue';
import { storageTarget } from '../../src/storage/storage-target';
import { StorageUnavailableError, TableStore } from '../../src/storage/table-store';
import { uniqueTablePrefix } from '../support/bot-harness';
import { IdentityEndpoint } from '../support/identity-endpoint';

function restore(saved: { endpoint: string | undefined; header: string | undefined }): void {
  for (const [name, value] of [
    ['IDENTITY_ENDPOINT', saved.endpoint],
    ['IDENTITY_HEADER', saved.header],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

describe('storage target', () => {
  it('signs in with the managed identity the template names (AZURE_CLIENT_ID), and nothing else', async () => {
    const clientId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const target = storageTarget({
      kind: 'identity',
      tableEndpoint: 'https://bpvprod.table.core.windows.net',
      queueEndpoint: 'https://bpvprod.queue.core.windows.net',
      clientId,
    });
    expect(target).toMatchObject({
      kind: 'identity',
      tableEndpoint: 'https://bpvprod.table.core.windows.net',
      queueEndpoint: 'https://bpvprod.queue.core.windows.net',
    });
    expect(target.kind === 'identity' && target.credential).toBeInstanceOf(ManagedIdentityCredential);

    // As in App Service: the token comes from the platform's identity endpoint, for that client id.
    const identity = new IdentityEndpoint();
    await identity.start();
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = identity.url;
    process.env.IDENTITY_HEADER = identity.secret;
    try {
      const fresh = storageTarget({
        kind: 'identity',
        tableEndpoint: 'https://bpvprod.table.core.windows.net',
        queueEndpoint: 'https://bpvprod.queue.core.windows.net',
        clientId,
      });
      if (fresh.kind !== 'identity') throw new Error('not an identity target');
      const token = await fresh.credential.getToken('https://storage.azure.com/.default');
      expect(token?.token).toMatch(/^ey/);
      expect(identity.requests).toEqual([
        { resource: 'https://storage.azure.com', clientId, apiVersion: '2019-08-01' },
      ]);
    } finally {
      restore(saved);
      await identity.stop();
    }
  });

  it('signs in with DefaultAzureCredential without a client id: `az login` on a laptop', () => {
    const target = storageTarget({
      kind: 'identity',
      tableEndpoint: 'https://bpvprod.table.core.windows.net',
      queueEndpoint: 'https://bpvprod.queue.core.windows.net',
      clientId: undefined,
    });
    expect(target.kind === 'identity' && target.credential).toBeInstanceOf(DefaultAzureCredential);
  });

  it('reports storage unavailable, not an unknown error, when the identity endpoint is down', async () => {
    // App Service's identity endpoint not answering: the credential cannot get a token.
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${await freePort()}/msi/token`;
    process.env.IDENTITY_HEADER = 'secret';
    try {
      const storagePort = await freePort();
      const target = {
        kind: 'identity' as const,
        tableEndpoint: `https://127.0.0.1:${storagePort}/devstoreaccount1`,
        queueEndpoint: `https://127.0.0.1:${storagePort}/devstoreaccount1`,
        credential: new ManagedIdentityCredential({ retryOptions: { maxRetries: 0 } }),
      };
      const store = new TableStore(target, uniqueTablePrefix());
      await expect(store.ensureTables()).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(new PlacementRepository(store).get('p1')).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(await store.ping()).toBe(false);
      await expect(new ReminderQueue(target, 'q-identity').ensure()).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
    } finally {
      restore(saved);
    }
  });
});
