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
  /** The placements whose coordinator has the address behind `emailKey`. */
  placementsOf(emailKey: string): Promise<Placement[]>;
}
