// First: telemetry instruments http and the Azure SDK as they are loaded.
import '../telemetry-start';
import { type Config, ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';

/**
 * The process entry of `npm start` in a checkout: without storage settings and without
 * `MicrosoftAppId` local mode (this checkout's Azurite, demo data, Agents Playgrounds, which then
 * start the bot); with them the server's own entry (`src/main.ts`), as App Service runs it. Only the
 * development build compiles this folder; the release holds none of it.
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
  if (config.mode !== 'local') {
    await import('../main');
    return;
  }
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn({ event: 'config_warning' }, warning);
  const { runLocal } = await import('./run-local');
  await runLocal(config, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
