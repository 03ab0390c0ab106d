/** What one run of moving the stored keys to a new `EMAIL_HASH_KEY` did, per kind of row. */
export interface KeyMigrationReport {
  /** Placements moved to their keyed id, and the rows (placement partition, reminders) moved with them. */
  readonly placementsMoved: number;
  readonly placementsUnchanged: number;
  /** Placements whose id is neither the old nor the new key of their data: left alone. */
  readonly placementsUnknown: number;
  readonly rowsMoved: number;
  readonly reminderRowsMoved: number;
  readonly indexRewritten: number;
  readonly indexUnchanged: number;
  /** Index rows whose placement or person is gone (readers skipped them anyway). */
  readonly indexRemoved: number;
  readonly usersRewritten: number;
  readonly usersUnchanged: number;
  /** Bindings to an address found in no placement: forgotten, looked up again on the next message. */
  readonly usersRemoved: number;
  readonly conversationsStripped: number;
}

/**
 * The stored keys, which are keyed hashes of addresses: moving them from those of a previous key
 * to those of the current one. Copies go before deletes, so a run that stops halfway is finished by
 * the next, and a finished run run again changes nothing.
 */
export interface StoredKeys {
  moveFrom(previousKey: string): Promise<KeyMigrationReport>;
}

/**
 * After `EMAIL_HASH_KEY` is replaced: every row keyed by the previous key's hashes is moved to the
 * current key's (the operator's `migrate-keys`, while the bot is stopped).
 */
export function rotateEmailHashKey(
  previousKey: string,
  deps: { readonly keys: StoredKeys },
): Promise<KeyMigrationReport> {
  return deps.keys.moveFrom(previousKey);
}
