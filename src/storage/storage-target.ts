import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import {
  AggregateAuthenticationError,
  AuthenticationError,
  CredentialUnavailableError,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { QueueClient, type StoragePipelineOptions } from '@azure/storage-queue';
import type { StorageSettings } from './storage-settings';

/**
 * The storage account the bot works in, as the composition root resolved it once: a connection
 * string (Azurite, or an account key), or the account's endpoints with an Entra token credential
 * (a managed identity in Azure, `az login` on a laptop). Only the client constructors look inside.
 */
export type StorageTarget =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | {
      readonly kind: 'identity';
      readonly tableEndpoint: string;
      readonly queueEndpoint: string;
      readonly credential: TokenCredential;
    };

export function connectionStringTarget(connectionString: string): StorageTarget {
  return { kind: 'connectionString', connectionString };
}

/**
 * Resolves the settings into a target. With a managed identity's client id (`AZURE_CLIENT_ID`, which
 * the template sets to the bot's user-assigned identity) the credential is that identity and nothing
 * else: App Service's endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER), no probing of other sign-ins
 * first, and a failure that names the managed identity. Without it, DefaultAzureCredential picks the
 * developer's `az login` on a laptop (or a system-assigned identity).
 */
export function storageTarget(settings: StorageSettings): StorageTarget {
  if (settings.kind === 'connectionString') return connectionStringTarget(settings.connectionString);
  return {
    kind: 'identity',
    tableEndpoint: settings.tableEndpoint,
    queueEndpoint: settings.queueEndpoint,
    credential: settings.clientId
      ? new ManagedIdentityCredential({ clientId: settings.clientId })
      : new DefaultAzureCredential(),
  };
}

/** A plain string is taken as a connection string. */
export function asStorageTarget(target: StorageTarget | string): StorageTarget {
  return typeof target === 'string' ? connectionStringTarget(target) : target;
}

/** Azurite over plain HTTP; a token is never sent that way. */
function allowsInsecure(target: StorageTarget): boolean {
  return (
    target.kind === 'connectionString' &&
    /https?:\/\/(127\.0\.0\.1|localhost)|UseDevelopmentStorage=true/i.test(target.connectionString)
  );
}

export function tableClient(
  target: StorageTarget,
  table: string,
  options: TableServiceClientOptions,
): TableClient {
  const all = { ...options, allowInsecureConnection: allowsInsecure(target) };
  return target.kind === 'connectionString'
    ? TableClient.fromConnectionString(target.connectionString, table, all)
    : new TableClient(target.tableEndpoint, table, target.credential, all);
}

export function queueClient(
  target: StorageTarget,
  queue: string,
  options?: StoragePipelineOptions,
): QueueClient {
  return target.kind === 'connectionString'
    ? new QueueClient(target.connectionString, queue, options)
    : new QueueClient(`${target.queueEndpoint}/${encodeURIComponent(queue)}`, target.credential, options);
}

/** No token could be had (the identity endpoint is down or refuses): to the user, storage is away. */
export function isCredentialFailure(error: unknown): boolean {
  return (
    error instanceof CredentialUnavailableError ||
    error instanceof AuthenticationError ||
    error instanceof AggregateAuthenticationError
  );
}
