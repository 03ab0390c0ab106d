import { z } from 'zod';
import type { RunMode } from './common-settings';
import {
  type GraphConfig,
  type GraphIdentity,
  graphSettings,
  graphSettingsShape,
} from './graph/graph-settings';
import { localModeSettings, localModeSettingsShape } from './local-mode-settings';
import { type MailConfig, mailSettings, mailSettingsShape } from './mail/mail-settings';
import { privacySettings, privacySettingsShape } from './privacy-settings';
import { type ReminderConfig, reminderSettings, reminderSettingsShape } from './scheduler/reminder-settings';
import { type BotAuthConfig, serverSettings, serverSettingsShape } from './server-settings';
import { type OfficeConfig, officeSettings, officeSettingsShape } from './services/office/office-settings';
import {
  DEVELOPMENT_EMAIL_HASH_KEY,
  MIN_EMAIL_HASH_KEY_LENGTH,
  type StorageSettings,
  storageAddresses,
  storageLocality,
  storageSettings,
  storageSettingsShape,
} from './storage/storage-settings';
import { type TelemetryConfig, telemetrySettings, telemetrySettingsShape } from './telemetry-settings';
import {
  DEVELOPMENT_TRAINER_LINK_SECRET,
  MIN_TRAINER_LINK_SECRET_LENGTH,
  type TrainerLinkConfig,
  trainerLinkSettings,
  trainerLinkSettingsShape,
} from './web/trainer-link-settings';

export type {
  BotAuthConfig,
  GraphConfig,
  GraphIdentity,
  MailConfig,
  OfficeConfig,
  ReminderConfig,
  StorageSettings,
  TelemetryConfig,
  TrainerLinkConfig,
};

/**
 * The configuration's assembly. Each feature's settings (schema, descriptions, defaults, checks and
 * the shape the code gets) live in the `*-settings.ts` beside the feature; this module reads the
 * environment once, combines their schemas, and adds what spans features: the run mode, the
 * production guards, and the warnings.
 */

/** The features' settings, each group as docs/configuration.md shows it. */
export const settingsGroups = [
  { title: 'Server and Teams', module: 'src/server-settings.ts', shape: serverSettingsShape },
  { title: 'Storage', module: 'src/storage/storage-settings.ts', shape: storageSettingsShape },
  { title: 'Local mode', module: 'src/local-mode-settings.ts', shape: localModeSettingsShape },
  { title: 'Reminders', module: 'src/scheduler/reminder-settings.ts', shape: reminderSettingsShape },
  { title: 'Privacy and backups', module: 'src/privacy-settings.ts', shape: privacySettingsShape },
  { title: 'Microsoft Graph', module: 'src/graph/graph-settings.ts', shape: graphSettingsShape },
  { title: 'The BPV office', module: 'src/services/office/office-settings.ts', shape: officeSettingsShape },
  { title: 'Mail to trainers', module: 'src/mail/mail-settings.ts', shape: mailSettingsShape },
  { title: "Trainers' links", module: 'src/web/trainer-link-settings.ts', shape: trainerLinkSettingsShape },
  { title: 'Telemetry', module: 'src/telemetry-settings.ts', shape: telemetrySettingsShape },
] as const;

const schema = z.object({
  ...serverSettingsShape,
  ...storageSettingsShape,
  ...localModeSettingsShape,
  ...reminderSettingsShape,
  ...privacySettingsShape,
  ...graphSettingsShape,
  ...officeSettingsShape,
  ...mailSettingsShape,
  ...trainerLinkSettingsShape,
  ...telemetrySettingsShape,
});

/** The schema of every setting, each with its description (`.describe()`): docs/configuration.md is made from it. */
export const settingsSchema = schema;

type ParsedEnv = z.output<typeof schema>;

