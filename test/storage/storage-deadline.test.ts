import { ReminderQueue } from '../../src/storage/reminder-queue';
import { BULK_DEADLINE_MS, StorageTimeoutError } from '../../src/storage/storage-deadline';
import { StorageUnavailableError, TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { endpointPort, throughPort } from '../support/endpoints';
import { FreezableProxy } from '../support/freezable-proxy';

describe('storage calls against a frozen service', () => {
  const direct = storageConnectionString();

  it('gives up on a table read and the health check instead of hanging', async () => {
    const proxy = new FreezableProxy('127.0.0.1', endpointPort(direct, 'Table'));
    await proxy.start();
    const store = new TableStore(throughPort(direct, proxy.port, 'Table'), uniqueTablePrefix());
    try {
      await store.ensureTables();
      proxy.freeze();
      const failure = await store
        .client('users')
        .getEntity('p', 'r')
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StorageTimeoutError);
      expect(await store.ping()).toBe(false);
    } finally {
      proxy.thaw();
      await proxy.stop();
    }
  });

  it('lets bulk work (a backup, a restore) wait past the deadline a person is answered within', async () => {
    const proxy = new FreezableProxy('127.0.0.1', endpointPort(direct, 'Table'));
    await proxy.start();
    const store = new TableStore(throughPort(direct, proxy.port, 'Table'), uniqueTablePrefix());
    const bulk = store.withDeadline(BULK_DEADLINE_MS);
    try {
      await store.ensureTables();
      await store.client('users').createEntity({ partitionKey: 'p', rowKey: 'r', note: 'kept' });
      expect(bulk.client('users').tableName).toBe(store.client('users').tableName);
      expect(bulk.keys).toBe(store.keys);
      proxy.freeze();
      const waiting = bulk.client('users').getEntity<{ note: string }>('p', 'r');
      // The person-facing read gives up; the bulk read, sent at the same moment, is still waiting.
      await expect(store.client('users').getEntity('p', 'r')).rejects.toBeInstanceOf(StorageTimeoutError);
      proxy.thaw();
      expect((await waiting).note).toBe('kept');
    } finally {
      proxy.thaw();
      await proxy.stop();
    }
  });

  it('gives up on a queue send, which then never arrives', async () => {
    const proxy = new FreezableProxy('127.0.0.1', endpointPort(direct, 'Queue'));
    await proxy.start();
    const name = `q${uniqueTablePrefix()}`.toLowerCase();
    const queue = new ReminderQueue(throughPort(direct, proxy.port, 'Queue'), name);
    const directQueue = new ReminderQueue(direct, name);
    try {
      await queue.ensure();
      proxy.freeze();
      await expect(queue.send({ recipient: 'someone', entries: [] })).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
      await expect(queue.approximateCount()).rejects.toBeInstanceOf(StorageUnavailableError);
      proxy.thaw();
      expect(await directQueue.approximateCount()).toBe(0);
      await queue.send({ recipient: 'someone', entries: [] });
      expect(await directQueue.approximateCount()).toBe(1);
    } finally {
      proxy.thaw();
      await proxy.stop();
    }
  });
});
