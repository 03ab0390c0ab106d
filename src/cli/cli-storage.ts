import { type Config, ConfigError, loadConfig } from '../config';
import type { Logger } from '../logger';
import { type BuiltInQualifications, loadQualificationCatalog } from '../qualifications/catalog';
import type { DocumentVersionStore } from '../services/agreement-documents';
import type { BackupStore } from '../services/backups';
import type { ErasureDeps } from '../services/erase-person';
import type { InstallAppDeps } from '../services/install-app';
import type { StoredKeys } from '../services/key-rotation';
import type { PlacementScan } from '../services/personal-data-ports';
import type { PlacementImportPort } from '../services/placement-import-ports';
import type { PurgeDeps } from '../services/purge-placements';
import { type QualificationCatalog, storedQualificationCatalog } from '../services/qualification-catalog';
import type { QualificationStore } from '../services/qualification-ports';
import type { RebindDeps } from '../services/rebind-account';
import { AppInstallRepository } from '../storage/app-install-repository';
import { ConversationRepository } from '../storage/conversation-repository';
import { CoordinatorRepository } from '../storage/coordinator-repository';
import { migrateToKeyedHashes } from '../storage/key-migration';
import { KeyHasher } from '../storage/keys';
import { PersonalDataRepository } from '../storage/personal-data-repository';
import { PlacementImportStore } from '../storage/placement-import-store';
import { PlacementRepository } from '../storage/placement-repository';
import { QualificationRepository } from '../storage/qualification-repository';
import { RoundRepository } from '../storage/round-repository';
import { connectionStringTarget, type StorageTarget, storageTarget } from '../storage/storage-target';
import { blobService, TableBackupStore } from '../storage/table-backup';
import { TableStore } from '../storage/table-store';
import { TrainerContactRepository } from '../storage/trainer-contact-repository';
import { UserRepository } from '../storage/user-repository';
import type { ReminderService } from '../wiring/reminders';

/** The tables a backup is restored into: this account's, or another's (`backup restore --into`). */
export type RestoreTables = TableStore;

/**
 * What the commands work through: the ports of the use cases in `src/services/`, on the bot's
 * storage. Each is made when a command first asks for it.
 */
export interface CliServices {
  /** Every stored placement (`list`, the export, install-app). */
  readonly placements: PlacementScan;
  /** The placement import's storage (`import`). */
  readonly placementImport: PlacementImportPort;
  /** The qualifications shipped with the product. */
  readonly builtInQualifications: BuiltInQualifications;
  /** The built-in qualifications and the versions the school stored. */
  readonly qualifications: QualificationCatalog;
  /** The versions the school stored (`qualification`). */
  readonly qualificationStore: QualificationStore;
  /** The stored agreement versions and their decisions (the export). */
  readonly agreementVersions: DocumentVersionStore;
  /** Roles, user bindings and coordinator accounts (`rebind`). */
  readonly accounts: RebindDeps;
  /** Everything installing the app for people needs but Microsoft Graph and the clock (`install-app`). */
  readonly appInstall: Omit<InstallAppDeps, 'installer' | 'now'>;
  /** A person's data wherever it is stored (`erase`). */
  readonly erasure: ErasureDeps;
  /** Placements past their retention (`purge`). */
  readonly retention: PurgeDeps;
  /** The stored keys, for a new `EMAIL_HASH_KEY` (`migrate-keys`). */
  readonly storedKeys: StoredKeys;
  /** The backups beside the tables; throws when the account has no blob service. */
  backups(): BackupStore<RestoreTables>;
  /**
   * The tables a backup goes into, and the erasure on them: this account's, or those of `into` (an
   * account name, reached like STORAGE_ACCOUNT_NAME, or a connection string).
   */
  restoreTarget(into?: string): { readonly tables: RestoreTables; readonly erasure: ErasureDeps };
  /** The reminder sweep, its queue and a worker, sending as the bot does (`reminders`). */
  reminders(options: { readonly logger: Logger; readonly now: () => Date }): Promise<ReminderService>;
}

