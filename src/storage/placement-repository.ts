import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { AuditEvent } from '../domain/audit';
import { importedPlacement, sameImportedFields } from '../domain/imported-placement';
import type { Placement, PlacementInput, Role } from '../domain/placement';
import { ROLES } from '../domain/placement';
import type { RoleBinder, RoleFinder, RoleRef } from '../services/account-ports';
import { RoleTakenError } from '../services/errors';
import type { ReminderPlacements } from '../services/reminders/ports';
import type { KeyHasher } from './keys';
import {
  PLACEMENT_ROW,
  type PlacementEntity,
  roundCopyWrites,
  toEntity,
  toPlacement,
} from './placement-rows';
import { auditEntity } from './round-repository';
import { ConcurrentUpdateError, isNotFound, type TableStore, translateStorageError } from './table-store';

export interface PersonIndexEntity {
  partitionKey: string;
  rowKey: string;
  placementId: string;
  role: Role;
}

export { PLACEMENT_ROW, type PlacementEntity, RoleTakenError, toEntity, toPlacement };

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** The people-index row saying that whoever has `email` holds `role` in placement `id`. */
export function personIndexEntity(keys: KeyHasher, id: string, role: Role, email: string): PersonIndexEntity {
  return { partitionKey: keys.emailKey(email), rowKey: `${id}|${role}`, placementId: id, role };
}

/** Placements and the index from a person's e-mail hash to their roles. */
export class PlacementRepository implements RoleFinder, RoleBinder, ReminderPlacements {
  private readonly placements: TableClient;
  private readonly people: TableClient;
  private readonly keys: KeyHasher;

  constructor(store: TableStore) {
    this.placements = store.client('placements');
    this.people = store.client('people');
    this.keys = store.keys;
  }

  async get(id: string): Promise<Placement | undefined> {
    try {
      const entity = await this.placements.getEntity<PlacementEntity>(id, PLACEMENT_ROW);
      return toPlacement(entity);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  /**
   * Creates or updates a placement from an import row. Bindings to Entra ids survive an update
   * unless the person behind a role changed. The person index is written before the placement
   * and stale index rows removed after, so a reader never misses a role; readers check the
   * placement itself, so a stale index row is harmless.
   */
  async importPlacement(input: PlacementInput): Promise<{ id: string; outcome: ImportOutcome }> {
    const id = this.keys.placementKey(input.student.email, input.qualificationId, input.startDate);
    try {
      const existingEntity = await this.placements
        .getEntity<PlacementEntity>(id, PLACEMENT_ROW)
        .catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        });
      const existing = existingEntity ? toPlacement(existingEntity) : undefined;
      const placement = importedPlacement(id, input, existing);
      if (existing && sameImportedFields(existing, placement)) return { id, outcome: 'unchanged' };

      for (const role of ROLES) {
        await this.people.upsertEntity(
          personIndexEntity(this.keys, id, role, placement[role].email),
          'Replace',
        );
      }
      if (existingEntity) {
        await this.write(toEntity(placement), existingEntity.etag);
        for (const role of ROLES) {
          const before = existing?.[role].email;
          if (before && before !== placement[role].email) {
            await this.people
              .deleteEntity(this.keys.emailKey(before), `${id}|${role}`)
              .catch((error: unknown) => {
                if (!isNotFound(error)) throw error;
              });
          }
        }
        return { id, outcome: 'updated' };
      }
      await this.placements.createEntity(toEntity(placement));
      return { id, outcome: 'created' };
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Every placement, for the coordinator's list and the reminder sweep. */
  async *listAll(): AsyncGenerator<Placement> {
    try {
      const rows = this.placements.listEntities<PlacementEntity>({
        queryOptions: { filter: odata`RowKey eq ${PLACEMENT_ROW}` },
      });
      for await (const entity of rows) yield toPlacement(entity);
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** The roles held by whoever has this e-mail address, checked against the placements themselves. */
  async rolesForEmail(email: string): Promise<{ placement: Placement; role: Role }[]> {
    return this.rolesForEmailKey(this.keys.emailKey(email));
  }

  /** As {@link rolesForEmail}, for a user whose e-mail is known only by its hash. */
  async rolesForEmailKey(key: string): Promise<{ placement: Placement; role: Role }[]> {
    try {
      const refs: RoleRef[] = [];
      const rows = this.people.listEntities<PersonIndexEntity>({
        queryOptions: { filter: odata`PartitionKey eq ${key}` },
      });
      for await (const row of rows) refs.push({ placementId: row.placementId, role: row.role });
      const found: { placement: Placement; role: Role }[] = [];
      for (const ref of refs) {
        const placement = await this.get(ref.placementId);
        if (placement && this.keys.emailKey(placement[ref.role].email) === key)
          found.push({ placement, role: ref.role });
      }
      return found;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Records the Entra object id of the person in `role`; a no-op when already bound to it. A role
   * bound to another Entra id is never rebound here ({@link RoleTakenError}): only the coordinator
   * releases it ({@link unbind}). The write carries the ETag it read, so of two accounts racing for
   * an unbound role exactly one wins and the other gets the error.
   */
  async bind(placementId: string, role: Role, aadObjectId: string): Promise<Placement | undefined> {
    return this.changeRow(placementId, (current) => {
      const holder = current[role].aadObjectId;
      if (holder === aadObjectId) return { result: current };
      if (holder) throw new RoleTakenError(placementId, role);
      const updated: Placement = { ...current, [role]: { ...current[role], aadObjectId } };
      return {
        result: updated,
        write: (etag) => this.write(toEntity(updated), etag),
      };
    });
  }

  /**
   * Clears the Entra binding of `role` (the person got a new account), with `event` in the
   * placement's audit trail in the same atomic write. Returns the Entra id it released, or
   * undefined when the role was not bound (nothing is written then).
   */
  async unbind(placementId: string, role: Role, event: AuditEvent): Promise<string | undefined> {
    return this.changeRow(placementId, (current) => {
      const released = current[role].aadObjectId;
      if (!released) return { result: undefined };
      const { aadObjectId: _, ...person } = current[role];
      const updated: Placement = { ...current, [role]: person };
      return {
        result: released,
        write: (etag) =>
          this.write(toEntity(updated), etag, [['create', auditEntity(placementId, event, 0)]]),
      };
    });
  }

  /**
   * Replaces the placement row, guarded by `etag`, and its copy in each of its round rows, with
   * `also` in the same atomic batch.
   */
  private async write(entity: PlacementEntity, etag: string, also: TransactionAction[] = []): Promise<void> {
    await this.placements.submitTransaction([
      ['update', entity, 'Replace', { etag }],
      ...(await roundCopyWrites(this.placements, entity.partitionKey, entity)),
      ...also,
    ]);
  }

  /**
   * Reads the placement row, lets `decide` say what to write (if anything), and writes it with the
   * ETag read; a concurrent change (412) is read again, a few times. Undefined when there is no row.
   */
  private async changeRow<T>(
    placementId: string,
    decide: (current: Placement) => { result: T; write?: (etag: string) => Promise<unknown> },
  ): Promise<T | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      let entity: PlacementEntity & { etag: string };
      try {
        entity = await this.placements.getEntity<PlacementEntity>(placementId, PLACEMENT_ROW);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw translateStorageError(error);
      }
      const { result, write } = decide(toPlacement(entity));
      if (!write) return result;
      try {
        await write(entity.etag);
        return result;
      } catch (error) {
        const translated = translateStorageError(error);
        if (translated instanceof ConcurrentUpdateError) continue;
        throw translated;
      }
    }
    throw new ConcurrentUpdateError();
  }
}
