import { openRound } from '../../src/domain/check-in';
import { RoundRepository } from '../../src/storage/round-repository';
import { ConcurrentUpdateError } from '../../src/storage/table-store';
import { freshStore } from '../support/bot-harness';

const now = new Date('2026-09-02T09:00:00Z');
const audit = (event: 'round_opened' | 'answered') => ({
  at: now.toISOString(),
  actorRole: 'student' as const,
  actorId: 'aad-1',
  event,
  round: 1,
});

describe('RoundRepository against Azurite', () => {
  it('creates a round once; a second create of the same round reports it exists', async () => {
    const repo = new RoundRepository(await freshStore());
    const round = openRound({
      placementId: 'p1',
      number: 1,
      kind: 'start',
      qualificationId: 'ict-beheerder',
      now,
    });
    expect(await repo.create(round, [audit('round_opened')])).toBe(true);
    expect(await repo.create(round, [audit('round_opened')])).toBe(false);
    const stored = await repo.get('p1', 1);
    expect(stored?.round).toEqual(round);
    expect(await repo.audit('p1')).toHaveLength(1);
  });

  it('refuses a write with a stale ETag and writes none of its batch', async () => {
    const repo = new RoundRepository(await freshStore());
    const round = openRound({
      placementId: 'p2',
      number: 1,
      kind: 'start',
      qualificationId: 'ict-beheerder',
      now,
    });
    await repo.create(round, []);
    const read = await repo.get('p2', 1);
    if (!read) throw new Error('round not stored');
    await repo.save({ ...read.round, rev: 1 }, read.etag, [audit('answered')]);
    await expect(repo.save({ ...read.round, rev: 2 }, read.etag, [audit('answered')])).rejects.toBeInstanceOf(
      ConcurrentUpdateError,
    );
    expect((await repo.get('p2', 1))?.round.rev).toBe(1);
    expect(await repo.audit('p2')).toHaveLength(1);
  });

  it('lists rounds in order, apart from the audit rows of the same partition', async () => {
    const repo = new RoundRepository(await freshStore());
    for (const number of [2, 1, 10]) {
      await repo.create(
        openRound({ placementId: 'p3', number, kind: 'start', qualificationId: 'ict-beheerder', now }),
        [audit('round_opened')],
      );
    }
    expect((await repo.list('p3')).map((r) => r.round.number)).toEqual([1, 2, 10]);
    expect(await repo.audit('p3', 2)).toHaveLength(2);
  });

  it('reads the audit trail oldest first, and the newest few in one short read', async () => {
    const repo = new RoundRepository(await freshStore());
    const round = openRound({
      placementId: 'p4',
      number: 1,
      kind: 'start',
      qualificationId: 'ict-beheerder',
      now,
    });
    const at = (minute: number) => new Date(now.getTime() + minute * 60_000).toISOString();
    await repo.create(round, [
      { at: at(0), actorRole: 'system', actorId: 'x', event: 'round_opened', round: 1 },
    ]);
    const read = await repo.get('p4', 1);
    if (!read) throw new Error('round not stored');
    await repo.save({ ...read.round, rev: 1 }, read.etag, [
      { at: at(5), actorRole: 'student', actorId: 's', event: 'confirmed', round: 1 },
      { at: at(5), actorRole: 'student', actorId: 's', event: 'submitted', round: 1 },
    ]);
    expect((await repo.audit('p4')).map((e) => e.event)).toEqual(['round_opened', 'confirmed', 'submitted']);
    expect((await repo.audit('p4', 2)).map((e) => e.event)).toEqual(['confirmed', 'submitted']);
  });
});
