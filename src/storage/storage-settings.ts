import { z } from 'zod';
import { guid, httpsEndpoint, optionalText } from '../common-settings';

/**
 * The storage's settings and where they lead (the emulator or a real account), part of the
 * configuration (src/config.ts reads the environment): they import nothing of the storage code,
 * so the configuration never reaches back into a feature.
 */

/** Where the tables and queues live and how the bot signs in: an account key, or an Entra identity. */
export type StorageSettings =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | {
      readonly kind: 'identity';
      readonly tableEndpoint: string;
      readonly queueEndpoint: string;
      /** Client id of a user-assigned managed identity; the system-assigned one (or `az login`) otherwise. */
      readonly clientId: string | undefined;
    };

/**
 * Stands in for `EMAIL_HASH_KEY` outside production, so local runs and tests need no secret.
 * Production refuses to start without a key of its own (see config).
 */
export const DEVELOPMENT_EMAIL_HASH_KEY = 'development-only-email-hash-key-never-use-in-production';

/** The shortest `EMAIL_HASH_KEY` accepted: 32 characters keep the key out of reach of guessing. */
export const MIN_EMAIL_HASH_KEY_LENGTH = 32;

// Where the storage settings lead: the storage emulator (Azurite) is told apart from a real
// storage account by reading a connection string or an endpoint as what it is, not by looking for
// words in it: a real account with one endpoint on this machine, or the emulator's account name
// with Azure's endpoints, is neither.

/** `development`: only the emulator; `real`: only a storage account; `mixed`: some of each (always refused). */
export type StorageLocality = 'development' | 'real' | 'mixed';

/** The emulator's fixed account name. */
export const DEVELOPMENT_ACCOUNT = 'devstoreaccount1';

/** The connection string is not a list of `Name=value` pairs. */
export class ConnectionStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionStringError';
  }
}

/** `Name=value;Name=value` with names as written (values may hold `=`); names compared without case. */
export function parseConnectionString(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    if (at <= 0) throw new ConnectionStringError('is not a connection string of Name=value pairs');
    const name = part.slice(0, at).trim().toLowerCase();
    if (pairs.has(name)) throw new ConnectionStringError(`names ${part.slice(0, at).trim()} twice`);
    pairs.set(name, part.slice(at + 1).trim());
  }
  return pairs;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** Whether an address is on this machine (the emulator listens on loopback). */
export function isLoopbackAddress(address: string): boolean {
  try {
    return LOOPBACK_HOST.test(new URL(address).hostname);
  } catch {
    return false;
  }
}

const ENDPOINT_NAMES = ['blobendpoint', 'queueendpoint', 'tableendpoint', 'fileendpoint'];
// The services the bot uses; an emulator connection string must put both on this machine.
const USED_ENDPOINTS = ['tableendpoint', 'queueendpoint'];

/** Where a connection string or a single service endpoint leads. */
export function storageLocality(address: string): StorageLocality {
  if (/^https?:\/\//i.test(address.trim())) {
    return isLoopbackAddress(address.trim()) ? 'development' : 'real';
  }
  const pairs = parseConnectionString(address);
  const names = [...pairs.keys()];
  const endpoints = ENDPOINT_NAMES.filter((name) => pairs.has(name));
  const local = endpoints.filter((name) => isLoopbackAddress(pairs.get(name) as string));
  const proxy = pairs.get('developmentstorageproxyuri');
  const developmentMarker =
    pairs.get('usedevelopmentstorage')?.toLowerCase() === 'true' ||
    pairs.get('accountname')?.toLowerCase() === DEVELOPMENT_ACCOUNT ||
    local.length > 0 ||
    (proxy !== undefined && isLoopbackAddress(proxy));
  if (!developmentMarker) return 'real';
  if (pairs.get('usedevelopmentstorage')?.toLowerCase() === 'true') {
    const onlyEmulator = names.every(
      (name) => name === 'usedevelopmentstorage' || name === 'developmentstorageproxyuri',
    );
    return onlyEmulator && (proxy === undefined || isLoopbackAddress(proxy)) ? 'development' : 'mixed';
  }
  const emulatorAccount = pairs.get('accountname')?.toLowerCase() === DEVELOPMENT_ACCOUNT;
  const allLocal = local.length === endpoints.length;
  const usedLocal = USED_ENDPOINTS.every((name) => local.includes(name));
  return emulatorAccount && allLocal && usedLocal && !pairs.has('endpointsuffix') ? 'development' : 'mixed';
}

/** The storage settings, part of the configuration schema. */
export const storageSettingsShape = {
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
  EMAIL_HASH_KEY: optionalText
    .refine(
      (value) => value === undefined || value.length >= MIN_EMAIL_HASH_KEY_LENGTH,
      `must be at least ${MIN_EMAIL_HASH_KEY_LENGTH} characters`,
    )
    .describe(
      'Secret of the keyed e-mail hashes in storage keys (32+ characters); required in production. Unset outside production: a development key.',
    ),
};