/** Settings of one run, parsed once from the environment by the entry points. */
export type Config = z.output<typeof serverSettings> &
  Omit<z.output<typeof storageSettings>, 'storageLocality'> &
  z.output<typeof localModeSettings> &
  z.output<typeof privacySettings> & {
    readonly mode: RunMode;
    /** Loopback without authentication; all interfaces in production (App Service routes to the container). */
    readonly host: string;
    readonly auth: BotAuthConfig | undefined;
    readonly reminders: ReminderConfig;
    /** Settings that are allowed but deserve a line in the log at start-up. */
    readonly warnings: readonly string[];
    /** Application Insights; undefined when nothing is to be sent. */
    readonly telemetry: TelemetryConfig | undefined;
    /** Microsoft Graph: installing the app for people, and mail from the school mailbox. */
    readonly graph: GraphConfig;
    /** The BPV office: who belongs to it, and the files its members send the bot. */
    readonly office: OfficeConfig;
    /** Their signed links (`TRAINER_LINK_SECRET`, `TRAINER_LINK_DAYS`); undefined: no link works. */
    readonly trainerLinks: TrainerLinkConfig | undefined;
  } & z.output<ReturnType<typeof mailSettings>>;

/** A setting is missing or invalid; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Parses `env` with one schema; its first issue becomes the ConfigError of the variable it names. */
function parse<T extends z.ZodTypeAny>(settings: T, env: Record<string, string | undefined>): z.output<T> {
  const parsed = settings.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'invalid');
  }
  return parsed.data;
}

/**
 * Development storage must never back a production bot: it has a public key and no durability. A
 * mix of the emulator and a real account is refused in every mode (see storage/storage-settings).
 */
export function isDevelopmentStorage(address: string): boolean {
  return storageLocality(address) === 'development';
}

/** A setting left blank means its default, as if it were not set (`PORT=` is not port 0). */
function withoutBlanks(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, value?.trim() ? value : undefined]),
  );
}

/** The bot's own identity settings: they only mean something together with MicrosoftAppId. */
const BOT_IDENTITY_SETTINGS = [
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ALLOWED_TENANT_IDS',
] as const;

const KNOWN_SETTINGS = Object.keys(schema.shape);
const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * A setting spelled almost right (`MicrosoftAppID`, `MICROSOFT_APP_ID`) or left blank would
 * otherwise read as "not set" and quietly turn authentication off; both are refused instead.
 */
function refuseMisspelledSettings(env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const known = KNOWN_SETTINGS.find((k) => squash(k) === squash(name));
    if (known && known !== name) {
      throw new ConfigError(name, `unknown setting; did you mean ${known}?`);
    }
    if (!known && squash(name).startsWith('microsoftapp')) {
      throw new ConfigError(
        name,
        'unknown setting; the bot reads MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId',
      );
    }
    // A blank app id or app type would quietly mean "no authentication"; other blanks are harmless.
    if ((known === 'MicrosoftAppId' || known === 'MicrosoftAppType') && value.trim() === '') {
      throw new ConfigError(name, 'is set but empty; remove it or give it a value');
    }
    // App Service passes a Key Vault or App Configuration reference it could not resolve as the
    // literal text: used as a secret, it would be one that anyone reading the settings knows.
    if (known && /^@Microsoft\.(KeyVault|AppConfiguration)\(/i.test(value.trim())) {
      throw new ConfigError(
        name,
        'is an unresolved Key Vault reference; give the app identity access to the secret (Key Vault Secrets User) and restart',
      );
    }
  }
}

