import { normalizeEmail, ROLES } from '../domain/placement';
import { type ErasureDeps, erasePerson } from './erase-person';

/** One table in a backup. */
export interface BackupTable {
  readonly table: string;
  readonly rows: number;
  readonly bytes: number;
}

/** What a backup holds: its id (the time it was made, sortable) and each table's row count. */
export interface BackupManifest {
  readonly id: string;
  readonly madeAt: string;
  readonly tables: readonly BackupTable[];
}

/** Where backups are kept, and the keys of people erased since (kept outside every backup). */
export interface BackupStore<Target = unknown> {
  backup(at: Date): Promise<BackupManifest>;
  /** Finished backups, newest first. */
  list(): Promise<BackupManifest[]>;
  exists(id: string): Promise<boolean>;
  /** Tables of `into` that hold rows; a restore goes into empty tables only. */
  nonEmptyTables(into: Target): Promise<string[]>;
  restore(id: string, into: Target): Promise<BackupTable[]>;
  recordErasure(emailKeys: readonly string[]): Promise<void>;
  erasedKeys(): Promise<string[]>;
  removeOlderThan(days: number, now: Date): Promise<number>;
}

/** Why a restore did not start. */
export class RestoreRefusedError extends Error {
  constructor(
    readonly reason: 'unknown_backup' | 'not_empty',
    readonly tables: readonly string[] = [],
  ) {
    super(reason === 'unknown_backup' ? 'no such backup' : `tables not empty: ${tables.join(', ')}`);
    this.name = 'RestoreRefusedError';
  }
}

/**
 * Restores a backup into empty tables, then erases again everyone erased since any backup was
 * made: a restore never brings back a person who asked to be forgotten.
 */
export async function restoreBackup<Target>(
  id: string,
  backups: BackupStore<Target>,
  into: Target,
  erasure: ErasureDeps,
): Promise<{ tables: BackupTable[]; reErased: number }> {
  if (!(await backups.exists(id))) throw new RestoreRefusedError('unknown_backup');
  const notEmpty = await backups.nonEmptyTables(into);
  if (notEmpty.length > 0) throw new RestoreRefusedError('not_empty', notEmpty);
  const tables = await backups.restore(id, into);
  const reErased = await applyErasures(await backups.erasedKeys(), erasure);
  return { tables, reErased };
}

/**
 * Erases the people behind these storage keys: the placements name them by address, so a scan
 * finds each address whose key is listed and erases it as `erase` did; keys no placement names any
 * more still lose their index rows, user bindings and chats. Returns how many people were found.
 */
export async function applyErasures(keys: readonly string[], deps: ErasureDeps): Promise<number> {
  if (keys.length === 0) return 0;
  const erased = new Set(keys);
  const addresses = new Set<string>();
  for await (const placement of deps.placements.listAll()) {
    const emails = [...ROLES.map((role) => placement[role].email), placement.coordinatorEmail ?? ''];
    for (const email of emails) {
      if (email && deps.personalData.emailKeys(email).some((key) => erased.has(key))) {
        addresses.add(normalizeEmail(email));
      }
    }
  }
  for (const address of addresses) await erasePerson(address, deps);
  const ids = new Set(await deps.personalData.idsBoundTo(keys));
  await deps.personalData.removePerson(keys, ids);
  return addresses.size;
}