type StorageEnv = z.output<z.ZodObject<typeof storageSettingsShape>>;

/**
 * A connection string (Azurite, or an account key) or an account reached with an Entra identity:
 * exactly one of the two. Endpoints default to Azure's public cloud for the account name.
 */
function storageOf(e: StorageEnv, ctx: z.RefinementCtx): StorageSettings | undefined {
  const refuse = (variable: string, message: string) => {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
    return z.NEVER;
  };
  const identity = e.STORAGE_ACCOUNT_NAME ?? e.STORAGE_TABLE_ENDPOINT ?? e.STORAGE_QUEUE_ENDPOINT;
  if (e.STORAGE_CONNECTION_STRING && identity) {
    return refuse(
      'STORAGE_CONNECTION_STRING',
      'set either a connection string or STORAGE_ACCOUNT_NAME (managed identity), not both',
    );
  }
  if (e.STORAGE_CONNECTION_STRING) {
    return { kind: 'connectionString', connectionString: e.STORAGE_CONNECTION_STRING };
  }
  if (!identity) return undefined;
  const account = e.STORAGE_ACCOUNT_NAME;
  const tableEndpoint =
    e.STORAGE_TABLE_ENDPOINT ?? (account ? `https://${account}.table.core.windows.net` : undefined);
  if (!tableEndpoint)
    return refuse('STORAGE_TABLE_ENDPOINT', 'required when STORAGE_ACCOUNT_NAME is not set');
  const queueEndpoint =
    e.STORAGE_QUEUE_ENDPOINT ?? (account ? `https://${account}.queue.core.windows.net` : undefined);
  if (!queueEndpoint)
    return refuse('STORAGE_QUEUE_ENDPOINT', 'required when STORAGE_ACCOUNT_NAME is not set');
  return { kind: 'identity', tableEndpoint, queueEndpoint, clientId: e.AZURE_CLIENT_ID };
}

/** Each storage address with the variable it came from, to check and to name in an error. */
export function storageAddresses(
  storage: StorageSettings | undefined,
): [variable: string, address: string][] {
  if (!storage) return [];
  return storage.kind === 'connectionString'
    ? [['STORAGE_CONNECTION_STRING', storage.connectionString]]
    : [
        ['STORAGE_TABLE_ENDPOINT', storage.tableEndpoint],
        ['STORAGE_QUEUE_ENDPOINT', storage.queueEndpoint],
      ];
}

/** The storage addresses' locality, refusing what cannot be read and any mix of emulator and account. */
function localityOf(
  storage: StorageSettings | undefined,
  ctx: z.RefinementCtx,
): 'development' | 'real' | undefined {
  const refuse = (variable: string, message: string) => {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
    return z.NEVER;
  };
  const localities = new Set<StorageLocality>();
  for (const [variable, address] of storageAddresses(storage)) {
    let locality: StorageLocality;
    try {
      locality = storageLocality(address);
    } catch (error) {
      if (error instanceof ConnectionStringError) return refuse(variable, error.message);
      throw error;
    }
    if (locality === 'mixed') {
      return refuse(
        variable,
        'mixes the storage emulator (devstoreaccount1, UseDevelopmentStorage or a localhost endpoint) with a real ' +
          'account; use either Azurite with all its endpoints on this machine, or a storage account with none',
      );
    }
    localities.add(locality);
  }
  if (localities.size > 1) {
    const [variable] = storageAddresses(storage)[1] ?? ['STORAGE_QUEUE_ENDPOINT'];
    return refuse(variable, 'one endpoint is the storage emulator and the other a real account');
  }
  return [...localities][0] as 'development' | 'real' | undefined;
}

/** Where the tables and queues are, whether that is the emulator, their names' prefix, and the hash key. */
export const storageSettings = z.object(storageSettingsShape).transform((e, ctx) => {
  let refused = false;
  const watched: z.RefinementCtx = {
    ...ctx,
    addIssue: (issue) => {
      refused = true;
      ctx.addIssue(issue);
    },
  };
  const storage = storageOf(e, watched);
  const storageLocality = storage && !refused ? localityOf(storage, watched) : undefined;
  if (refused) return z.NEVER;
  return {
    /** Undefined only in local mode, where the local Azurite is started and used. */
    storage,
    /** Whether the storage is the emulator (`development`) or an account (`real`); undefined: none set. */
    storageLocality,
    tablePrefix: e.TABLE_PREFIX,
    /** Secret of the keyed e-mail hashes in storage keys; a fixed development key outside production. */
    emailHashKey: e.EMAIL_HASH_KEY ?? DEVELOPMENT_EMAIL_HASH_KEY,
  };
});