/**
 * Parses the environment. Without MicrosoftAppId the bot runs unauthenticated, so that mode is
 * held to a loopback address and Azurite; with it, JWT authentication is on and development
 * storage or missing credentials are refused.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  /**
   * `command`: a storage command of IT's (`placements`, `export`): it serves nothing, so it needs
   * no bot identity to reach a real storage account, only the account and the hash key.
   */
  options: { readonly purpose?: 'bot' | 'command' } = {},
): Config {
  refuseMisspelledSettings(env);
  const given = withoutBlanks(env);
  // Every setting's own checks first, in the schema's order; then each feature's checks across its settings.
  const e = parse(schema, given);
  const reminders = parse(reminderSettings, given);
  const { storageLocality: locality, ...storage } = parse(storageSettings, given);
  const mode: RunMode = e.MicrosoftAppId ? 'production' : storage.storage ? 'development' : 'local';
  const warnings: string[] = [];
  let auth: BotAuthConfig | undefined;
  if (mode === 'production') {
    auth = productionAuth(e, storage.storage, locality, warnings);
  } else if (options.purpose === 'command') {
    refuseCommandWithoutHashKey(e, storage.storage);
  } else {
    refuseUnauthenticatedExposure(e, storage.storage, locality);
  }
  const office = parse(officeSettings, given);
  const mail = parse(mailSettings(mode), given);
  if (mode === 'production' && mail.mail.transport !== 'off' && !e.TRAINER_LINK_SECRET) {
    // With the development secret anyone could make a link to any trainer's page.
    throw new ConfigError(
      'TRAINER_LINK_SECRET',
      `required in production when mail is on: a secret of at least ${MIN_TRAINER_LINK_SECRET_LENGTH} characters`,
    );
  }
  return {
    mode,
    host: mode === 'production' ? '0.0.0.0' : '127.0.0.1',
    auth,
    warnings,
    ...parse(serverSettings, given),
    ...storage,
    ...parse(localModeSettings, given),
    ...parse(privacySettings, given),
    reminders,
    telemetry: parse(telemetrySettings, given),
    graph: {
      ...parse(graphSettings, given),
      mailFrom: mailboxOf(e.MAIL_FROM),
      identity: graphIdentity(auth, e.ALLOWED_TENANT_IDS),
    },
    office: {
      ...office,
      // Local mode and tests serve files on this machine; production never fetches from it.
      downloadHosts: [...office.downloadHosts, ...(mode === 'production' ? [] : ['127.0.0.1', 'localhost'])],
    },
    ...mail,
    trainerLinks: parse(trainerLinkSettings(mode), given),
  };
}

/** Graph is called as the bot itself: its managed identity or its app registration's secret. */
function graphIdentity(
  auth: BotAuthConfig | undefined,
  allowedTenants: string | undefined,
): GraphIdentity | undefined {
  if (!auth) return undefined;
  if (auth.appType === 'UserAssignedMSI') return { kind: 'managedIdentity', clientId: auth.appId };
  // A multi-tenant registration names no tenant of its own: the school's is the first allowed one.
  const tenantId = auth.tenantId ?? allowedTenants?.split(',')[0]?.trim();
  if (!tenantId || !auth.appPassword) return undefined;
  return { kind: 'clientSecret', tenantId, clientId: auth.appId, secret: auth.appPassword };
}

/** The bare address of `MAIL_FROM` (`Name <address>` or `address`): Graph sends from a mailbox by its address. */
function mailboxOf(from: string | undefined): string | undefined {
  return from?.match(/<([^>]+)>/)?.[1] ?? from;
}

/**
 * Only the telemetry settings, for the process entry to start telemetry before anything else is
 * loaded. Invalid settings read as "off" here; loadConfig reports them right after.
 */
export function loadTelemetryConfig(env: Record<string, string | undefined>): TelemetryConfig | undefined {
  const parsed = telemetrySettings.safeParse(withoutBlanks(env));
  return parsed.success ? parsed.data : undefined;
}

/** Without an app id nothing is authenticated: only the local emulator, and no half-set identity. */
function refuseUnauthenticatedExposure(
  e: ParsedEnv,
  storage: StorageSettings | undefined,
  locality: 'development' | 'real' | undefined,
): void {
  for (const name of BOT_IDENTITY_SETTINGS) {
    if (e[name] !== undefined) {
      throw new ConfigError(
        name,
        'set without MicrosoftAppId; set MicrosoftAppId as well (production) or remove it (local use)',
      );
    }
  }
  const [first] = storageAddresses(storage);
  if (first && locality === 'real') {
    throw new ConfigError(
      first[0],
      'points at a real storage account while MicrosoftAppId is not set, which would run the bot without ' +
        'authentication; set MicrosoftAppId, MicrosoftAppType and MicrosoftAppTenantId (with its credentials), ' +
        'or use Azurite',
    );
  }
}

