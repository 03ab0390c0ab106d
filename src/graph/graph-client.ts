import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelineRetryOptions,
  type TlsSettings,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';

/** Graph's answer to one request, after the retries: its status and, for an error, Graph's code and message. */
export interface GraphAnswer {
  readonly status: number;
  /** `error.code` of Graph's error body (`Conflict`, `Request_ResourceNotFound`, `ErrorInvalidRecipients`…). */
  readonly code?: string;
  readonly message?: string;
  /** The parsed JSON body of a successful answer, for calls that read one. */
  readonly body?: unknown;
}

/** How to reach Graph: where, as whom, and (for a stand-in with its own certificate) which CA to trust. */
export interface GraphClientOptions {
  readonly baseUrl: string;
  readonly credential: TokenCredential;
  /**
   * Tries after the first: 429 and 503 wait for Retry-After, other 5xx, 408 and dropped
   * connections back off exponentially with jitter.
   */
  readonly retry?: PipelineRetryOptions;
  readonly tls?: TlsSettings;
}

/** National clouds have Graph hosts of their own; a token is asked for the host's own audience. */
const NATIONAL_GRAPH_HOSTS = [
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
];

/** The `.default` scope of the Graph that `baseUrl` points at: the application permissions granted to the app. */
export function graphScope(baseUrl: string): string {
  const host = new URL(baseUrl).host.toLowerCase();
  return NATIONAL_GRAPH_HOSTS.includes(host)
    ? `https://${host}/.default`
    : 'https://graph.microsoft.com/.default';
}

export const DEFAULT_GRAPH_RETRY: PipelineRetryOptions = {
  maxRetries: 5,
  retryDelayInMs: 1000,
  maxRetryDelayInMs: 30_000,
};

/**
 * A small Microsoft Graph client on Azure's own HTTP pipeline (`@azure/core-rest-pipeline`, as the
 * Azure SDKs use it): a bearer token from `@azure/identity` for the Graph scope, cached and renewed by
 * the pipeline, and its retry policy honouring Retry-After. Only the calls this app makes.
 */
export class GraphClient {
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient = createDefaultHttpClient();
  readonly baseUrl: string;

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.pipeline = createPipelineFromOptions({
      retryOptions: options.retry ?? DEFAULT_GRAPH_RETRY,
      ...(options.tls ? { tlsOptions: options.tls } : {}),
      userAgentOptions: { userAgentPrefix: 'bpv-bot' },
    });
    this.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: graphScope(this.baseUrl) }),
    );
  }

  /** POSTs `body` as JSON to `path` (below the base URL); never throws for an HTTP status, only when Graph cannot be reached. */
  async post(path: string, body: unknown): Promise<GraphAnswer> {
    const request = createPipelineRequest({
      url: `${this.baseUrl}${path}`,
      method: 'POST',
      headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
      body: JSON.stringify(body),
      timeout: 30_000,
    });
    const response = await this.pipeline.sendRequest(this.http, request);
    if (response.status < 400) return { status: response.status, ...jsonBody(response.bodyAsText) };
    return { status: response.status, ...graphError(response.bodyAsText) };
  }
}

function jsonBody(text: string | null | undefined): { body?: unknown } {
  if (!text) return {};
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return {};
  }
}

/** Graph's error body is `{ "error": { "code", "message" } }`; anything else leaves the status alone. */
function graphError(text: string | null | undefined): { code?: string; message?: string } {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : undefined;
    return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
  } catch {
    return {};
  }
}
