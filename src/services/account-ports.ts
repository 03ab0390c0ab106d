import type { AuditEvent } from '../domain/audit';
import type { Placement, Role } from '../domain/placement';

/** A role a person holds in one placement. */
export interface Membership {
  readonly placement: Placement;
  readonly role: Role;
}

/** A role in a placement, by id only: what is refused or released, without the placement's data. */
export interface RoleRef {
  readonly placementId: string;
  readonly role: Role;
}

/** Which address (by its storage key, never the address itself) an Entra id was recognised as, and when. */
export interface UserBinding {
  readonly aadObjectId: string;
  readonly emailKey: string;
  /** ISO timestamp. */
  readonly boundAt: string;
}

/** The roles a person holds, each checked against the placement itself. */
export interface RoleFinder {
  rolesForEmail(email: string): Promise<Membership[]>;
  /** As {@link rolesForEmail}, for someone known only by the key of their address. */
  rolesForEmailKey(emailKey: string): Promise<Membership[]>;
}

/** The Entra id that holds a role in a placement. */
export interface RoleBinder {
  /**
   * Binds an unbound role to `aadObjectId` (a no-op when already bound to it); throws
   * RoleTakenError when another account holds it. Undefined when the placement is gone.
   */
  bind(placementId: string, role: Role, aadObjectId: string): Promise<Placement | undefined>;
  /** Releases the role's binding with `event` in the audit trail; the id released, if any. */
  unbind(placementId: string, role: Role, event: AuditEvent): Promise<string | undefined>;
}

/** Entra id → the address it was recognised as. */
export interface UserBindings {
  get(aadObjectId: string): Promise<UserBinding | undefined>;
  save(aadObjectId: string, email: string, now: Date): Promise<UserBinding>;
  /** Forgets every Entra id recognised as `email`; how many. */
  forgetEmail(email: string): Promise<number>;
}
