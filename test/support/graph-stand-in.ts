import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import type { GraphAccess } from '../../src/graph/graph-connection';
import { loopbackCertificate } from './certificate';

/** One scripted answer of the stand-in, with Graph's error body where Graph gives one. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
  /** Seconds, sent as Retry-After; a retry sooner than that is throttled again and counted as early. */
  readonly retryAfter?: number;
}

/** Answers as Microsoft Graph gives them for the cases the app meets. */
export const GraphAnswers = {
  alreadyInstalled: { status: 409, code: 'Conflict', message: 'App is already installed for this user.' },
  userNotFound: {
    status: 404,
    code: 'Request_ResourceNotFound',
    message: 'Resource does not exist or one of its queried reference-property objects are not present.',
  },
  guestNotInstallable: {
    status: 403,
    code: 'Forbidden',
    message: 'User is not licensed for Microsoft Teams.',
  },
  permissionMissing: {
    status: 403,
    code: 'Forbidden',
    message:
      "Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteSelfForUser.All, TeamsAppInstallation.ReadWriteForUser.All'. Roles on the request ''.",
  },
  throttled: (retryAfter: number): ScriptedAnswer => ({
    status: 429,
    code: 'TooManyRequests',
    message: 'Too many requests.',
    retryAfter,
  }),
  unavailable: (retryAfter: number): ScriptedAnswer => ({
    status: 503,
    code: 'ServiceNotAvailable',
    message: 'Service unavailable.',
    retryAfter,
  }),
  invalidRecipient: {
    status: 400,
    code: 'ErrorInvalidRecipients',
    message: "At least one recipient isn't valid.",
  },
  mailboxNotFound: { status: 404, code: 'ErrorInvalidUser', message: 'The requested user is invalid.' },
} as const satisfies Record<string, ScriptedAnswer | ((seconds: number) => ScriptedAnswer)>;

/** One request to a Graph endpoint, as the stand-in answered it. */
export interface GraphLogEntry {
  readonly endpoint: 'installedApps' | 'sendMail' | 'checkMemberGroups';
  /** The user an install is for, or the recipient of a mail. */
  readonly user: string;
  readonly status: number;
  /** A retry that came before the Retry-After of the answer before it. */
  readonly early: boolean;
}

/** A message as it reached sendMail. */
export interface SentMail {
  readonly from: string;
  readonly body: {
    message: {
      subject: string;
      body: { contentType: string; content: string };
      toRecipients: { emailAddress: { address: string } }[];
    };
    saveToSentItems?: boolean;
  };
}

/**
 * A local stand-in for Microsoft Graph and its token endpoint (the parts outside this machine), over
 * HTTPS with a certificate of its own as `@azure/identity` demands. The token endpoint takes the
 * client credentials grant of one app registration for the Graph scope; Graph answers only bearer
 * tokens it issued, checks each body's shape (400 otherwise), and answers each user as a test
 * scripted, else as Graph does: 201 for a first install, 409 after, 202 for mail.
 */
