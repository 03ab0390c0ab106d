import { realSleep, type Sleep } from './retry';

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
