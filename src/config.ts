import { Cron } from 'croner';
import { z } from 'zod';
import { type DateRange, parseDateRanges } from './domain/working-days';
import {
  DEVELOPMENT_TRAINER_LINK_SECRET,
  type MailConfig,
  MailSettingError,
  type MailSignature,
  mailSettings,
  mailSettingsShape,
  type TrainerLinkConfig,
} from './mail/mail-settings';
import {
  ConnectionStringError,
  DEVELOPMENT_EMAIL_HASH_KEY,
  MIN_EMAIL_HASH_KEY_LENGTH,
  type StorageLocality,
  type StorageSettings,
  storageLocality,
} from './storage/storage-settings';

export type { StorageSettings };

/** Settings of one run, parsed once from the environment by the entry points. */
export interface Config {
  readonly mode: 'local' | 'development' | 'production';
  readonly port: number;
  /** Loopback without authentication; all interfaces in production (App Service routes to the container). */
  readonly host: string;
  /** Undefined only in local mode, where the local Azurite is started and used. */
  readonly storage: StorageSettings | undefined;
  readonly tablePrefix: string;
  readonly auth: BotAuthConfig | undefined;
  readonly allowedTenantIds: readonly string[];
  readonly playground: boolean;
  /** Language of the local demo's Playground users, whatever locale the Playground reports (`DEMO_LOCALE`). */
  readonly demoLocale: 'nl' | 'en';
  /** Folder of local mode's data and Azurite ports (`LOCAL_DATA_DIR`); this checkout's `.data/` when unset. */
  readonly localDataDir: string | undefined;
  readonly logLevel: string;
  readonly reminders: ReminderConfig;
  /** How long one call to the Teams connector may take before it is given up. */
  readonly connectorTimeoutMs: number;
  /** Settings that are allowed but deserve a line in the log at start-up. */
  readonly warnings: readonly string[];
  /** Secret of the keyed e-mail hashes in storage keys; a fixed development key outside production. */
  readonly emailHashKey: string;
  /** Placements that ended more than this many months ago are purged. */
  readonly retentionMonths: number;
  /** IANA time zone in which cards show dates and times (`TIME_ZONE`). */
  readonly timeZone: string;
  /**
   * Where browsers reach the bot, for download links (`PUBLIC_URL`, else App Service's
   * `WEBSITE_HOSTNAME` over HTTPS); undefined: the address the server listens on.
   */
  readonly publicUrl: string | undefined;
  /** Application Insights; undefined when nothing is to be sent. */
  readonly telemetry: TelemetryConfig | undefined;
  /** Mail to trainers who work by e-mail (`MAIL_TRANSPORT`, `SMTP_URL`, `MAIL_FROM`). */
  readonly mail: MailConfig;
  /** Their signed links (`TRAINER_LINK_SECRET`, `TRAINER_LINK_DAYS`); undefined: no link works. */
  readonly trainerLinks: TrainerLinkConfig | undefined;
  /** The name mails are sent and signed with, and where answers to them go (`MAIL_REPLY_TO`). */
  readonly mailSignature: MailSignature;
  /** Microsoft Graph: installing the app for people, and mail from the school mailbox. */
  readonly graph: GraphConfig;
  /** The BPV office: who belongs to it, and the files its members send the bot. */
  readonly office: OfficeConfig;
  /** Days a table backup is kept (`BACKUP_RETENTION_DAYS`). */
  readonly backupRetentionDays: number;
}

/** Who the BPV office is, and which uploaded files the bot fetches. */
export interface OfficeConfig {
  /** `BPV_OFFICE_USERS`: Entra object ids (lower case) of office members. */
  readonly users: readonly string[];
  /** `BPV_OFFICE_GROUP_ID`: an Entra security group whose members are office members (read through Graph). */
  readonly groupId: string | undefined;
  /**
   * `FILE_DOWNLOAD_HOSTS`: hosts an uploaded file may be fetched from; `*.example.com` allows every
   * host below example.com. Outside production loopback is allowed as well.
   */
  readonly downloadHosts: readonly string[];
  /** `FILE_UPLOAD_MAX_BYTES`: the largest file the bot fetches. */
  readonly uploadMaxBytes: number;
}

export type { MailConfig, TrainerLinkConfig };