export class GraphStandIn {
  readonly tenantId = randomUUID();
  readonly clientId = randomUUID();
  readonly clientSecret = randomBytes(16).toString('hex');
  readonly catalogId = randomUUID();
  readonly log: GraphLogEntry[] = [];
  readonly mail: SentMail[] = [];
  readonly tokenRequests: { scope: string | null }[] = [];
  private readonly tokens = new Set<string>();
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private readonly installed = new Set<string>();
  /** Group id → the Entra ids of its members (transitively, as Graph answers). */
  readonly groups = new Map<string, Set<string>>();
  private readonly notBefore = new Map<string, number>();
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'graph-stand-in-'));
  private readonly certificate = loopbackCertificate(this.dir);
  private server: Server | undefined;
  private inFlight = 0;
  /** The most requests that were open at once. */
  maxInFlight = 0;
  /** How long each answer takes. */
  latencyMs = 0;
  origin = '';

  get baseUrl(): string {
    return `${this.origin}/v1.0`;
  }

  /** The next answers for `user` (an install's user id or UPN, or a mail recipient), in order. */
  script(user: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(user.toLowerCase(), [...(this.scripts.get(user.toLowerCase()) ?? []), ...answers]);
  }

  /** Requests for `user`, in the order they came. */
  requestsFor(user: string): GraphLogEntry[] {
    return this.log.filter((e) => e.user === user.toLowerCase());
  }

  /** A credential of the app registration (a wrong `secret` to see it refused), signing in here and trusting the certificate. */
  access(secret = this.clientSecret): GraphAccess {
    const tls = { ca: this.certificate.cert };
    return {
      credential: new ClientSecretCredential(this.tenantId, this.clientId, secret, {
        authorityHost: this.origin,
        disableInstanceDiscovery: true,
        tlsOptions: tls,
      }),
      tls,
    };
  }

  async start(): Promise<void> {
    this.server = createServer({ key: this.certificate.key, cert: this.certificate.cert }, (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        res.on('finish', () => {
          this.inFlight -= 1;
        });
        // Graph takes a moment to answer; requests that overlap show how many the client sends at once.
        setTimeout(() => this.handle(req, res, body), this.latencyMs);
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', this.origin);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const graphError = (status: number, code: string, message: string, headers?: Record<string, string>) =>
      send(status, { error: { code, message, innerError: { 'request-id': randomUUID() } } }, headers);

    const authority = `/${this.tenantId}`;
    if (req.method === 'GET' && url.pathname === `${authority}/v2.0/.well-known/openid-configuration`) {
      send(200, this.openIdConfiguration());
      return;
    }
    if (req.method === 'POST' && url.pathname === `${authority}/oauth2/v2.0/token`) {
      this.token(body, send);
      return;
    }

    const install = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(url.pathname);
    const sendMail = /^\/v1\.0\/users\/([^/]+)\/sendMail$/.exec(url.pathname);
    const memberGroups = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(url.pathname);
    if (req.method !== 'POST' || (!install && !sendMail && !memberGroups)) {
      graphError(404, 'UnknownError', 'No such endpoint.');
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) {
      graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or not valid.');
      return;
    }
    if (!/^application\/json/.test(req.headers['content-type'] ?? '')) {
      graphError(415, 'UnsupportedMediaType', 'Content-Type must be application/json.');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      graphError(400, 'BadRequest', 'Unable to read JSON request payload.');
      return;
    }
    const user = decodeURIComponent((install ?? sendMail ?? memberGroups)?.[1] ?? '').toLowerCase();
    if (memberGroups) {
      this.checkMemberGroups(user, parsed, send, graphError);
      return;
    }
    if (install) {
      this.install(user, parsed, send, graphError);
      return;
    }
    this.sendMail(user, parsed, send, graphError);
  }

  private openIdConfiguration() {
    const base = `${this.origin}/${this.tenantId}`;
    return {
      issuer: `${base}/v2.0`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    };
  }

  private token(body: string, send: (status: number, payload?: unknown) => void): void {
    const form = new URLSearchParams(body);
    this.tokenRequests.push({ scope: form.get('scope') });
    if (form.get('grant_type') !== 'client_credentials') {
      send(400, { error: 'unsupported_grant_type', error_description: 'client_credentials only' });
      return;
    }
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      send(401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
      return;
    }
    if (form.get('scope') !== 'https://graph.microsoft.com/.default') {
      send(400, {
        error: 'invalid_scope',
        error_description: 'AADSTS1002012: scope must end in /.default',
      });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.add(token);
    send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  }

  /** The scripted answer for `key`, or undefined; a retry before the last Retry-After is throttled again. */
  private scripted(key: string): { answer?: ScriptedAnswer; early: boolean } {
    const early = Date.now() < (this.notBefore.get(key) ?? 0);
    if (early) return { answer: GraphAnswers.throttled(1), early };
    const answer = this.scripts.get(key)?.shift();
    if (answer?.retryAfter !== undefined) this.notBefore.set(key, Date.now() + answer.retryAfter * 1000);
    return { ...(answer ? { answer } : {}), early };
  }

  private answer(
    answer: ScriptedAnswer,
    graphError: (status: number, code: string, message: string, headers?: Record<string, string>) => void,
  ): void {
    graphError(
      answer.status,
      answer.code ?? 'UnknownError',
      answer.message ?? '',
      answer.retryAfter !== undefined ? { 'retry-after': String(answer.retryAfter) } : {},
    );
  }

  private install(
    user: string,
    body: unknown,
    send: (status: number, payload?: unknown) => void,
    graphError: (status: number, code: string, message: string, headers?: Record<string, string>) => void,
  ): void {
    const expected = `${this.baseUrl}/appCatalogs/teamsApps/${this.catalogId}`;
    const keys = body && typeof body === 'object' ? Object.keys(body) : [];
    if (keys.length !== 1 || (body as Record<string, unknown>)['teamsApp@odata.bind'] !== expected) {
      this.log.push({ endpoint: 'installedApps', user, status: 400, early: false });
      graphError(400, 'BadRequest', 'teamsApp@odata.bind must name an app in the catalog.');
      return;
    }
    const { answer, early } = this.scripted(user);
    const status = answer?.status ?? (this.installed.has(user) ? 409 : 201);
    this.log.push({ endpoint: 'installedApps', user, status, early });
    if (status === 201 || status === 409) this.installed.add(user);
    if (status === 201) {
      send(201);
      return;
    }
    this.answer(answer ?? GraphAnswers.alreadyInstalled, graphError);
  }

  /** `POST /users/{id}/checkMemberGroups`: of the groups asked about (at most 20), those the user is in. */
  private checkMemberGroups(
    user: string,
    body: unknown,
    send: (status: number, payload?: unknown) => void,
    graphError: (status: number, code: string, message: string) => void,
  ): void {
    const ids = (body as { groupIds?: unknown } | null)?.groupIds;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > 20 ||
      !ids.every((id) => typeof id === 'string')
    ) {
      this.log.push({ endpoint: 'checkMemberGroups', user, status: 400, early: false });
      graphError(400, 'Request_BadRequest', 'groupIds must be 1 to 20 group ids.');
      return;
    }
    this.log.push({ endpoint: 'checkMemberGroups', user, status: 200, early: false });
    send(200, {
      '@odata.context': `${this.baseUrl}/$metadata#Collection(Edm.String)`,
      value: (ids as string[]).filter((id) => this.groups.get(id.toLowerCase())?.has(user)),
    });
  }

  private sendMail(
    from: string,
    body: unknown,
    send: (status: number, payload?: unknown) => void,
    graphError: (status: number, code: string, message: string, headers?: Record<string, string>) => void,
  ): void {
    const mail = body as SentMail['body'];
    const recipients = mail?.message?.toRecipients;
    const shaped =
      typeof mail?.message?.subject === 'string' &&
      ['Text', 'HTML'].includes(mail.message.body?.contentType) &&
      typeof mail.message.body?.content === 'string' &&
      Array.isArray(recipients) &&
      recipients.length > 0 &&
      recipients.every((r) => typeof r?.emailAddress?.address === 'string');
    if (!shaped) {
      this.log.push({ endpoint: 'sendMail', user: from, status: 400, early: false });
      graphError(400, 'ErrorInvalidRequest', 'The message is not shaped as Graph expects.');
      return;
    }
    const key = recipients[0]?.emailAddress.address.toLowerCase() ?? '';
    const { answer, early } = this.scripted(key);
    const status = answer?.status ?? 202;
    this.log.push({ endpoint: 'sendMail', user: key, status, early });
    if (status === 202) {
      this.mail.push({ from, body: mail });
      send(202);
      return;
    }
    this.answer(answer ?? GraphAnswers.invalidRecipient, graphError);
  }
}
