import { openRound } from '../../src/domain/check-in';
import type { PlacementInput } from '../../src/domain/placement';
import { PersonalDataRepository } from '../../src/storage/personal-data-repository';
import { PlacementImportStore } from '../../src/storage/placement-import-store';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { ConcurrentUpdateError, type TableStore } from '../../src/storage/table-store';
import { TrainerContactRepository } from '../../src/storage/trainer-contact-repository';
import { freshStore } from '../support/bot-harness';

const now = new Date('2026-09-02T09:00:00Z');
const STUDENT = 'a1a1a1a1-0000-4000-8000-000000000001';
const TRAINER = 'a1a1a1a1-0000-4000-8000-000000000002';
const NEW_STUDENT = 'a1a1a1a1-0000-4000-8000-000000000003';

const input: PlacementInput = {
  student: { email: 'sanne.copy@example.org', name: 'Sanne Kopie' },
  trainer: { email: 'pieter.copy@example.org', name: 'Pieter Kopie' },
  supervisor: { email: 'fatima.copy@example.org', name: 'Fatima Kopie' },
  company: 'Kopie BV',
  qualificationId: 'ict-beheerder',
  startDate: '2026-09-01',
  endDate: '2027-06-30',
};

let store: TableStore;
let placements: PlacementRepository;
let rounds: RoundRepository;

beforeAll(async () => {
  store = await freshStore();
  placements = new PlacementRepository(store);
  rounds = new RoundRepository(store);
});

let sequence = 0;
/** A placement of its own with its first round opened after the student was bound. */
async function placementWithRound(): Promise<string> {
  sequence += 1;
  const { id } = await placements.importPlacement({
    ...input,
    student: { ...input.student, email: `sanne.copy${sequence}@example.org` },
  });
  await placements.bind(id, 'student', STUDENT);
  const round = openRound({
    placementId: id,
    number: 1,
    kind: 'start',
    qualificationId: 'ict-beheerder',
    now,
  });
  expect(await rounds.create(round, [])).toBe(true);
  return id;
}

/** The placement as its first round row carries it. */
async function copyIn(id: string, number = 1) {
  return (await rounds.get(id, number))?.placement;
}

