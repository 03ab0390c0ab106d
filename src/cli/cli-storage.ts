import { type Config, ConfigError, loadConfig } from '../config';
import { KeyHasher } from '../storage/keys';
import { type StorageTarget, storageTarget } from '../storage/storage-target';
import { TableStore } from '../storage/table-store';

/** What a command works with: its settings and the storage the bot uses. */
export interface CliContext {
  readonly config: Config;
  readonly storage: StorageTarget;
  readonly store: TableStore;
}

/** Storage for a command when none is set, and how to stop what was started for it. */
export type CommandStorageFallback = (
  config: Config,
  err: (line: string) => void,
) => Promise<{ readonly storage: StorageTarget; readonly stop?: () => Promise<void> }>;

let localStorage: CommandStorageFallback | undefined;

/**
 * In a checkout the commands fall back to local mode's Azurite (`src/local/commands.ts`, preloaded
 * by the npm scripts); the release has no local mode, so there a command without storage settings
 * is refused.
 */
export function useStorageFallback(fallback: CommandStorageFallback): void {
  localStorage = fallback;
}

/**
 * Runs a command against the bot's storage: `STORAGE_CONNECTION_STRING` or `STORAGE_ACCOUNT_NAME`
 * (signed in with the managed identity or `az login`) when set, else, in a checkout, its own
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
  let stopStorage: (() => Promise<void>) | undefined;
  if (!storage) {
    if (!localStorage) {
      err(
        'Configuratiefout — STORAGE_ACCOUNT_NAME: geen opslag ingesteld; zet STORAGE_ACCOUNT_NAME (beheerde identiteit) of STORAGE_CONNECTION_STRING',
      );
      return 2;
    }
    const local = await localStorage(config, err);
    storage = local.storage;
    stopStorage = local.stop;
  }
  try {
    const store = new TableStore(storage, config.tablePrefix, KeyHasher.keyed(config.emailHashKey));
    await store.ensureTables();
    return await work({ config, storage, store });
  } finally {
    await stopStorage?.();
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