/** Where Microsoft Graph is and what the bot does there, signed in as its own app identity. */
export interface GraphConfig {
  /** `GRAPH_BASE_URL`, without a trailing slash. */
  readonly baseUrl: string;
  /** The app's id in the organisation's Teams app catalog; undefined: installing for people is off. */
  readonly teamsAppCatalogId: string | undefined;
  /** `MAIL_FROM`: the school mailbox mail is sent from. */
  readonly mailFrom: string | undefined;
  /** The bot's own identity, for Graph tokens; undefined without `MicrosoftAppId`. */
  readonly identity: GraphIdentity | undefined;
}

/** How the bot signs in to Graph: the managed identity, or its app registration's secret. */
export type GraphIdentity =
  | { readonly kind: 'managedIdentity'; readonly clientId: string }
  | {
      readonly kind: 'clientSecret';
      readonly tenantId: string;
      readonly clientId: string;
      readonly secret: string;
    };

/** Where traces and metrics go, and which share of the traces is kept. */
export interface TelemetryConfig {
  readonly connectionString: string;
  /** 0 to 1: the fraction of operations whose telemetry is sent. */
  readonly samplingRatio: number;
}

/** Reminder schedule, working time, repeats and Teams send rates. */
export interface ReminderConfig {
  /** Whether the bot process runs the schedule and the queue worker itself. */
  readonly enabled: boolean;
  /** Cron expression of the sweep, in `timeZone`. */
  readonly schedule: string;
  /** `REMINDER_TIMEZONE`, else the bot's `TIME_ZONE`. */
  readonly timeZone: string;
  readonly workingDays: readonly number[];
  /** Minutes after midnight, [start, end). */
  readonly workingHours: readonly [number, number];
  /** Days after an item starts at which a reminder is due; its length is the maximum number. */
  readonly days: readonly number[];
  readonly finalRoundDaysBeforeEnd: number;
  /** Sends per second for the whole app in one tenant, shared by all instances. */
  readonly ratePerSecond: number;
  /** Sends per second into one conversation. */
  readonly conversationRatePerSecond: number;
  readonly queueName: string;
  /** How long a received queue message stays hidden from other workers. */
  readonly visibilitySeconds: number;
  /** Working days open before an item climbs to the other party, supervisor, coordinator; undefined: off. */
  readonly escalationWorkingDays: readonly [number, number, number] | undefined;
  /** Weekday of the coordinators' weekly digest, 1 = Monday … 7 = Sunday. */
  readonly coordinatorDigestDay: number;
  /** `SCHOOL_HOLIDAYS`: dates that are no working day for school staff (supervisor, coordinator). */
  readonly schoolHolidays: readonly DateRange[];
}

export interface BotAuthConfig {
  readonly appId: string;
  readonly appPassword: string | undefined;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly tenantId: string | undefined;
}

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

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

// Bearer tokens travel only over HTTPS; the SDK refuses them on plain HTTP.
const httpsEndpoint = (example: string) =>
  optionalText
    .refine((value) => value === undefined || /^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(value), {
      message: `must be an https:// address such as ${example}`,
    })
    .transform((value) => value?.replace(/\/+$/, ''));
/**
 * An IANA time zone name, written as IANA spells it (`europe/amsterdam` → `Europe/Amsterdam`). Offsets
 * such as `+01:00` are refused: they know no summer time.
 */
const ianaTimeZone = z.string().transform((zone, ctx) => {
  const name = zone.trim();
  try {
    if (/^[A-Za-z]/.test(name))
      return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    // refused below
  }
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `unknown time zone "${name}"; use an IANA name such as Europe/Amsterdam`,
  });
  return z.NEVER;
});

const telemetrySchema = z.object({
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText
    .refine(
      (value) => value === undefined || /(^|;)\s*InstrumentationKey=[^;]+/i.test(value),
      'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)',
    )
    .describe('Send telemetry to this Application Insights resource; nothing is sent without it.'),
  APPLICATIONINSIGHTS_SAMPLING_RATIO: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe(
      'Share of operations (0 to 1) whose requests and dependencies are kept; metrics are not sampled.',
    ),
});

