import type { DecidedVersion, VersionRecords } from '../../src/domain/agreement-version';
import type { AuditEvent } from '../../src/domain/audit';
import type { CheckInRound } from '../../src/domain/check-in';
import type { RoundStore, StoredRound } from '../../src/services/check-in/ports';
import type { RoundRepository } from '../../src/storage/round-repository';

/**
 * The real round repository, with a second writer that saves the round again right after every
 * read while `busy`: each write that carries the ETag just read meets a real 412 from storage.
 */
export class BusyNeighbour implements RoundStore {
  busy = false;
  writes = 0;

  constructor(private readonly inner: RoundRepository) {}

  async get(placementId: string, number: number): Promise<StoredRound | undefined> {
    const read = await this.inner.get(placementId, number);
    if (read && this.busy) {
      await this.inner.save(read.round, read.etag, []);
      this.writes += 1;
    }
    return read;
  }

  list(placementId: string): Promise<StoredRound[]> {
    return this.inner.list(placementId);
  }

  create(round: CheckInRound, events: readonly AuditEvent[]): Promise<boolean> {
    return this.inner.create(round, events);
  }

  save(
    round: CheckInRound,
    etag: string,
    events: readonly AuditEvent[],
    records?: VersionRecords,
  ): Promise<string> {
    return this.inner.save(round, etag, events, records);
  }

  versions(placementId: string, round?: number): Promise<DecidedVersion[]> {
    return this.inner.versions(placementId, round);
  }

  audit(placementId: string, limit?: number): Promise<AuditEvent[]> {
    return this.inner.audit(placementId, limit);
  }
}
