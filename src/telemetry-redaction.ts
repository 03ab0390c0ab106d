import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';

type SpanProcessor = NonNullable<AzureMonitorOpenTelemetryOptions['spanProcessors']>[number];
type FinishedSpan = Parameters<SpanProcessor['onEnd']>[0];

/** Attributes holding a URL or its query: table queries filter on keys, SAS tokens sign in the query. */
const URL_ATTRIBUTES = ['url.full', 'http.url', 'http.target'];
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
  const attributes = span.attributes as Record<string, unknown>;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (DROPPED_ATTRIBUTES.includes(key) || key.startsWith('enduser.') || key.startsWith('user.')) {
      delete attributes[key];
    } else if (URL_ATTRIBUTES.includes(key) && typeof value === 'string') {
      attributes[key] = withoutQuery(value);
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