const schema = z.object({
  ...telemetrySchema.shape,
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(3978)
    .describe('HTTP port of the bot (`POST /api/messages`, `GET /healthz`).'),
  STORAGE_CONNECTION_STRING: optionalText.describe(
    "Azure Storage account by key. Unset (and no `STORAGE_ACCOUNT_NAME`): local mode's own Azurite. Production refuses development storage.",
  ),
  STORAGE_ACCOUNT_NAME: optionalText
    .refine(
      (value) => value === undefined || /^[a-z0-9]{3,24}$/.test(value),
      'lower-case letters and digits only, 3 to 24',
    )
    .describe('Azure Storage account reached with an Entra identity instead of a key (see Storage below).'),
  STORAGE_TABLE_ENDPOINT: httpsEndpoint('https://<account>.table.core.windows.net').describe(
    'Overrides `https://<name>.table.core.windows.net` (other clouds); HTTPS only.',
  ),
  STORAGE_QUEUE_ENDPOINT: httpsEndpoint('https://<account>.queue.core.windows.net').describe(
    'Overrides `https://<name>.queue.core.windows.net`; HTTPS only.',
  ),
  AZURE_CLIENT_ID: optionalText
    .refine((value) => value === undefined || guid.test(value), 'must be a GUID')
    .describe(
      'Client id of the user-assigned managed identity for storage; the system-assigned one otherwise.',
    ),
  TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'letters and digits only, starting with a letter, at most 20')
    .default('bpv')
    .describe('Prefix of the table names (letters and digits).'),
  MicrosoftAppId: optionalText
    .refine((value) => value === undefined || guid.test(value), 'must be a GUID')
    .describe("The bot's Entra app id; when set the bot runs in production mode with JWT authentication."),
  MicrosoftAppPassword: optionalText.describe(
    'Client secret; required unless `MicrosoftAppType=UserAssignedMSI`.',
  ),
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
    .optional()
    .describe(
      '`SingleTenant` when unset; `UserAssignedMSI`, or `MultiTenant` (old registrations only; logs a warning).',
    ),
  MicrosoftAppTenantId: optionalText
    .refine((value) => value === undefined || guid.test(value), 'must be a GUID')
    .describe('Required for `SingleTenant` and `UserAssignedMSI`.'),
  ALLOWED_TENANT_IDS: optionalText
    .refine(
      (value) => value === undefined || value.split(',').every((id) => guid.test(id.trim())),
      'must be a comma-separated list of GUIDs',
    )
    .describe("Comma-separated tenant ids, required in production; other tenants' activities are ignored."),
  PLAYGROUND: z
    .enum(['on', 'off'])
    .default('on')
    .describe('`off` skips the Agents Playgrounds in local mode.'),
  DEMO_LOCALE: z
    .enum(['nl', 'en'])
    .default('nl')
    .describe("Language of the local demo's Playground users (the Playground itself says en-US)."),
  LOCAL_DATA_DIR: optionalText.describe(
    "Folder of local mode's Azurite data and kept ports; this checkout's `.data/` when unset.",
  ),
  TIME_ZONE: ianaTimeZone
    .default('Europe/Amsterdam')
    .describe(
      'IANA time zone of dates and times on cards, and of reminders unless `REMINDER_TIMEZONE` is set.',
    ),
  PUBLIC_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
    .optional()
    .describe(
      "Base of PDF download links and trainers' links; unset: the bot's own address (App Service: `https://$WEBSITE_HOSTNAME`).",
    ),
  // Set by App Service to the web app's own host name.
  WEBSITE_HOSTNAME: optionalText.describe(
    "Set by App Service to the web app's own host name; the base of links when `PUBLIC_URL` is unset.",
  ),
  CONNECTOR_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(1)
    .max(60)
    .default(10)
    .describe('Deadline of each call to the Teams connector, in seconds.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
  REMINDERS: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      '`off`: the bot process runs neither the reminder schedule nor a queue worker (run `npm run reminders -- sweep` instead).',
    ),
  REMINDER_SCHEDULE: z
    .string()
    .default('*/15 * * * *')
    .refine((value) => {
      try {
        new Cron(value, { paused: true });
        return true;
      } catch {
        return false;
      }
    }, 'must be a cron expression such as */15 * * * *')
    .describe('Cron expression of the reminder sweep, in `REMINDER_TIMEZONE`.'),
  REMINDER_TIMEZONE: ianaTimeZone
    .optional()
    .describe('IANA time zone of the sweep, working days and hours; `TIME_ZONE` when unset.'),
  REMINDER_WORKING_DAYS: z
    .string()
    .default('1-5')
    .transform((value, ctx) => {
      const days = expandDays(value);
      if (!days)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be days 1-7, e.g. 1-5 or 1,2,3,4,5' });
      return days ?? [];
    })
    .describe('Weekdays on which reminders are sent, 1 = Monday … 7 = Sunday (`1-5` or `1,2,3,4,5`).'),
  REMINDER_WORKING_HOURS: z
    .string()
    .default('09:00-17:00')
    .transform((value, ctx) => {
      const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(value.trim());
      const start = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
      const end = match ? Number(match[3]) * 60 + Number(match[4]) : Number.NaN;
      if (!(start >= 0 && end <= 24 * 60 && start < end)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be HH:MM-HH:MM, e.g. 09:00-17:00' });
      }
      return [start, end] as const;
    })
    .describe('Hours within which reminders are sent, `HH:MM-HH:MM`.'),
  REMINDER_DAYS: z
    .string()
    .default('3,7,14')
    .transform((value, ctx) => {
      const days = value.split(',').map((d) => Number(d.trim()));
      const ok =
        days.length > 0 &&
        days.every((d, i) => Number.isInteger(d) && d > 0 && (i === 0 || d > (days[i - 1] ?? 0)));
      if (!ok)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be increasing whole days, e.g. 3,7,14' });
      return days;
    })
    .describe(
      'Days after an item started at which it is reminded, increasing; reminders stop after the last.',
    ),
  REMINDER_FINAL_ROUND_DAYS_BEFORE_END: z.coerce
    .number()
    .int()
    .min(0)
    .max(365)
    .default(14)
    .describe("Days before the placement's end date on which the last check-in round opens."),
  REMINDER_RATE_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(50)
    .describe(
      "Teams' sends per second for the app in the tenant, shared by all instances; 80 % of it is used.",
    ),
  REMINDER_CONVERSATION_RATE_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(7)
    .describe("Teams' sends per second into one conversation; 80 % of it is used."),
  REMINDER_QUEUE: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/,
      'lower-case letters, digits and single hyphens, 3 to 63',
    )
    .default('bpv-reminders')
    .describe('Name of the Azure Storage queue of reminder sends (with a `-poison` queue beside it).'),
  REMINDER_VISIBILITY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe('How long a queue message a worker received stays hidden from the other workers, in seconds.'),
  ESCALATION_WORKING_DAYS: z
    .string()
    .default('5,8,12')
    .transform((value, ctx) => {
      if (value.trim().toLowerCase() === 'off') return undefined;
      const days = value.split(',').map((d) => Number(d.trim()));
      const ok =
        days.length === 3 &&
        days.every((d, i) => Number.isInteger(d) && d > 0 && (i === 0 || d > (days[i - 1] ?? 0)));
      if (!ok)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message:
            'must be three increasing whole working days (other party, supervisor, coordinator), e.g. 5,8,12, or off',
        });
      return days as [number, number, number];
    })
    .describe(
      'Working days an item stays open before it climbs to the other party, the supervisor and the coordinator (three increasing numbers), or `off`.',
    ),
  COORDINATOR_DIGEST_DAY: z.coerce
    .number()
    .int()
    .min(1)
    .max(7)
    .default(1)
    .describe(
      "Weekday of the coordinators' weekly digest, 1 = Monday … 7 = Sunday; one of the `REMINDER_WORKING_DAYS`.",
    ),
  SCHOOL_HOLIDAYS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const parsed = parseDateRanges(value);
      if ('error' in parsed) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `${parsed.error}; write the holidays as 2026-12-19/2027-01-03,2027-04-24/2027-05-02`,
        });
        return [];
      }
      return parsed.ranges;
    })
    .describe(
      'School holidays as ISO date ranges, both ends included (`2026-12-19/2027-01-03,2027-04-24/2027-05-02`; a single date is one day): no working days for school staff, so the ladder towards supervisor and coordinator stands still and nothing reaches them then.',
    ),
  EMAIL_HASH_KEY: optionalText
    .refine(
      (value) => value === undefined || value.length >= MIN_EMAIL_HASH_KEY_LENGTH,
      `must be at least ${MIN_EMAIL_HASH_KEY_LENGTH} characters`,
    )
    .describe(
      'Secret of the keyed e-mail hashes in storage keys (32+ characters); required in production. Unset outside production: a development key.',
    ),
  RETENTION_MONTHS: z.coerce
    .number()
    .int()
    .min(1)
    .max(120)
    .default(18)
    .describe('Placements that ended more than this many months ago are purged (nightly, and `purge`).'),
  BACKUP_RETENTION_DAYS: z.coerce
    .number({ invalid_type_error: 'must be a whole number of days, 1 to 365' })
    .int('must be a whole number of days, 1 to 365')
    .min(1, 'must be a whole number of days, 1 to 365')
    .max(365, 'must be a whole number of days, 1 to 365')
    .default(35)
    .describe(
      'Days a daily table backup is kept in the backup container before the lifecycle rule deletes it (1–365); keep it within the retention period.',
    ),
  GRAPH_BASE_URL: httpsEndpoint('https://graph.microsoft.com/v1.0').describe(
    'Microsoft Graph, HTTPS; `https://graph.microsoft.com/v1.0` when unset (another cloud, a stand-in).',
  ),
  TEAMS_APP_CATALOG_ID: optionalText
    .refine(
      (value) => value === undefined || guid.test(value),
      'must be the GUID of the app in the Teams app catalog',
    )
    .describe(
      "The app's id in the organisation's app catalog: `import` and `install-app` install it for people.",
    ),
  BPV_OFFICE_USERS: optionalText
    .refine(
      (value) => value === undefined || value.split(',').every((id) => guid.test(id.trim())),
      'must be a comma-separated list of Entra object ids (GUIDs)',
    )
    .describe(
      "Entra object ids of the BPV office's members, comma-separated: they may upload placements and qualification forms, see the term's overview, export, erase and rebind in the chat.",
    ),
  BPV_OFFICE_GROUP_ID: optionalText
    .refine(
      (value) => value === undefined || guid.test(value),
      'must be the object id (GUID) of an Entra security group',
    )
    .describe(
      "Object id of an Entra security group whose members are the BPV office (read through Graph with the bot's identity, kept for minutes).",
    ),
  FILE_DOWNLOAD_HOSTS: optionalText
    .refine(
      (value) =>
        value === undefined ||
        value
          .split(',')
          .every((host) =>
            /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(host.trim()),
          ),
      'must be a comma-separated list of host names, e.g. contoso.sharepoint.com,*.sharepoint.com',
    )
    .describe(
      'Hosts a file sent to the bot may be fetched from (`*.example.com` allows every host below it); `*.sharepoint.com` when unset. Outside production loopback too.',
    ),
  FILE_UPLOAD_MAX_BYTES: z.coerce
    .number({ invalid_type_error: 'must be a whole number of bytes' })
    .int('must be a whole number of bytes')
    .min(1024, 'must be at least 1024 bytes')
    .max(50 * 1024 * 1024, 'must be at most 52428800 bytes (50 MB)')
    .default(10 * 1024 * 1024)
    .describe('The largest file the bot fetches from a chat upload, in bytes.'),
  ...mailSettingsShape,
});

