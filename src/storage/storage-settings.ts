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
