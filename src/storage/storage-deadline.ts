import type { TableServiceClientOptions } from '@azure/data-tables';

/**
 * How long one storage operation may take in all, retries included. A person waits for the answer
 * to a message or card click, and Teams gives an invoke only a few seconds: storage that hangs
 * (frozen, not refusing connections) must turn into the "no connection" card well before that,
 * not after the SDK's own minutes of socket timeouts.
 */
export const STORAGE_DEADLINE_MS = 3000;

/** The health check answers a load balancer, which must hear "unavailable" sooner than a person. */
export const HEALTH_CHECK_DEADLINE_MS = 1500;

// A refused or reset connection is retried quickly within the deadline; a hanging one is not
// retried at all (the deadline ends it).
const RETRY_DELAY_MS = 200;
const MAX_RETRY_DELAY_MS = 1000;

/** A storage operation ran past its deadline: the caller treats storage as unavailable. */
export class StorageTimeoutError extends Error {
  constructor(
    readonly deadlineMs: number,
    cause: unknown,
  ) {
    super(`storage did not answer within ${deadlineMs} ms`, { cause });
    this.name = 'StorageTimeoutError';
  }
}

type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];
type AbortSignalLike = { readonly aborted: boolean; addEventListener: AbortSignal['addEventListener'] };

/** An abort signal that fires after `ms`, or earlier when `outer` (the caller's own signal) does. */
export function deadlineSignal(
  ms: number,
  outer?: AbortSignalLike,
): { signal: AbortSignal; expired: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, ms);
  timer.unref();
  const onOuterAbort = () => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    clear: () => {
      clearTimeout(timer);
      (outer as AbortSignal | undefined)?.removeEventListener?.('abort', onOuterAbort);
    },
  };
}

/**
 * A pipeline policy that runs once per operation, around the SDK's retries, and aborts the
 * operation at its deadline with a {@link StorageTimeoutError}.
 */
export function deadlinePolicy(ms: number = STORAGE_DEADLINE_MS): PipelinePolicy {
  return {
    name: 'storageDeadline',
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const deadline = deadlineSignal(ms, outer);
      request.abortSignal = deadline.signal;
      try {
        return await next(request);
      } catch (error) {
        if (deadline.expired()) throw new StorageTimeoutError(ms, error);
        throw error;
      } finally {
        deadline.clear();
        request.abortSignal = outer;
      }
    },
  };
}

/**
 * The deadline of one request of work nobody waits for: a backup or a restore reads and writes whole
 * tables, a page of up to 1,000 rows at a time, where a page of large rows on a busy account may take
 * longer than a person's answer may.
 */
export const BULK_DEADLINE_MS = 60_000;

/** Options every table client gets: a few quick retries, all within the operation's deadline. */
export function tableRequestOptions(
  deadlineMs: number = STORAGE_DEADLINE_MS,
): Pick<TableServiceClientOptions, 'retryOptions' | 'additionalPolicies'> {
  return {
    retryOptions: { maxRetries: 2, retryDelayInMs: RETRY_DELAY_MS, maxRetryDelayInMs: MAX_RETRY_DELAY_MS },
    additionalPolicies: [{ policy: deadlinePolicy(deadlineMs), position: 'perCall' }],
  };
}

/**
 * Options for the queue clients, whose pipeline takes no extra policies: each try is cut off on its
 * own, and {@link deadlineSignal} bounds the whole operation.
 */
export const queueRequestOptions = {
  retryOptions: {
    maxTries: 3,
    tryTimeoutInMs: STORAGE_DEADLINE_MS / 2,
    retryDelayInMs: RETRY_DELAY_MS,
    maxRetryDelayInMs: MAX_RETRY_DELAY_MS,
  },
} as const;