/** What a command works with: its settings and the use cases' ports. */
export interface CliContext extends CliServices {
  readonly config: Config;
}

/** `--into`: an account name (reached like STORAGE_ACCOUNT_NAME) or a connection string. */
function intoTarget(into: string, clientId: string | undefined): StorageTarget {
  if (into.includes('=')) return connectionStringTarget(into);
  if (!/^[a-z0-9]{3,24}$/.test(into)) throw new Error(`--into '${into}' is geen opslagaccount`);
  return storageTarget({
    kind: 'identity',
    tableEndpoint: `https://${into}.table.core.windows.net`,
    queueEndpoint: `https://${into}.queue.core.windows.net`,
    clientId,
  });
}

const erasureOn = (store: TableStore) => ({
  placements: new PlacementRepository(store),
  personalData: new PersonalDataRepository(store),
});

/** The repositories behind {@link CliServices}, on `store`: the one place the commands' storage is made. */
function cliContext(
  config: Config,
  storage: StorageTarget,
  store: TableStore,
  env: Record<string, string | undefined>,
): CliContext {
  let builtIns: BuiltInQualifications | undefined;
  let catalog: QualificationCatalog | undefined;
  const builtInQualifications = () => {
    builtIns ??= loadQualificationCatalog();
    return builtIns;
  };
  const qualifications = () => {
    catalog ??= storedQualificationCatalog(builtInQualifications(), new QualificationRepository(store));
    return catalog;
  };
  return {
    config,
    get placements() {
      return new PlacementRepository(store);
    },
    get placementImport() {
      return new PlacementImportStore(store);
    },
    get builtInQualifications() {
      return builtInQualifications();
    },
    get qualifications() {
      return qualifications();
    },
    get qualificationStore() {
      return new QualificationRepository(store);
    },
    get agreementVersions() {
      return new RoundRepository(store);
    },
    get accounts() {
      return {
        placements: new PlacementRepository(store),
        users: new UserRepository(store),
        coordinators: new CoordinatorRepository(store),
      };
    },
    get appInstall() {
      return {
        placements: new PlacementRepository(store),
        conversations: new ConversationRepository(store),
        failures: new AppInstallRepository(store),
        trainerContacts: new TrainerContactRepository(store),
      };
    },
    get erasure() {
      return erasureOn(store);
    },
    get retention() {
      return erasureOn(store);
    },
    get storedKeys() {
      return { moveFrom: (previousKey: string) => migrateToKeyedHashes(store, KeyHasher.keyed(previousKey)) };
    },
    backups: () => new TableBackupStore(store, blobService(storage)),
    restoreTarget: (into) => {
      const tables = into
        ? new TableStore(
            intoTarget(into, env.AZURE_CLIENT_ID),
            config.tablePrefix,
            KeyHasher.keyed(config.emailHashKey),
          )
        : store;
      return { tables, erasure: erasureOn(tables) };
    },
    reminders: async ({ logger, now }) => {
      // Loaded here, so the other commands do not load the Bot Framework and the mail.
      const [{ createReminderSender }, { createTrainerMailer, withMailedTrainers }, wiring] =
        await Promise.all([
          import('../teams/reminder-sender-factory'),
          import('../mail/trainer-mail-setup'),
          import('../wiring/reminders'),
        ]);
      const share = wiring.createSendRateShare(store, config.reminders, logger);
      return wiring.createReminderService({
        config: config.reminders,
        store,
        storage,
        sender: withMailedTrainers(
          createReminderSender(
            config.auth,
            config.connectorTimeoutMs,
            new ConversationRepository(store),
            qualifications(),
            logger,
            config.timeZone,
            share,
            wiring.reminderRules(config.reminders),
          ),
          createTrainerMailer(
            config,
            logger,
            () => new Date(),
            () => config.publicUrl ?? `http://127.0.0.1:${config.port}`,
          ),
        ),
        logger,
        share,
        now,
      });
    },
  };
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
    return await work(cliContext(config, storage, store, env));
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
