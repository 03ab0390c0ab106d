import { type Config, ConfigError, loadConfig } from '../config';
import { KeyHasher } from '../storage/keys';
import { connectionStringTarget, type StorageTarget, storageTarget } from '../storage/storage-target';
import { TableStore } from '../storage/table-store';

/** What a command works with: its settings and the storage the bot uses. */
export interface CliContext {
  readonly config: Config;
  readonly storage: StorageTarget;
  readonly store: TableStore;
}

/**
 * Runs a command against the bot's storage: `STORAGE_CONNECTION_STRING` or `STORAGE_ACCOUNT_NAME`
 * (signed in with the managed identity or `az login`) when set, else this checkout's own
 * Azurite (that of `npm start`), started for the length of the command when it is not running. A bad
 * setting is reported by name with exit code 2.
 */
export async function withCliStorage(
  env: Record<string, string | undefined>,
  err: (line: string) => void,
  work: (context: CliContext) => Promise<number>,
): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env, { purpose: 'command' });
  } catch (error) {
    if (error instanceof ConfigError) {
      err(`Configuratiefout — ${error.message}`);
      return 2;
    }
    throw error;
  }
  let storage = config.storage ? storageTarget(config.storage) : undefined;
  let stopAzurite: (() => Promise<void>) | undefined;
  if (!storage) {
    const { ensureLocalAzurite, localDataDir } = await import('../local/local-storage');
    const local = await ensureLocalAzurite(localDataDir(config.localDataDir));
    // On stderr, so that what a command prints on stdout stays its answer alone.
    const how = {
      running: 'die al draait (blijft draaien)',
      started: 'gestart voor deze opdracht',
      moved: 'gestart op nieuwe poorten (de bewaarde waren bezet)',
    }[local.state];
    err(`Opslag: de Azurite van ${local.dataDir}, ${how}; tabelpoort ${local.tablePort}`);
    storage = connectionStringTarget(local.connectionString);
    stopAzurite = local.azurite ? () => local.azurite?.stop() ?? Promise.resolve() : undefined;
  }
  try {
    const store = new TableStore(storage, config.tablePrefix, KeyHasher.keyed(config.emailHashKey));
    await store.ensureTables();
    return await work({ config, storage, store });
  } finally {
    await stopAzurite?.();
  }
}

/** Runs a command as the process's main module: real stdout and stderr, its answer as exit code. */
export function runAsMain(
  command: (
    args: string[],
    env: Record<string, string | undefined>,
    out: (line: string) => void,
    err: (line: string) => void,
  ) => Promise<number>,
): void {
  command(
    process.argv.slice(2),
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  )
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`Mislukt: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
