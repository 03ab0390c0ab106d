import { z } from 'zod';

/** Settings of one run, parsed once from the environment by the entry points. */
export interface Config {
  readonly mode: 'local' | 'development' | 'production';
  readonly port: number;
  /** Loopback in local mode; all interfaces otherwise (App Service routes to the container). */
  readonly host: string;
  /** Undefined only in local mode, where the local Azurite is started and used. */
  readonly storageConnectionString: string | undefined;
  readonly tablePrefix: string;
  readonly auth: BotAuthConfig | undefined;
  readonly allowedTenantIds: readonly string[];
  readonly playground: boolean;
  readonly logLevel: string;
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

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  STORAGE_CONNECTION_STRING: optionalText,
  TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'letters and digits only, starting with a letter, at most 20')
    .default('bpv'),
  MicrosoftAppId: optionalText.refine((value) => value === undefined || guid.test(value), 'must be a GUID'),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalText.refine(
    (value) => value === undefined || guid.test(value),
    'must be a GUID',
  ),
  ALLOWED_TENANT_IDS: optionalText.refine(
    (value) => value === undefined || value.split(',').every((id) => guid.test(id.trim())),
    'must be a comma-separated list of GUIDs',
  ),
  PLAYGROUND: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Development storage must never back a production bot: it has a public key and no durability. */
export function isDevelopmentStorage(connectionString: string): boolean {
  return /UseDevelopmentStorage=true|devstoreaccount1|\/\/(127\.0\.0\.1|localhost)[:/]/i.test(
    connectionString,
  );
}

/**
 * Parses the environment. Local mode: neither storage nor bot id set. Production: a bot id set,
 * which turns on JWT authentication and refuses development storage or missing credentials.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  const mode = e.MicrosoftAppId ? 'production' : e.STORAGE_CONNECTION_STRING ? 'development' : 'local';
  let auth: BotAuthConfig | undefined;
  if (mode === 'production') {
    if (!e.STORAGE_CONNECTION_STRING) {
      throw new ConfigError('STORAGE_CONNECTION_STRING', 'required in production (MicrosoftAppId is set)');
    }
    if (isDevelopmentStorage(e.STORAGE_CONNECTION_STRING)) {
      throw new ConfigError(
        'STORAGE_CONNECTION_STRING',
        'development storage (Azurite) cannot be used in production',
      );
    }
    if (e.MicrosoftAppType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
      throw new ConfigError('MicrosoftAppPassword', `required for MicrosoftAppType ${e.MicrosoftAppType}`);
    }
    if (e.MicrosoftAppType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
      throw new ConfigError('MicrosoftAppTenantId', `required for MicrosoftAppType ${e.MicrosoftAppType}`);
    }
    auth = {
      appId: e.MicrosoftAppId as string,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    };
  }
  return {
    mode,
    port: e.PORT,
    host: mode === 'local' ? '127.0.0.1' : '0.0.0.0',
    storageConnectionString: e.STORAGE_CONNECTION_STRING,
    tablePrefix: e.TABLE_PREFIX,
    auth,
    allowedTenantIds: e.ALLOWED_TENANT_IDS ? e.ALLOWED_TENANT_IDS.split(',').map((id) => id.trim()) : [],
    playground: e.PLAYGROUND === 'on',
    logLevel: e.LOG_LEVEL,
  };
}
