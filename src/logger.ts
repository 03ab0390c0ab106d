import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Errors are logged by type, status and stack only. SDK errors carry the request and response
 * they belong to, and those hold cards and rosters with names; pino's default would log them all.
 */
export function serializeError(value: unknown): Record<string, unknown> {
  if (!(value instanceof Error)) return { type: typeof value };
  const e = value as Error & { statusCode?: unknown; code?: unknown; cause?: unknown };
  return {
    type: e.name,
    message: e.message.slice(0, 300),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    stack: e.stack?.split('\n').slice(0, 8).join('\n'),
    ...(e.cause instanceof Error ? { cause: serializeError(e.cause) } : {}),
  };
}

/**
 * The trace and span a line was written in, so it can be joined with the request and dependency
 * telemetry in Application Insights (operation id = trace id). Nothing when telemetry is off.
 */
function traceContext(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}

/**
 * Structured JSON logs with conversation and activity ids. Personal data never belongs in a log
 * line; the redaction is a safety net for fields that could carry it if a caller slips.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      mixin: traceContext,
      serializers: { err: serializeError },
      redact: {
        paths: ['*.name', '*.email', '*.text', '*.userPrincipalName', 'name', 'email', 'text'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