/** The schema of every setting, each with its description (`.describe()`): docs/configuration.md is made from it. */
export const settingsSchema = schema;

/** Where Teams keeps files sent in a personal chat: the tenant's OneDrive and SharePoint. */
export const DEFAULT_FILE_DOWNLOAD_HOSTS = ['*.sharepoint.com'];

function expandDays(value: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of value.split(',')) {
    const range = /^\s*([1-7])\s*(?:-\s*([1-7])\s*)?$/.exec(part);
    if (!range) return undefined;
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    if (to < from) return undefined;
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort();
}

/**
 * Development storage must never back a production bot: it has a public key and no durability. A
 * mix of the emulator and a real account is refused in every mode (see storage/storage-settings).
 */
export function isDevelopmentStorage(address: string): boolean {
  return storageLocality(address) === 'development';
}

/** The storage addresses' locality, refusing what cannot be read and any mix of emulator and account. */
function storageLocalityOf(storage: StorageSettings | undefined): 'development' | 'real' | undefined {
  const localities = new Set<StorageLocality>();
  for (const [variable, address] of storageAddresses(storage)) {
    let locality: StorageLocality;
    try {
      locality = storageLocality(address);
    } catch (error) {
      if (error instanceof ConnectionStringError) throw new ConfigError(variable, error.message);
      throw error;
    }
    if (locality === 'mixed') {
      throw new ConfigError(
        variable,
        'mixes the storage emulator (devstoreaccount1, UseDevelopmentStorage or a localhost endpoint) with a real ' +
          'account; use either Azurite with all its endpoints on this machine, or a storage account with none',
      );
    }
    localities.add(locality);
  }
  if (localities.size > 1) {
    const [variable] = storageAddresses(storage)[1] ?? ['STORAGE_QUEUE_ENDPOINT'];
    throw new ConfigError(variable, 'one endpoint is the storage emulator and the other a real account');
  }
  return [...localities][0] as 'development' | 'real' | undefined;
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
 * A connection string (Azurite, or an account key) or an account reached with an Entra identity:
 * exactly one of the two. Endpoints default to Azure's public cloud for the account name.
 */
function storageSettings(e: z.infer<typeof schema>): StorageSettings | undefined {
  const identity = e.STORAGE_ACCOUNT_NAME ?? e.STORAGE_TABLE_ENDPOINT ?? e.STORAGE_QUEUE_ENDPOINT;
  if (e.STORAGE_CONNECTION_STRING && identity) {
    throw new ConfigError(
      'STORAGE_CONNECTION_STRING',
      'set either a connection string or STORAGE_ACCOUNT_NAME (managed identity), not both',
    );
  }
  if (e.STORAGE_CONNECTION_STRING) {
    return { kind: 'connectionString', connectionString: e.STORAGE_CONNECTION_STRING };
  }
  if (!identity) return undefined;
  const account = e.STORAGE_ACCOUNT_NAME;
  const endpoint = (variable: string, given: string | undefined, service: 'table' | 'queue') => {
    const value = given ?? (account ? `https://${account}.${service}.core.windows.net` : undefined);
    if (!value) throw new ConfigError(variable, 'required when STORAGE_ACCOUNT_NAME is not set');
    return value;
  };
  return {
    kind: 'identity',
    tableEndpoint: endpoint('STORAGE_TABLE_ENDPOINT', e.STORAGE_TABLE_ENDPOINT, 'table'),
    queueEndpoint: endpoint('STORAGE_QUEUE_ENDPOINT', e.STORAGE_QUEUE_ENDPOINT, 'queue'),
    clientId: e.AZURE_CLIENT_ID,
  };
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
  const parsed = schema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  if (!e.REMINDER_WORKING_DAYS.includes(e.COORDINATOR_DIGEST_DAY)) {
    // The digest goes out in working time only: on another day it would never go.
    throw new ConfigError('COORDINATOR_DIGEST_DAY', 'must be one of the REMINDER_WORKING_DAYS');
  }
  const storage = storageSettings(e);
  const locality = storageLocalityOf(storage);
  const mode = e.MicrosoftAppId ? 'production' : storage ? 'development' : 'local';
  const warnings: string[] = [];
  let auth: BotAuthConfig | undefined;
  if (mode === 'production') {
    auth = productionAuth(e, storage, locality, warnings);
  } else if (options.purpose === 'command') {
    refuseCommandWithoutHashKey(e, storage);
  } else {
    refuseUnauthenticatedExposure(e, storage, locality);
  }
  const mail = mailSettingsOf(e, mode);
  return {
    mode,
    port: e.PORT,
    host: mode === 'production' ? '0.0.0.0' : '127.0.0.1',
    storage,
    tablePrefix: e.TABLE_PREFIX,
    auth,
    allowedTenantIds: e.ALLOWED_TENANT_IDS
      ? e.ALLOWED_TENANT_IDS.split(',').map((id) => id.trim().toLowerCase())
      : [],
    playground: e.PLAYGROUND === 'on',
    demoLocale: e.DEMO_LOCALE,
    localDataDir: e.LOCAL_DATA_DIR,
    logLevel: e.LOG_LEVEL,
    connectorTimeoutMs: e.CONNECTOR_TIMEOUT_SECONDS * 1000,
    timeZone: e.TIME_ZONE,
    publicUrl: (e.PUBLIC_URL ?? (e.WEBSITE_HOSTNAME ? `https://${e.WEBSITE_HOSTNAME}` : undefined))?.replace(
      /\/+$/,
      '',
    ),
    warnings,
    telemetry: telemetryConfig(e),
    reminders: {
      enabled: e.REMINDERS === 'on',
      schedule: e.REMINDER_SCHEDULE,
      timeZone: e.REMINDER_TIMEZONE ?? e.TIME_ZONE,
      workingDays: e.REMINDER_WORKING_DAYS,
      workingHours: e.REMINDER_WORKING_HOURS,
      days: e.REMINDER_DAYS,
      finalRoundDaysBeforeEnd: e.REMINDER_FINAL_ROUND_DAYS_BEFORE_END,
      ratePerSecond: e.REMINDER_RATE_PER_SECOND,
      conversationRatePerSecond: e.REMINDER_CONVERSATION_RATE_PER_SECOND,
      queueName: e.REMINDER_QUEUE,
      visibilitySeconds: e.REMINDER_VISIBILITY_SECONDS,
      escalationWorkingDays: e.ESCALATION_WORKING_DAYS,
      coordinatorDigestDay: e.COORDINATOR_DIGEST_DAY,
      schoolHolidays: e.SCHOOL_HOLIDAYS,
    },
    emailHashKey: e.EMAIL_HASH_KEY ?? DEVELOPMENT_EMAIL_HASH_KEY,
    retentionMonths: e.RETENTION_MONTHS,
    backupRetentionDays: e.BACKUP_RETENTION_DAYS,
    graph: {
      baseUrl: e.GRAPH_BASE_URL ?? 'https://graph.microsoft.com/v1.0',
      teamsAppCatalogId: e.TEAMS_APP_CATALOG_ID,
      mailFrom: mailboxOf(e.MAIL_FROM),
      identity: graphIdentity(auth, e.ALLOWED_TENANT_IDS),
    },
    office: {
      users: e.BPV_OFFICE_USERS ? e.BPV_OFFICE_USERS.split(',').map((id) => id.trim().toLowerCase()) : [],
      groupId: e.BPV_OFFICE_GROUP_ID?.toLowerCase(),
      downloadHosts: [
        ...(e.FILE_DOWNLOAD_HOSTS
          ? e.FILE_DOWNLOAD_HOSTS.split(',').map((host) => host.trim().toLowerCase())
          : DEFAULT_FILE_DOWNLOAD_HOSTS),
        // Local mode and tests serve files on this machine; production never fetches from it.
        ...(mode === 'production' ? [] : ['127.0.0.1', 'localhost']),
      ],
      uploadMaxBytes: e.FILE_UPLOAD_MAX_BYTES,
    },
    ...mail,
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

function mailSettingsOf(e: ParsedEnv, mode: Config['mode']): ReturnType<typeof mailSettings> {
  try {
    return mailSettings(e, mode);
  } catch (error) {
    if (error instanceof MailSettingError) throw new ConfigError(error.variable, error.message);
    throw error;
  }
}

type ParsedEnv = z.infer<typeof schema>;

function telemetryConfig(e: z.infer<typeof telemetrySchema>): TelemetryConfig | undefined {
  if (!e.APPLICATIONINSIGHTS_CONNECTION_STRING) return undefined;
  return {
    connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    samplingRatio: e.APPLICATIONINSIGHTS_SAMPLING_RATIO,
  };
}

/**
 * Only the telemetry settings, for the process entry to start telemetry before anything else is
 * loaded. Invalid settings read as "off" here; loadConfig reports them right after.
 */
export function loadTelemetryConfig(env: Record<string, string | undefined>): TelemetryConfig | undefined {
  const parsed = telemetrySchema.safeParse(withoutBlanks(env));
  return parsed.success ? telemetryConfig(parsed.data) : undefined;
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

/** Each storage address with the variable it came from, to check and to name in an error. */
function storageAddresses(storage: StorageSettings | undefined): [variable: string, address: string][] {
  if (!storage) return [];
  return storage.kind === 'connectionString'
    ? [['STORAGE_CONNECTION_STRING', storage.connectionString]]
    : [
        ['STORAGE_TABLE_ENDPOINT', storage.tableEndpoint],
        ['STORAGE_QUEUE_ENDPOINT', storage.queueEndpoint],
      ];
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
