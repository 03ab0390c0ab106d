import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { GraphConfig, GraphIdentity } from '../config';
import { GraphClient, type GraphClientOptions } from './graph-client';

/** The bot's own identity as a token credential: App Service's managed identity, or the app registration's secret. */
export function graphCredential(identity: GraphIdentity): TokenCredential {
  return identity.kind === 'managedIdentity'
    ? new ManagedIdentityCredential({ clientId: identity.clientId })
    : new ClientSecretCredential(identity.tenantId, identity.clientId, identity.secret);
}

/** A credential (and CA) given by the caller instead of the configured identity: a stand-in Graph in tests. */
export interface GraphAccess {
  readonly credential: TokenCredential;
  readonly tls?: GraphClientOptions['tls'];
}

/**
 * A Graph client for the configured identity (or `access`); undefined when there is no identity to
 * sign in with (no `MicrosoftAppId`).
 */
export function createGraphClient(config: GraphConfig, access?: GraphAccess): GraphClient | undefined {
  const credential = access?.credential ?? (config.identity ? graphCredential(config.identity) : undefined);
  if (!credential) return undefined;
  return new GraphClient({
    baseUrl: config.baseUrl,
    credential,
    ...(access?.tls ? { tls: access.tls } : {}),
  });
}
