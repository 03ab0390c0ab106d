import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One token request as the stand-in received it. */
export interface TokenRequest {
  readonly resource: string | null;
  readonly clientId: string | null;
  readonly apiVersion: string | null;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A local stand-in for App Service's managed-identity endpoint (the one part outside this machine),
 * reached as the platform sets it up: `IDENTITY_ENDPOINT` and the secret `IDENTITY_HEADER`. It
 * answers like App Service (`GET ?resource=…&api-version=2019-08-01`, header `X-IDENTITY-HEADER`):
 * 400 without the version, 401 without the right secret, else a JWT for the resource. The token's
 * signature is random bytes: Azurite's `--oauth basic` checks only the claims.
 */
export class IdentityEndpoint {
  readonly secret = randomUUID();
  readonly tenantId = randomUUID();
  readonly requests: TokenRequest[] = [];
  /** Requests answered 400 or 401. */
  refused = 0;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const answer = (status: number, body: Record<string, unknown>) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'GET' || url.searchParams.get('api-version') !== '2019-08-01') {
        this.refused += 1;
        return answer(400, {
          error: 'invalid_request',
          error_description: 'api-version 2019-08-01 required',
        });
      }
      if (req.headers['x-identity-header'] !== this.secret) {
        this.refused += 1;
        return answer(401, { error: 'unauthorized' });
      }
      const resource = url.searchParams.get('resource');
      const clientId = url.searchParams.get('client_id');
      this.requests.push({ resource, clientId, apiVersion: url.searchParams.get('api-version') });
      if (!resource) {
        this.refused += 1;
        return answer(400, { error: 'invalid_resource' });
      }
      const now = Math.floor(Date.now() / 1000);
      const expiresOn = now + 3600;
      const token = [
        base64url({ typ: 'JWT', alg: 'RS256', kid: 'stand-in' }),
        base64url({
          aud: resource,
          iss: `https://sts.windows.net/${this.tenantId}/`,
          iat: now - 60,
          nbf: now - 60,
          exp: expiresOn,
          appid: clientId ?? randomUUID(),
          oid: randomUUID(),
          sub: randomUUID(),
          tid: this.tenantId,
          idtyp: 'app',
          ver: '1.0',
        }),
        randomBytes(64).toString('base64url'),
      ].join('.');
      answer(200, {
        access_token: token,
        expires_on: String(expiresOn),
        resource,
        token_type: 'Bearer',
        client_id: clientId ?? randomUUID(),
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
  }

  /** A token as the bot would get one, for checks made from the test itself. */
  async token(resource: string): Promise<string> {
    const response = await fetch(
      `${this.url}?resource=${encodeURIComponent(resource)}&api-version=2019-08-01`,
      {
        headers: { 'X-IDENTITY-HEADER': this.secret },
      },
    );
    const body = (await response.json()) as { access_token: string };
    return body.access_token;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
