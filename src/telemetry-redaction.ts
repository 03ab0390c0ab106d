import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';

type SpanProcessor = NonNullable<AzureMonitorOpenTelemetryOptions['spanProcessors']>[number];
type FinishedSpan = Parameters<SpanProcessor['onEnd']>[0];

/** Attributes holding a URL or its query: table queries filter on keys, SAS tokens sign in the query. */
const URL_ATTRIBUTES = ['url.full', 'url.path', 'http.url', 'http.target', 'http.route'];
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Whatever follows `/downloads/` but the download page's own routes: links of the old shape carried
 * their token there.
 */
const DOWNLOAD_SEGMENT = /\/downloads\/(?!(?:status|download-page\.js)(?:[/?#]|$))[^/?#]+/g;

/** Download tokens (single-use links) and Entra object ids out of a path: they name a person's file or the person. */
export function redactPath(value: string): string {
  return value.replace(DOWNLOAD_SEGMENT, '/downloads/:token').replace(GUID, ':id');
}
const DROPPED_ATTRIBUTES = ['url.query'];

function withoutQuery(value: string): string {
  const cut = value.search(/[?#]/);
  return cut === -1 ? value : value.slice(0, cut);
}

/**
 * Keeps query strings and user attributes out of what leaves the process. Paths stay: they name
 * tables, queues and conversations, and the keys in them are hashes and ids, never names or
 * addresses. Bodies are never recorded by the instrumentations in the first place.
 */
export function redactSpan(span: FinishedSpan): void {
  // A request span without a route is named by its path.
  const named = span as unknown as { name: string };
  if (typeof named.name === 'string') named.name = redactPath(named.name);
  const attributes = span.attributes as Record<string, unknown>;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (DROPPED_ATTRIBUTES.includes(key) || key.startsWith('enduser.') || key.startsWith('user.')) {
      delete attributes[key];
    } else if (URL_ATTRIBUTES.includes(key) && typeof value === 'string') {
      attributes[key] = redactPath(withoutQuery(value));
    }
  }
}

export function telemetryRedaction(): SpanProcessor {
  return {
    onStart: () => undefined,
    onEnd: redactSpan,
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
}
