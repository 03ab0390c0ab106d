import type { Role } from '../domain/placement';

/**
 * The failures every use case may meet, declared here so that the callers (bot, CLI, scheduler)
 * can tell them apart without knowing how storage works; the storage modules throw them.
 */

/** Storage could not be reached; the caller shows a "try again" answer and keeps what it had. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super('storage unavailable', { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** A write carried an ETag that no longer matches: someone else changed the row since it was read. */
export class ConcurrentUpdateError extends Error {
  constructor() {
    super('the row was changed by someone else');
    this.name = 'ConcurrentUpdateError';
  }
}

/** A role is bound to another Entra id: someone else's account already holds it. */
export class RoleTakenError extends Error {
  constructor(
    readonly placementId: string,
    readonly role: Role,
  ) {
    super('role is bound to another account');
    this.name = 'RoleTakenError';
  }
}

/** An action names a placement or role the actor does not hold. */
export class NotYoursError extends Error {
  constructor(readonly role: Role) {
    super('action by someone who does not hold that role');
    this.name = 'NotYoursError';
  }
}

/**
 * Storage refused a request for good (not a concurrent change, not an outage): trying it again
 * gives the same answer. `status` and `code` are storage's own, for a report a person can quote.
 */
export class StorageRefusedError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super('storage refused the request', { cause });
    this.name = 'StorageRefusedError';
  }
}
