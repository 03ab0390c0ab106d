import { reminderMetrics } from './reminder-metrics';

/** Waits; a parameter so tests and benchmarks can see the waits without real time passing. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * At most `limit` events in any window of `windowMs`: the way Teams counts (7 per second per
 * conversation, about 50 per second per app and tenant). Callers queue up in order.
 */
export class SlidingWindowLimiter {
  private readonly times: number[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /**
   * Changes the limit, e.g. when the number of instances sharing the tenant's rate changes. 0
   * holds every caller until a later change allows sends again.
   */
  setLimit(limit: number): void {
    this.limit = Math.max(0, Math.floor(limit));
  }

  get currentLimit(): number {
    return this.limit;
  }

  /** Resolves when one more event fits in the window, and counts it. */
  acquire(): Promise<void> {
    const next = this.chain.then(() => this.waitForSlot());
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock();
      while (this.times.length > 0 && (this.times[0] ?? 0) <= now - this.windowMs) this.times.shift();
      if (this.times.length < this.limit) {
        this.times.push(now);
        return;
      }
      // With no room at all, look again after a window: the limit may have changed by then.
      const oldest = this.limit > 0 ? (this.times[this.times.length - this.limit] ?? now) : now;
      await this.sleep(Math.max(1, oldest + this.windowMs - now + 1));
    }
  }
}

/** One limiter per key (conversation), made on first use and dropped when idle. */
export class KeyedLimiter {
  private readonly limiters = new Map<string, { limiter: SlidingWindowLimiter; lastUsed: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  acquire(key: string): Promise<void> {
    const now = this.clock();
    // Looked over once a window, not on every call: with an hour's window and thousands of
    // conversations, a pass per send would cost more than the sends.
    if (now - this.lastSweep >= this.windowMs) {
      this.lastSweep = now;
      for (const [k, v] of this.limiters) if (now - v.lastUsed > 10 * this.windowMs) this.limiters.delete(k);
    }
    let entry = this.limiters.get(key);
    if (!entry) {
      entry = {
        limiter: new SlidingWindowLimiter(this.limit, this.windowMs, this.clock, this.sleep),
        lastUsed: now,
      };
      this.limiters.set(key, entry);
    }
    entry.lastUsed = now;
    return entry.limiter.acquire();
  }
}

/** At most `limit` holders at once; callers queue up in order. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.wake();
  }

  /** Resolves when the caller may go ahead, with the function that gives its place back. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiting.push(() => {
        let done = false;
        resolve(() => {
          if (done) return;
          done = true;
          this.active -= 1;
          this.wake();
        });
      });
      this.wake();
    });
  }

  private wake(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active += 1;
      this.waiting.shift()?.();
    }
  }
}

/** How a failed send is retried, as Teams asks. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the send gives up instead. */
  readonly maxRetryAfterMs?: number;
}

/** A send to Teams failed with this HTTP status (and, for 429, how long Teams asked to wait). */
export class SendError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly retryAfterMs?: number,
  ) {
    super(`send failed with ${status ?? 'no status'}`);
    this.name = 'SendError';
  }
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
      if (error instanceof SendError && error.status === 429) reminderMetrics.throttled.add(1);
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
