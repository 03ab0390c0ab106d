import type { Placement, Role } from '../domain/placement';

/** A stored placement with the version (ETag) its next write must carry. */
export interface StoredPlacement {
  readonly placement: Placement;
  readonly etag: string;
}

/** A people-index entry: whoever has `email` holds `role` in placement `placementId`. */
export interface RoleIndexEntry {
  readonly placementId: string;
  readonly role: Role;
  readonly email: string;
}

/**
 * What a bulk import needs from storage. Every method fails with one of the errors in
 * `./errors`: ConcurrentUpdateError when the row changed, was created or was removed since it was
 * read (read it again and retry), StorageUnavailableError when storage is down or busy (retry
 * later), StorageRefusedError when the request itself was refused (retrying will not help).
 */
export interface PlacementImportPort {
  /** Index entries with the same group may go to {@link upsertIndex} together. */
  readonly maxIndexBatch: number;
  /** The id of the placement of this student, qualification and start date: the same row, the same id. */
  placementIdFor(studentEmail: string, qualificationId: string, startDate: string): string;
  /** Entries of one group (at most {@link maxIndexBatch}) are written in one atomic request. */
  indexGroup(entry: RoleIndexEntry): string;
  /** Every stored placement with its ETag, in one pass. */
  stored(): AsyncIterable<StoredPlacement>;
  /** One placement as stored now, for a retry after someone else wrote it. */
  read(id: string): Promise<StoredPlacement | undefined>;
  /** Writes index entries of one group, all or none. */
  upsertIndex(entries: readonly RoleIndexEntry[]): Promise<void>;
  /** Creates a placement that was not stored when it was read. */
  create(placement: Placement): Promise<void>;
  /** Replaces a placement, provided nobody wrote it since it was read with `etag`. */
  replace(placement: Placement, etag: string): Promise<void>;
  /** Removes the entry of someone who no longer holds that role; an entry already gone is fine. */
  deleteIndex(entry: RoleIndexEntry): Promise<void>;
}
