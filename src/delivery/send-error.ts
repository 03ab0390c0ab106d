/**
 * A send failed with this HTTP status (and, for 429, how long it was asked to wait): Teams' answer,
 * or a mail failure told the same way (404 refused for good, 503 passing).
 */
export class SendError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly retryAfterMs?: number,
  ) {
    super(`send failed with ${status ?? 'no status'}`);
    this.name = 'SendError';
  }
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } }).response
    ?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * A failed call as a {@link SendError}: its `statusCode` and the Retry-After of its response (as the
 * Bot Framework connector and the Azure SDKs report them), or the SendError itself.
 */
export function sendErrorOf(failure: unknown): SendError {
  if (failure instanceof SendError) return failure;
  const status = (failure as { statusCode?: unknown }).statusCode;
  return new SendError(typeof status === 'number' ? status : undefined, retryAfterMs(failure));
}
