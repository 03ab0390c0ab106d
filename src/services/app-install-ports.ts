import type { Placement } from '../domain/placement';

/**
 * Why installing the Teams app for someone failed for good: no account in the school's tenant
 * (Graph 404), or an account Microsoft 365 will not install the app for (a guest, no Teams licence,
 * an app policy: Graph 403 about the user rather than the app's permission).
 */
export type InstallFailureReason = 'no-account' | 'not-installable';

/** A failed install as stored per person (by the hash of their address) for the supervisor's status. */
export interface InstallFailure {
  readonly reason: InstallFailureReason;
  readonly status: number;
  /** Graph's error code, when it gave one. */
  readonly code?: string;
  /** ISO 8601 */
  readonly at: string;
}

/** What became of one install request, after the retries. */
export type InstallAttempt =
  | { readonly outcome: 'installed' }
  | { readonly outcome: 'already-installed' }
  | { readonly outcome: InstallFailureReason; readonly status: number; readonly code?: string }
  /** Graph refused the app itself (the application permission is not granted): the same for everyone. */
  | { readonly outcome: 'permission-missing'; readonly status: number; readonly code?: string }
  /** Throttled or an outage past the retries, or an answer not understood: try again later. */
  | { readonly outcome: 'failed'; readonly status: number; readonly code?: string };

/** Installs the app in someone's personal scope; `user` is their Entra object id or sign-in name. */
export interface AppInstaller {
  install(user: string): Promise<InstallAttempt>;
}

/** Failed installs per person; a person is named by their address, which the store keeps only hashed. */
export interface InstallFailureStore {
  get(email: string): Promise<InstallFailure | undefined>;
  record(email: string, failure: InstallFailure): Promise<void>;
  /** Forgets a failure (installed since); nothing when there is none. */
  clear(email: string): Promise<void>;
  /** Forgets the failures of everyone not among `emails` (no placement any more); returns how many. */
  keepOnly(emails: Iterable<string>): Promise<number>;
}

/** The placements whose people the app is installed for. */
export interface InstallPlacementSource {
  listAll(): AsyncIterable<Placement>;
}

/** Whether someone already has a chat with the bot (the app installed once, a reference stored). */
export interface ConversationPresence {
  get(aadObjectId: string): Promise<unknown | undefined>;
}

/** Switches a placement's trainer to the web page and e-mail, touching that field alone. */
export interface TrainerContactSwitch {
  /**
   * `changed`; `unchanged` when it already was e-mail; `kept` when the placement file said `teams`
   * for this trainer (the coordinator's word stands); `gone` when the placement no longer exists.
   */
  useEmail(placementId: string): Promise<'changed' | 'unchanged' | 'kept' | 'gone'>;
}
