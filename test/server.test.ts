import { loadConfig } from '../src/config';
import { azuriteConnectionString, freePort, startAzurite } from '../src/local/azurite';
import { createLogger } from '../src/logger';
import { startBot } from '../src/server';
import { connectionStringTarget } from '../src/storage/storage-target';
import { BotHarness, uniqueTablePrefix } from './support/bot-harness';

describe('GET /healthz', () => {
  it('answers 200 when storage is reachable', async () => {
    const harness = await BotHarness.start();
    try {
      const response = await fetch(`${harness.bot.url}/healthz`);
      expect(response.status).toBe(200);
    } finally {
      await harness.stop();
    }
  });

  it('answers 503 once storage goes away, and 200 again when it is back', async () => {
    const azurite = await startAzurite();
    const config = loadConfig({
      PORT: '0',
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      TABLE_PREFIX: uniqueTablePrefix(),
    });
    const bot = await startBot({
      config: { ...config, host: '127.0.0.1' },
      storage: connectionStringTarget(azurite.connectionString),
      logger: createLogger('silent'),
    });
    try {
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      await azurite.stop();
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(503);
      const again = await startAzurite({ tablePort: azurite.tablePort, queuePort: azurite.queuePort });
      try {
        expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      } finally {
        await again.stop();
      }
    } finally {
      await bot.close();
      await azurite.stop();
    }
  });

  it('refuses to start when storage cannot be reached', async () => {
    const deadPort = await freePort();
    const connectionString = azuriteConnectionString(deadPort, deadPort);
    const config = loadConfig({
      PORT: '0',
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_PREFIX: uniqueTablePrefix(),
    });
    await expect(
      startBot({
        config: { ...config, host: '127.0.0.1' },
        storage: connectionStringTarget(connectionString),
        logger: createLogger('silent'),
      }),
    ).rejects.toThrow(/storage unavailable/);
  });
});
