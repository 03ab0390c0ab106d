import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Logger } from '../logger';
import { ConcurrencyLimit, KeyedLimiter, SlidingWindowLimiter } from './rate-limiter';
import { realSleep, type Sleep } from './retry';

/** Where the instances sharing the tenant's rate publish their claims (a row written with its ETag). */
export interface RateClaims {
  claimRate(
    instanceId: string,
    now: Date,
    decide: (others: readonly number[]) => { rate: number; publish: number; until: Date },
  ): Promise<number>;
}

export interface RateShareOptions {
  readonly claims: RateClaims;
  readonly instanceId: string;
  /** Sends per second for the app in the tenant, shared by the live instances. */
  readonly ratePerSecond: number;
  readonly conversationRatePerSecond: number;
  readonly logger: Logger;
  readonly sleep?: Sleep;
  /** The limiters' clock; a test passes one its `sleep` moves on, to see an hour pass at once. */
  readonly clock?: () => number;
  /** How often the share is renewed; 2 s unless a test slows it down. */
  readonly heartbeatMs?: number;
  /** How long without a send before the claim is given up; 30 s unless a test shortens it. */
  readonly idleMs?: number;
}

/**
 * How many sends may be on their way at once at `rate` a second. Slots are counted when taken,
 * Teams counts a send when it arrives: with `rate` slots a second and `n` on their way, at most
 * `rate + n` arrive within any second however late each one is. A quarter of the rate keeps that
 * within the 20 % margin (40 + 10 of Teams' 50).
 */
function inFlightFor(rate: number): number {
  return Math.max(1, Math.ceil(rate / 4));
}

/** Gives a slot back (the conversation, and the place on the way) once its send is done; safe to call twice. */
export type ReleaseSlot = () => void;

/** Unique per process, so two instances on one host are told apart; no personal data in it. */
export function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

// Teams counts over windows we can only approximate from here; a margin keeps network jitter
// from pushing a send over the limit.
const RATE_MARGIN = 0.8;
const HEARTBEAT_MS = 2000;
const LIVE_WINDOW_MS = 3 * HEARTBEAT_MS;
// Teams counts sends over a sliding second: a rate given up still counts for this long after.
const RATE_WINDOW_MS = 1000;
const HOUR_MS = 60 * 60 * 1000;
/**
 * An instance that has sent nothing for this long gives its claim up and stops its heartbeat: an
 * idle bot then makes no storage calls for its share at all, and its next send claims anew, as a
 * joining instance does.
 */
const IDLE_MS = 30_000;
/** Teams' limit per conversation per hour. */
const CONVERSATION_PER_HOUR = 1800;

/**
 * This process's part of Teams' send limits: a share of the app's rate in the tenant, claimed
 * against the other instances, and the limits per conversation. Every proactive send of the
 * process (reminders and the cards sent after a click) takes its slot here, so together they stay
 * within what Teams allows however many instances run.
 */
export class SendRateShare {
  readonly instanceId: string;
  private readonly global: SlidingWindowLimiter;
  private readonly perConversation: KeyedLimiter;
  private readonly perConversationHour: KeyedLimiter;
  private readonly sleep: Sleep;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** Sends per second this instance has claimed, and the highest it may have used within the window. */
  private rate: number;
  private usedUntil = { rate: 0, at: 0 };
  /** When the claim lapses; undefined before joining (a process on its own, as in a one-off drain). */
  private validUntil: number | undefined;
  private renewing: Promise<void> | undefined;
  /** Who joined (the bot, its reminder worker): the share is given up when the last one leaves. */
  private members = 0;
  private joining: Promise<void> | undefined;
  /** Sends on their way to Teams: a quarter of the rate, so late arrivals stay within the margin. */
  private readonly sending: ConcurrencyLimit;
  /** Per conversation, the send in progress and those waiting behind it. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Given up its claim after a quiet spell; the next send claims again. */
  private idle = false;
  private idling: Promise<void> | undefined;
  /** The claim being written: a heartbeat while storage is slow joins it rather than write beside it. */
  private claiming: Promise<void> | undefined;
  /** Slots taken and not yet released, and when one was last taken or released. */
  private held = 0;
  private lastUse = Date.now();

