import type { Placement } from '../domain/placement';

/** Which coordinator address (by its storage key, never the address) an Entra id was recognised as. */
export interface CoordinatorAccount {
  readonly aadObjectId: string;
  readonly emailKey: string;
  /** ISO timestamp. */
  readonly boundAt: string;
}

/** Where coordinators are recognised: the placements that name them, and the accounts seen. */
export interface CoordinatorDirectory {
  account(aadObjectId: string): Promise<CoordinatorAccount | undefined>;
  saveAccount(aadObjectId: string, email: string, now: Date): Promise<CoordinatorAccount>;
  forgetAccount(aadObjectId: string): Promise<void>;
  /** Whether any placement names this address in `coordinator_email`. */
  isCoordinator(email: string): Promise<boolean>;
  /**
   * Binds the coordinator address to `aadObjectId` unless another account holds it: one account per
   * address, as for the other roles. True when this account holds it (now or before).
   */
  claimAddress(email: string, aadObjectId: string, now: Date): Promise<boolean>;
  /** Releases the address's account (the move to a new account); the account released, if any. */
  releaseAddress(email: string): Promise<string | undefined>;
  /** The placements whose coordinator has the address behind `emailKey`. */
  placementsOf(emailKey: string): Promise<Placement[]>;
}
