// First: telemetry instruments http and the Azure SDK as they are loaded.
import './telemetry-start';
import { type Config, ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startBot } from './server';
import { storageTarget } from './storage/storage-target';
import { stopTelemetry } from './telemetry';

/**
 * The process entry of `npm start` and App Service: the settings pick local mode (Azurite, demo
 * data, Playgrounds, which then start the bot) or the bot on its configured storage. The server
 * itself knows nothing of local mode.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error — ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn({ event: 'config_warning' }, warning);
  if (config.mode === 'local') {
    // Loaded only here: production never loads Azurite or the Playground.
    const { runLocal } = await import('./local/run-local');
    await runLocal(config, logger);
    return;
  }
  if (!config.storage) throw new Error('storage settings missing outside local mode');
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
