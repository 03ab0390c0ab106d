import type { VersionRecords } from '../domain/agreement-version';
import type { AuditEvent } from '../domain/audit';
import { type CheckInRound, openRound, ROUND_KINDS } from '../domain/check-in';
import type { Placement } from '../domain/placement';
import type { RoundStore, StoredRound } from './check-in/ports';
import { ConcurrentUpdateError } from './errors';

const MAX_ATTEMPTS = 5;

/**
 * The placement's latest round, opening the first one when there is none yet (the first time
 * one of its people uses the bot). Two people arriving together open it once.
 */
export async function currentRound(
  placement: Placement,
  deps: { rounds: RoundStore },
  actor: { id: string; role: AuditEvent['actorRole'] },
  now: Date,
): Promise<StoredRound> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rounds = await deps.rounds.list(placement.id);
    const latest = rounds.at(-1);
    if (latest) return latest;
    const round = openRound({
      placementId: placement.id,
      number: 1,
      kind: ROUND_KINDS[0] ?? 'start',
      qualificationId: placement.qualificationId,
      now,
    });
    await deps.rounds.create(round, [
      {
        at: now.toISOString(),
        actorRole: actor.role,
        actorId: actor.id,
        event: 'round_opened',
        round: 1,
        detail: { kind: round.kind },
      },
    ]);
  }
  throw new ConcurrentUpdateError();
}

/**
 * A change decided by domain code: the new round, what to append to the audit trail, and the
 * version or decision records it creates (agreement-versions.ts), all written together.
 */
export interface RoundChange {
  readonly round: CheckInRound;
  readonly events: readonly AuditEvent[];
  readonly records?: VersionRecords;
}

/**
 * Reads a round, lets `decide` change it, and writes it back with the ETag it read. When someone
 * else wrote in between, it reads again and decides again on the fresh round, so concurrent
 * answers by student and trainer are both kept. `decide` throws to refuse.
 */
export async function changeRound(
  deps: { rounds: RoundStore },
  placementId: string,
  number: number,
  decide: (round: CheckInRound) => RoundChange,
): Promise<{ before: CheckInRound; after: CheckInRound }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await deps.rounds.get(placementId, number);
    if (!stored) throw new RoundNotFoundError();
    const change = decide(stored.round);
    if (change.round === stored.round) return { before: stored.round, after: stored.round };
    try {
      await deps.rounds.save(change.round, stored.etag, change.events, change.records);
      return { before: stored.round, after: change.round };
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) continue;
      throw error;
    }
  }
  throw new ConcurrentUpdateError();
}

/** A card named a round that does not exist (tampered, or from another environment). */
export class RoundNotFoundError extends Error {
  constructor() {
    super('round not found');
    this.name = 'RoundNotFoundError';
  }
}
