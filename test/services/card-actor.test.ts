import { type CheckInRound, openRound } from '../../src/domain/check-in';
import type { Placement } from '../../src/domain/placement';
import { CARD_ACTOR_TTL_MS, CardActors } from '../../src/services/card-actor';
import { NotYoursError } from '../../src/services/errors';
import { changeRound } from '../../src/services/rounds';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { freshStore } from '../support/bot-harness';

const STUDENT = 'a1a1a1a1-0000-4000-8000-000000000001';
const OTHER = 'b2b2b2b2-0000-4000-8000-000000000002';
const now = new Date('2026-11-30T10:00:00Z');

async function setUp() {
  const store = await freshStore();
  const repository = new PlacementRepository(store);
  const rounds = new RoundRepository(store);
  const { id } = await repository.importPlacement({
    student: { email: 'sanne@example.org', name: 'Sanne' },
    trainer: { email: 'pieter@example.org', name: 'Pieter' },
    supervisor: { email: 'fatima@example.org', name: 'Fatima' },
    company: 'Bedrijf',
    qualificationId: 'ict-beheerder',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
  });
  await repository.bind(id, 'student', STUDENT);
  let reads = 0;
  const placements = {
    get: (placementId: string): Promise<Placement | undefined> => {
      reads += 1;
      return repository.get(placementId);
    },
  };
  let clock = 0;
  const actors = new CardActors({ placements, rounds }, () => clock);
  return {
    id,
    repository,
    rounds,
    store,
    actors,
    reads: () => reads,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('the actor of a card action', () => {
  it('is the sender when the placement binds the named role to them, and only then', async () => {
    const { id, actors } = await setUp();
    const actor = await actors.actor({
      aadObjectId: STUDENT,
      address: { placementId: id, role: 'student' },
      now,
    });
    expect(actor?.memberships.map((m) => [m.placement.id, m.role])).toEqual([[id, 'student']]);
    expect(actor?.aadObjectId).toBe(STUDENT);
    expect(
      await actors.actor({ aadObjectId: OTHER, address: { placementId: id, role: 'student' }, now }),
    ).toBeUndefined();
    expect(
      await actors.actor({ aadObjectId: STUDENT, address: { placementId: id, role: 'trainer' }, now }),
    ).toBeUndefined();
    const gone = 'f'.repeat(32);
    expect(
      await actors.actor({ aadObjectId: STUDENT, address: { placementId: gone, role: 'student' }, now }),
    ).toBeUndefined();
  });

  it('reads a placement once within the time it is kept, and again after', async () => {
    const { id, actors, reads, advance } = await setUp();
    const address = { placementId: id, role: 'student' } as const;
    await actors.actor({ aadObjectId: STUDENT, address, now });
    await actors.actor({ aadObjectId: STUDENT, address, now });
    expect(reads()).toBe(1);
    advance(CARD_ACTOR_TTL_MS);
    await actors.actor({ aadObjectId: STUDENT, address, now });
    expect(reads()).toBe(2);
  });

  it('reads again after a mismatch, so a role bound since then is found at once', async () => {
    const { id, repository, actors, reads } = await setUp();
    const address = { placementId: id, role: 'trainer' } as const;
    expect(await actors.actor({ aadObjectId: OTHER, address, now })).toBeUndefined();
    await repository.bind(id, 'trainer', OTHER);
    expect(await actors.actor({ aadObjectId: OTHER, address, now })).toBeDefined();
    expect(reads()).toBe(2);
  });

  it('needs no read for placements just read when the sender was identified', async () => {
    const { id, repository, actors, reads } = await setUp();
    const placement = await repository.get(id);
    actors.remember(placement ? [placement] : []);
    expect(
      await actors.actor({ aadObjectId: STUDENT, address: { placementId: id, role: 'student' }, now }),
    ).toBeDefined();
    expect(reads()).toBe(0);
  });
});

describe('the actor of a card action that names its round', () => {
  async function withRound() {
    const setup = await setUp();
    const round = openRound({
      placementId: setup.id,
      number: 1,
      kind: 'start',
      qualificationId: 'ict-beheerder',
      now,
    });
    await setup.rounds.create(round, []);
    return { ...setup, address: { placementId: setup.id, role: 'student', round: 1 } as const };
  }

  it("is checked against the round's copy of the placement, and carries the round for the action", async () => {
    const { id, actors, reads, address } = await withRound();
    const actor = await actors.actor({ aadObjectId: STUDENT, address, now });
    expect(actor?.memberships.map((m) => [m.placement.id, m.role])).toEqual([[id, 'student']]);
    expect(actor?.seen?.round.number).toBe(1);
    expect(await actors.actor({ aadObjectId: OTHER, address, now })).toBeUndefined();
    expect(reads()).toBe(0);
  });

  it('refuses the old account once the role was released, with nothing kept', async () => {
    const { id, repository, actors, address } = await withRound();
    await repository.unbind(id, 'student', {
      at: now.toISOString(),
      actorRole: 'system',
      actorId: 'placements-command',
      event: 'account_unlinked',
      round: 0,
    });
    await repository.bind(id, 'student', OTHER);
    actors.forget();
    expect(await actors.actor({ aadObjectId: STUDENT, address, now })).toBeUndefined();
    expect(await actors.actor({ aadObjectId: OTHER, address, now })).toBeDefined();
  });

  it('reads the placement for a round row without the copy, and when the round is not there', async () => {
    const { id, store, actors, reads, address } = await withRound();
    const table = store.client('placements');
    const {
      etag: _etag,
      timestamp: _timestamp,
      placement: _placement,
      ...old
    } = await table.getEntity<Record<string, unknown>>(id, 'round|001');
    await table.updateEntity({ ...old, partitionKey: id, rowKey: 'round|001' }, 'Replace');
    const actor = await actors.actor({ aadObjectId: STUDENT, address, now });
    expect(actor?.seen?.round.number).toBe(1);
    expect(reads()).toBe(1);
    actors.forget();
    const missing = await actors.actor({ aadObjectId: STUDENT, address: { ...address, round: 7 }, now });
    expect(missing?.seen).toBeUndefined();
    expect(reads()).toBe(2);
  });
});

describe('an action on a round read to check who acts', () => {
  it('is refused when, by the time it writes, the role was released and bound to someone else', async () => {
    const { id, repository, rounds } = await setUp();
    await rounds.create(
      openRound({ placementId: id, number: 1, kind: 'start', qualificationId: 'ict-beheerder', now }),
      [],
    );
    const read = await rounds.get(id, 1);
    expect(read?.placement?.student.aadObjectId).toBe(STUDENT);
    // Between the click's check and its write, the student's role goes to another account.
    await repository.unbind(id, 'student', {
      at: now.toISOString(),
      actorRole: 'system',
      actorId: 'placements-command',
      event: 'account_unlinked',
      round: 0,
    });
    await repository.bind(id, 'student', OTHER);
    let decided = 0;
    const change = (round: CheckInRound) => {
      decided += 1;
      return { round: { ...round }, events: [] };
    };
    await expect(
      changeRound({ rounds }, id, 1, change, read, { role: 'student', aadObjectId: STUDENT }),
    ).rejects.toBeInstanceOf(NotYoursError);
    // The stale read was decided on and refused by its ETag; the fresh one was not acted on.
    expect(decided).toBe(1);
    expect((await rounds.get(id, 1))?.etag).not.toBe(read?.etag);
    // The account that holds the role now acts on the round as it is.
    const fresh = await rounds.get(id, 1);
    await expect(
      changeRound({ rounds }, id, 1, change, fresh, { role: 'student', aadObjectId: OTHER }),
    ).resolves.toBeDefined();
    expect(decided).toBe(2);
  });
});