  constructor(private readonly options: RateShareOptions) {
    this.instanceId = options.instanceId;
    this.sleep = options.sleep ?? realSleep;
    this.rate = Math.floor(options.ratePerSecond * RATE_MARGIN);
    const clock = options.clock ?? Date.now;
    this.global = new SlidingWindowLimiter(this.rate, RATE_WINDOW_MS, clock, this.sleep);
    this.sending = new ConcurrencyLimit(inFlightFor(this.rate));
    this.perConversation = new KeyedLimiter(
      Math.max(1, Math.floor(options.conversationRatePerSecond * RATE_MARGIN)),
      RATE_WINDOW_MS,
      clock,
      this.sleep,
    );
    this.perConversationHour = new KeyedLimiter(
      Math.floor(CONVERSATION_PER_HOUR * RATE_MARGIN),
      HOUR_MS,
      clock,
      this.sleep,
    );
  }

  /**
   * Joins the instances sharing the tenant's rate. It claims nothing until the others have given
   * up enough of theirs: each publishes the highest rate it may still have in Teams' window, and
   * the claims are made in ETag-guarded writes, so however slow an instance is to notice a
   * newcomer, their sends together stay within the tenant's rate. Joining again while joined
   * only counts one more member.
   */
  async join(): Promise<void> {
    this.members += 1;
    this.joining ??= this.claimFirst();
    try {
      await this.joining;
    } catch (error) {
      // Failed halfway (storage away): the caller may try again.
      this.members -= 1;
      this.joining = undefined;
      throw error;
    }
  }

  private async claimFirst(): Promise<void> {
    // Nothing sent yet under a share: start from nothing rather than announce the whole rate.
    this.rate = 0;
    this.global.setLimit(0);
    await this.claim();
    // A join that failed halfway and is tried again keeps one timer.
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.lastUse = Date.now();
    this.heartbeatTimer = setInterval(() => {
      const quiet =
        this.held === 0 && Date.now() - this.lastUse > (this.options.idleMs ?? IDLE_MS) && !this.renewing;
      if (quiet) this.idling = this.goIdle();
      void (quiet ? this.idling : this.claim())?.catch((error: unknown) =>
        this.options.logger.warn({ err: error, event: 'rate_share_heartbeat_failed' }, 'heartbeat failed'),
      );
    }, this.options.heartbeatMs ?? HEARTBEAT_MS);
    this.heartbeatTimer.unref();
    // Until the others have made room, the limiter holds the sends; wait for it here rather than
    // let a caller take work it cannot send yet.
    while (this.rate === 0) {
      await this.sleep(HEARTBEAT_MS / 2);
      await this.claim();
    }
  }

  /**
   * Gives the claim up after a quiet spell, as leaving does (what was sent still counts for Teams'
   * window), and stops the heartbeat; the members stay, and their next send claims anew.
   */
  private async goIdle(): Promise<void> {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    // A heartbeat's claim still on its way would otherwise land after the "nothing" below.
    await this.claiming?.catch(() => undefined);
    this.idle = true;
    const used = this.published(Date.now());
    this.setRate(0);
    this.validUntil = Date.now();
    await this.claimQuietly(() => ({ rate: 0, publish: used, until: new Date(Date.now() + RATE_WINDOW_MS) }));
  }

  /** Claims again after a quiet spell, waiting for room as a joining instance does. */
  private async wake(): Promise<void> {
    // Its "nothing" must be written before the new claim, or it would overwrite the claim.
    await this.idling?.catch(() => undefined);
    this.idle = false;
    this.joining = this.claimFirst();
    await this.joining;
  }

  /** The share's storage calls, kept out of telemetry: a heartbeat is no dependency worth a record. */
  private claimQuietly(decide: Parameters<RateClaims['claimRate']>[2]): Promise<number> {
    return context.with(suppressTracing(context.active()), () =>
      this.options.claims.claimRate(this.instanceId, new Date(), decide),
    );
  }

  private setRate(rate: number): void {
    const now = Date.now();
    if (rate < this.rate)
      this.usedUntil = { rate: Math.max(this.rate, this.published(now)), at: now + RATE_WINDOW_MS };
    this.rate = rate;
    this.global.setLimit(rate);
    this.sending.setLimit(inFlightFor(rate));
  }

  /** The most this instance may have sent in Teams' current window: what the others must leave room for. */
  private published(now: number): number {
    return now < this.usedUntil.at ? Math.max(this.rate, this.usedUntil.rate) : this.rate;
  }

