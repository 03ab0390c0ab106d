import { SendError } from './send-error';
import { sendMetrics } from './send-metrics';

/** Waits; a parameter so tests and benchmarks can see the waits without real time passing. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a failed send is retried, as Teams asks. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the send gives up instead. */
  readonly maxRetryAfterMs?: number;
}

const RETRYABLE = new Set([412, 429, 502, 503, 504]);

/** Whether a status is worth another try: throttling and passing service errors. */
export function isRetryable(error: unknown): error is SendError {
  return error instanceof SendError && (error.status === undefined || RETRYABLE.has(error.status));
}

/**
 * Runs `send`, retrying throttling and passing failures a bounded number of times: after 429 it
 * waits what Retry-After says, otherwise exponentially longer with jitter. Other failures (403
 * and the like) are thrown at once.
 */
export async function withRetry<T>(
  send: () => Promise<T>,
  policy: RetryPolicy,
  sleep: Sleep = realSleep,
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (error instanceof SendError && error.status === 429) sendMetrics.throttled.add(1);
      if (!isRetryable(error) || attempt >= policy.maxAttempts) throw error;
      if (
        error.retryAfterMs !== undefined &&
        policy.maxRetryAfterMs !== undefined &&
        error.retryAfterMs > policy.maxRetryAfterMs
      )
        throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay =
        error.status === 429 && error.retryAfterMs !== undefined
          ? error.retryAfterMs
          : backoff / 2 + random() * (backoff / 2);
      await sleep(delay);
    }
  }
}
