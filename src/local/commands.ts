import { useStorageFallback } from '../cli/cli-storage';
import { connectionStringTarget } from '../storage/storage-target';
import { ensureLocalAzurite, localDataDir } from './local-storage';

/**
 * Preloaded by the npm scripts of the commands (`node -r dist/src/local/commands.js …`): without
 * storage settings a command in a checkout works with this checkout's own Azurite (that of
 * `npm start`), started for the length of the command when it is not running.
 */
useStorageFallback(async (config, err) => {
  const local = await ensureLocalAzurite(localDataDir(config.localDataDir));
  // On stderr, so that what a command prints on stdout stays its answer alone.
  const how = {
    running: 'die al draait (blijft draaien)',
    started: 'gestart voor deze opdracht',
    moved: 'gestart op nieuwe poorten (de bewaarde waren bezet)',
  }[local.state];
  err(`Opslag: de Azurite van ${local.dataDir}, ${how}; tabelpoort ${local.tablePort}`);
  const azurite = local.azurite;
  return {
    storage: connectionStringTarget(local.connectionString),
    ...(azurite ? { stop: () => azurite.stop() } : {}),
  };
});