  /**
   * Renews the claim when it is about to lapse: an instance held up (a busy host, a paused
   * process) past its claim must not go on at a rate the others already count as free.
   */
  private async currentClaim(): Promise<void> {
    if (this.idle && this.members > 0) {
      this.renewing ??= this.wake().finally(() => {
        this.renewing = undefined;
      });
      await this.renewing;
      return;
    }
    if (this.validUntil === undefined || Date.now() < this.validUntil) return;
    this.renewing ??= this.claim().finally(() => {
      this.renewing = undefined;
    });
    await this.renewing;
  }

  /**
   * Claims this instance's share anew. One write at a time: when storage answers slower than the
   * heartbeat ticks, overlapping writes of one instance would only conflict with each other.
   */
  private claim(): Promise<void> {
    this.claiming ??= this.claimOnce().finally(() => {
      this.claiming = undefined;
    });
    return this.claiming;
  }

  private async claimOnce(): Promise<void> {
    const budget = this.options.ratePerSecond * RATE_MARGIN;
    const claimedAt = Date.now();
    const rate = await this.claimQuietly((others) => {
      const fair = budget / (others.length + 1);
      const free = budget - others.reduce((a, b) => a + b, 0);
      // At least one send a second when there is room, so a very low rate still moves.
      const next = Math.max(0, Math.min(Math.floor(free), Math.max(1, Math.floor(fair))));
      const now = Date.now();
      return {
        rate: next,
        // Lowering takes effect at once, but what was sent at the old rate counts for a window yet.
        publish: Math.max(next, this.published(now)),
        until: new Date(now + LIVE_WINDOW_MS),
      };
    });
    this.setRate(rate);
    // The others count this claim until LIVE_WINDOW_MS after it was made; its sends must be out
    // of Teams' window by then.
    this.validUntil = claimedAt + LIVE_WINDOW_MS - RATE_WINDOW_MS;
  }

  /** Sends per second this instance may make now: nothing while it waits for room or its claim has lapsed. */
  get sendRate(): number {
    return this.validUntil === undefined || Date.now() < this.validUntil ? this.rate : 0;
  }

  /**
   * Resolves when one more send into `conversation` (a person's personal chat) fits within the
   * limits, and counts it; the caller sends and then releases the slot. Callers queue up in order.
   *
   * Teams counts a send when it arrives, which may be well after the slot was taken on a busy
   * host. So a slot is held until its send is done: one send at a time per conversation (with
   * slots at most `n` a second, at most `n + 1` arrive there within any second), and a bounded
   * number on their way overall (see {@link inFlightFor}).
   */
  async acquire(conversation: string): Promise<ReleaseSlot> {
    const previous = this.inFlight.get(conversation) ?? Promise.resolve();
    let freeConversation!: () => void;
    const done = new Promise<void>((resolve) => {
      freeConversation = resolve;
    });
    const tail = previous.then(() => done);
    this.inFlight.set(conversation, tail);
    void tail.then(() => {
      if (this.inFlight.get(conversation) === tail) this.inFlight.delete(conversation);
    });
    let freeSending: (() => void) | undefined;
    let released = false;
    this.held += 1;
    this.lastUse = Date.now();
    const release = () => {
      if (released) return;
      released = true;
      this.held -= 1;
      this.lastUse = Date.now();
      freeSending?.();
      freeConversation();
    };
    try {
      await previous;
      await this.perConversationHour.acquire(conversation);
      await this.perConversation.acquire(conversation);
      freeSending = await this.sending.acquire();
      // A slot taken after the claim lapsed (held up while waiting for it) is not used.
      do {
        await this.currentClaim();
        await this.global.acquire();
      } while (this.validUntil !== undefined && Date.now() >= this.validUntil);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** Leaves the share once its last member leaves: the claim stays counted until its last sends are out of Teams' window. */
  async leave(): Promise<void> {
    if (this.members > 0) this.members -= 1;
    if (this.members > 0) return;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    this.joining = undefined;
    this.validUntil = undefined;
    this.idle = false;
    const used = this.published(Date.now());
    await this.claimQuietly(() => ({
      rate: 0,
      publish: used,
      until: new Date(Date.now() + RATE_WINDOW_MS),
    })).catch((error: unknown) =>
      this.options.logger.warn({ err: error, event: 'rate_share_release_failed' }, 'rate share not released'),
    );
  }
}