describe('the copy of its placement that a round row carries', () => {
  it('is the placement row as it was when the round was opened', async () => {
    const id = await placementWithRound();
    expect(await copyIn(id)).toEqual(await placements.get(id));
    expect((await copyIn(id))?.student.aadObjectId).toBe(STUDENT);
  });

  it('changes with a binding, a release (rebind) and a new binding, in every round of the placement', async () => {
    const id = await placementWithRound();
    await rounds.create(
      openRound({ placementId: id, number: 2, kind: 'tussentijds', qualificationId: 'ict-beheerder', now }),
      [],
    );
    await placements.bind(id, 'trainer', TRAINER);
    for (const number of [1, 2]) expect((await copyIn(id, number))?.trainer.aadObjectId).toBe(TRAINER);

    await placements.unbind(id, 'student', {
      at: now.toISOString(),
      actorRole: 'system',
      actorId: 'placements-command',
      event: 'account_unlinked',
      round: 0,
      detail: { role: 'student' },
    });
    for (const number of [1, 2]) expect((await copyIn(id, number))?.student.aadObjectId).toBeUndefined();

    await placements.bind(id, 'student', NEW_STUDENT);
    for (const number of [1, 2]) expect(await copyIn(id, number)).toEqual(await placements.get(id));
  });

  it('matches the placement however a round opening and a binding interleave', async () => {
    // Each side reads before it writes: the opening's batch carries the placement row's ETag, the
    // binding's batch the rounds it found, so whichever lands second sees the first.
    const ids = await Promise.all(
      Array.from({ length: 8 }, async () => {
        sequence += 1;
        const { id } = await placements.importPlacement({
          ...input,
          student: { ...input.student, email: `sanne.race${sequence}@example.org` },
        });
        return id;
      }),
    );
    await Promise.all(
      ids.flatMap((id) => [
        rounds.create(
          openRound({ placementId: id, number: 1, kind: 'start', qualificationId: 'ict-beheerder', now }),
          [],
        ),
        placements.bind(id, 'student', STUDENT),
      ]),
    );
    for (const id of ids) {
      expect((await copyIn(id))?.student.aadObjectId).toBe(STUDENT);
      expect(await copyIn(id)).toEqual(await placements.get(id));
    }
  });

  it('goes on unchanged with every step saved, and a step read before a binding is written again', async () => {
    const id = await placementWithRound();
    const read = await rounds.get(id, 1);
    if (!read) throw new Error('round not stored');
    await rounds.save({ ...read.round, rev: 1 }, read.etag, [], {}, read.placement);
    expect(await copyIn(id)).toEqual(await placements.get(id));

    // A binding between a step's read and its write changes the round row: the write is refused
    // (and read again by the step), so it cannot put back the copy from before.
    const before = await rounds.get(id, 1);
    if (!before) throw new Error('round not stored');
    await placements.bind(id, 'trainer', TRAINER);
    await expect(
      rounds.save({ ...before.round, rev: 2 }, before.etag, [], {}, before.placement),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect((await copyIn(id))?.trainer.aadObjectId).toBe(TRAINER);
  });

  it('follows an import that changes names and the company, from either import path', async () => {
    const id = await placementWithRound();
    const stored = await placements.get(id);
    if (!stored) throw new Error('placement not stored');
    await placements.importPlacement({
      ...input,
      student: { email: stored.student.email, name: 'Sanne Kopie-Jansen' },
      company: 'Kopie en Zn BV',
    });
    expect((await copyIn(id))?.student.name).toBe('Sanne Kopie-Jansen');
    expect((await copyIn(id))?.company).toBe('Kopie en Zn BV');

    const bulk = new PlacementImportStore(store);
    const read = await bulk.read(id);
    if (!read) throw new Error('placement not stored');
    await bulk.replace(
      { ...read.placement, trainer: { ...read.placement.trainer, name: 'Piet Kopie' } },
      read.etag,
    );
    expect(await copyIn(id)).toEqual(await placements.get(id));
    expect((await copyIn(id))?.trainer.name).toBe('Piet Kopie');
    // Bindings survive an import that keeps the person.
    expect((await copyIn(id))?.student.aadObjectId).toBe(STUDENT);
  });

  it('follows the switch of a trainer to e-mail', async () => {
    const id = await placementWithRound();
    expect(await new TrainerContactRepository(store).useEmail(id)).toBe('changed');
    expect((await copyIn(id))?.trainerContact).toBe('email');
  });

  it('is anonymised with the placement when a person is erased from it', async () => {
    const id = await placementWithRound();
    const email = (await placements.get(id))?.student.email ?? '';
    await new PersonalDataRepository(store).forgetRole(id, 'student', '[verwijderd]');
    const copy = await copyIn(id);
    expect(copy?.student).toEqual({ name: '[verwijderd]', email: '' });
    const row = await store.client('placements').getEntity<Record<string, unknown>>(id, 'round|001');
    expect(JSON.stringify(row)).not.toContain(STUDENT);
    expect(JSON.stringify(row)).not.toContain(email);
    expect(JSON.stringify(row)).not.toContain('Sanne');
  });

  it("loses the coordinator's address with the placement when the coordinator is erased", async () => {
    sequence += 1;
    const coordinator = `coordinator.copy${sequence}@example.org`;
    const { id } = await placements.importPlacement({
      ...input,
      student: { ...input.student, email: `sanne.coordinated${sequence}@example.org` },
      coordinatorEmail: coordinator,
    });
    await rounds.create(
      openRound({ placementId: id, number: 1, kind: 'start', qualificationId: 'ict-beheerder', now }),
      [],
    );
    expect((await copyIn(id))?.coordinatorEmail).toBe(coordinator);
    await new PersonalDataRepository(store).forgetCoordinator(coordinator, [], new Set());
    expect((await placements.get(id))?.coordinatorEmail).toBeUndefined();
    expect(await copyIn(id)).toEqual(await placements.get(id));
    const row = await store.client('placements').getEntity<Record<string, unknown>>(id, 'round|001');
    expect(JSON.stringify(row)).not.toContain(coordinator);
  });

  it('is absent from a round row written before rounds carried it, and stays absent when it is saved', async () => {
    const id = await placementWithRound();
    const table = store.client('placements');
    const {
      etag: _etag,
      timestamp: _timestamp,
      placement: _placement,
      ...old
    } = await table.getEntity<Record<string, unknown>>(id, 'round|001');
    await table.updateEntity({ ...old, partitionKey: id, rowKey: 'round|001' }, 'Replace');
    const read = await rounds.get(id, 1);
    expect(read?.round.number).toBe(1);
    expect(read?.placement).toBeUndefined();
    if (!read) throw new Error('round not stored');
    await rounds.save({ ...read.round, rev: 1 }, read.etag, [], {}, read.placement);
    expect(await copyIn(id)).toBeUndefined();
  });
});
