// First: telemetry instruments http and the Azure SDK as they are loaded.
import './telemetry-start';
import { type Config, ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startBot } from './server';
import { storageTarget } from './storage/storage-target';
import { stopTelemetry } from './telemetry';

/**
 * The server's process entry (App Service: `node dist/src/main.js`): the bot on its configured
 * storage, nothing else. Local mode (Azurite, demo data, Playgrounds) is another entry,
 * `src/local/main.ts` (`npm start`), which the production build leaves out.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
    if (!config.storage) {
      throw new ConfigError(
        'STORAGE_ACCOUNT_NAME',
        'no storage is set; set STORAGE_ACCOUNT_NAME (managed identity) or STORAGE_CONNECTION_STRING. ' +
          'Local mode (Azurite, demo data, Playgrounds) is `npm start` in a checkout',
      );
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error — ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn({ event: 'config_warning' }, warning);
  const bot = await startBot({ config, storage: storageTarget(config.storage), logger });
  const shutdown = () => {
    void bot
      .close()
      .then(stopTelemetry)
      .then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