/**
 * A command against a real storage account must hash addresses with the bot's own key: with the
 * development key it would find no one and write keys the bot never reads.
 */
function refuseCommandWithoutHashKey(e: ParsedEnv, storage: StorageSettings | undefined): void {
  const real = storageAddresses(storage).some(([, address]) => !isDevelopmentStorage(address));
  if (real && !e.EMAIL_HASH_KEY) {
    throw new ConfigError(
      'EMAIL_HASH_KEY',
      "required against the school's storage account: the bot's own key (Key Vault secret email-hash-key)",
    );
  }
}

/**
 * The development values are in this repository for anyone to read, and one value for both secrets
 * means whoever learns one knows the other: production refuses all three.
 */
function refusePublishedSecrets(e: ParsedEnv): void {
  if (e.EMAIL_HASH_KEY === DEVELOPMENT_EMAIL_HASH_KEY) {
    throw new ConfigError(
      'EMAIL_HASH_KEY',
      'is the published development key; generate a secret of your own',
    );
  }
  if (e.TRAINER_LINK_SECRET === DEVELOPMENT_TRAINER_LINK_SECRET) {
    throw new ConfigError(
      'TRAINER_LINK_SECRET',
      'is the published development secret; generate a secret of your own',
    );
  }
  if (e.TRAINER_LINK_SECRET !== undefined && e.TRAINER_LINK_SECRET === e.EMAIL_HASH_KEY) {
    throw new ConfigError(
      'TRAINER_LINK_SECRET',
      'must differ from EMAIL_HASH_KEY; generate a secret of its own',
    );
  }
}

function productionAuth(
  e: ParsedEnv,
  storage: StorageSettings | undefined,
  locality: 'development' | 'real' | undefined,
  warnings: string[],
): BotAuthConfig {
  if (!storage) {
    throw new ConfigError(
      'STORAGE_ACCOUNT_NAME',
      'required in production (MicrosoftAppId is set), or STORAGE_CONNECTION_STRING',
    );
  }
  if (locality === 'development') {
    const [variable] = storageAddresses(storage)[0] ?? ['STORAGE_CONNECTION_STRING'];
    throw new ConfigError(variable, 'development storage (Azurite) cannot be used in production');
  }
  // Azure creates no new multi-tenant bots since mid-2025: single-tenant is the default.
  const appType = e.MicrosoftAppType ?? 'SingleTenant';
  if (appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    throw new ConfigError('MicrosoftAppPassword', `required for MicrosoftAppType ${appType}`);
  }
  if (appType === 'UserAssignedMSI' && e.MicrosoftAppPassword) {
    throw new ConfigError(
      'MicrosoftAppPassword',
      'not used with MicrosoftAppType UserAssignedMSI (the managed identity signs in); remove it',
    );
  }
  if (!e.ALLOWED_TENANT_IDS) {
    // People are matched by the address their tenant reports; only the school's tenants are trusted.
    throw new ConfigError('ALLOWED_TENANT_IDS', "required in production: the school's tenant id(s)");
  }
  if (appType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId', `required for MicrosoftAppType ${appType}`);
  }
  if (!e.EMAIL_HASH_KEY) {
    // Without a secret of its own, anyone could hash guessed addresses and match them to keys.
    throw new ConfigError(
      'EMAIL_HASH_KEY',
      `required in production: a secret of at least ${MIN_EMAIL_HASH_KEY_LENGTH} characters`,
    );
  }
  refusePublishedSecrets(e);
  if (appType === 'MultiTenant') {
    warnings.push(
      'MicrosoftAppType MultiTenant: Azure no longer creates new multi-tenant bots; existing registrations keep working, ' +
        'new ones are SingleTenant or UserAssignedMSI',
    );
  }
  return {
    appId: e.MicrosoftAppId as string,
    appPassword: e.MicrosoftAppPassword,
    appType,
    tenantId: e.MicrosoftAppTenantId,
  };
}
