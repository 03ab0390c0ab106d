import { agreementVersion, versionDecision } from '../../src/domain/agreement-version';
import {
  approveRound,
  type CheckInRound,
  checkInSteps,
  type Decision,
  MAX_NOTE_LENGTH,
  MAX_REMARK_LENGTH,
  MAX_TEXT_LENGTH,
  openRound,
  type Part,
} from '../../src/domain/check-in';
import type { Placement } from '../../src/domain/placement';
import { allWerkprocessen } from '../../src/domain/qualification';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { migrateToKeyedHashes } from '../../src/storage/key-migration';
import { KeyHasher } from '../../src/storage/keys';
import { PersonalDataRepository } from '../../src/storage/personal-data-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository, VersionExistsError } from '../../src/storage/round-repository';
import { toRows } from '../../src/storage/round-rows';
import { ConcurrentUpdateError, TableStore } from '../../src/storage/table-store';
import { freshStore, storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { entityBytes, worstText } from '../support/table-limits';

const q = loadQualificationCatalog().require('ict-beheerder');
const now = new Date('2026-09-02T09:00:00Z');
const levels = Object.fromEntries(allWerkprocessen(q).map((w) => [w.code, 'G' as const]));

const placement = (id: string): Placement => ({
  id,
  student: { email: 's@example.org', name: 'S'.repeat(100), aadObjectId: 'aad-s' },
  trainer: { email: 't@example.org', name: 'T'.repeat(100), aadObjectId: 'aad-t' },
  supervisor: { email: 'b@example.org', name: 'B'.repeat(100), aadObjectId: 'aad-b' },
  company: 'C'.repeat(200),
  qualificationId: q.id,
  startDate: '2026-09-01',
  endDate: '2027-06-30',
});

function part(seed: number, worst: boolean): Part {
  return {
    answers: Object.fromEntries(
      allWerkprocessen(q).map((w, i) => [
        w.code,
        { level: 'Bk', note: worst ? worstText(MAX_NOTE_LENGTH, seed + i) : `noot ${w.code}` },
      ]),
    ),
    texts: Object.fromEntries(
      q.kerntaken.map((k, i) => [
        k.code,
        worst ? worstText(MAX_TEXT_LENGTH, seed + 100 + i) : `werk ${k.code}`,
      ]),
    ),
    cursor: checkInSteps(q).length,
    doneAt: now.toISOString(),
    rev: 40,
  };
}

/** A round just confirmed as `version`; with `worst`, every text at its limit and 50 earlier decisions. */
function confirmed(placementId: string, version: number, worst = false): CheckInRound {
  const decisions: Decision[] = Array.from({ length: worst ? 50 : version - 1 }, (_, i) => ({
    outcome: 'changes_requested',
    by: 'aad-b',
    at: now.toISOString(),
    version: i + 1,
    remark: worst ? worstText(MAX_REMARK_LENGTH, i) : 'graag anders',
  }));
  return {
    ...openRound({ placementId, number: 1, kind: 'start', qualificationId: q.id, now }),
    state: 'submitted',
    parts: { student: part(1, worst), trainer: part(2, worst) },
    agreement: {
      levels,
      texts: Object.fromEntries(
        q.kerntaken.map((k, i) => [
          k.code,
          worst ? worstText(MAX_TEXT_LENGTH, 300 + i) : `afgesproken ${k.code}`,
        ]),
      ),
    },
    settled: { by: 'aad-t', at: now.toISOString() },
    version,
    decisions,
    rev: 60 + version,
  };
}

const snapshotOf = (round: CheckInRound) =>
  agreementVersion({
    round,
    placement: placement(round.placementId),
    qualification: q,
    confirmed: { by: 'aad-s', at: now.toISOString() },
  });

const submittedEvent = {
  at: now.toISOString(),
  actorRole: 'student' as const,
  actorId: 'aad-s',
  event: 'submitted' as const,
  round: 1,
};

async function opened(placementId: string) {
  const store = await freshStore();
  const repo = new RoundRepository(store);
  await repo.create(openRound({ placementId, number: 1, kind: 'start', qualificationId: q.id, now }), []);
  const read = await repo.get(placementId, 1);
  if (!read) throw new Error('round not stored');
  return { store, repo, etag: read.etag };
}

async function rawRows(store: TableStore, placementId: string) {
  const rows: Record<string, unknown>[] = [];
  for await (const row of store.client('placements').listEntities<Record<string, unknown>>({
    queryOptions: { filter: `PartitionKey eq '${placementId}'` },
  })) {
    rows.push(row);
  }
  return rows;
}

describe('agreement versions against Azurite', () => {
  it('stores a version with the round that submits it, and its decision with the round that decides it', async () => {
    const { repo, etag } = await opened('v1');
    const round = confirmed('v1', 1);
    const version = snapshotOf(round);
    const etag2 = await repo.save(round, etag, [submittedEvent], { versions: [version] });
    expect(await repo.versions('v1', 1)).toEqual([{ version }]);

    const approved = approveRound(round, { version: 1, by: 'aad-b', now });
    const decision = versionDecision(approved);
    await repo.save(approved, etag2, [], { decisions: [decision] });
    expect(await repo.versions('v1')).toEqual([{ version, decision }]);
    expect(await repo.versions('v1', 2)).toEqual([]);
    // The round reads as before: its version rows are not taken for round rows.
    expect((await repo.get('v1', 1))?.round).toEqual(approved);
    expect((await repo.list('v1')).map((r) => r.round)).toEqual([approved]);
    expect((await repo.latestOfAll()).get('v1')).toEqual(approved);
  });

  it('refuses a second version with the same number and writes nothing of that batch', async () => {
    const { store, repo, etag } = await opened('v2');
    const first = confirmed('v2', 1);
    const etag2 = await repo.save(first, etag, [submittedEvent], { versions: [snapshotOf(first)] });
    const rowsBefore = await rawRows(store, 'v2');

    // The same version number again, with different content, on a fresh ETag.
    const rewritten = {
      ...first,
      agreement: { levels: { ...levels, '1.1': 'Bk' as const }, texts: {} },
      rev: first.rev + 1,
    };
    await expect(
      repo.save(rewritten, etag2, [submittedEvent], { versions: [snapshotOf(rewritten)] }),
    ).rejects.toBeInstanceOf(VersionExistsError);
    const decision = versionDecision(approveRound(first, { version: 1, by: 'aad-b', now }));
    const etag3 = await repo.save(first, etag2, [], { decisions: [decision] });
    await expect(
      repo.save(first, etag3, [], {
        decisions: [{ ...decision, outcome: 'changes_requested', remark: 'toch niet' }],
      }),
    ).rejects.toBeInstanceOf(VersionExistsError);

    const stored = await repo.versions('v2');
    expect(stored).toEqual([{ version: snapshotOf(first), decision }]);
    expect((await repo.get('v2', 1))?.round.agreement?.levels['1.1']).toBe('G');
    expect(await repo.audit('v2')).toHaveLength(1);
    // Only the decision's batch added rows (the round row and its decision row): nothing of the refused one.
    const after = await rawRows(store, 'v2');
    expect(after.map((r) => r.rowKey).sort()).toEqual(
      [...rowsBefore.map((r) => r.rowKey), 'version|001|0001|decision'].sort(),
    );
  });

  it('writes a version only together with its round: a stale round write stores no version', async () => {
    const { store, repo, etag } = await opened('v3');
    await repo.save({ ...(await repo.get('v3', 1))?.round, rev: 1 } as CheckInRound, etag, []);
    const round = confirmed('v3', 1);
    await expect(
      repo.save(round, etag, [submittedEvent], { versions: [snapshotOf(round)] }),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await repo.versions('v3')).toEqual([]);
    expect((await rawRows(store, 'v3')).filter((r) => String(r.rowKey).startsWith('version|'))).toEqual([]);
    expect(await repo.audit('v3')).toEqual([]);
  });

  it('keeps the worst case inside the table limits, in one batch with the round', async () => {
    const { store, repo, etag } = await opened('worst');
    const round = confirmed('worst', 51, true);
    const version = snapshotOf(round);
    expect(version.notes.trainer['1.1']).toHaveLength(MAX_NOTE_LENGTH);
    expect(version.werkzaamheden['4']).toHaveLength(MAX_TEXT_LENGTH);
    const decided = approveRound(round, { version: 51, by: 'aad-b', now });
    const decision = { ...versionDecision(decided), remark: worstText(MAX_REMARK_LENGTH, 9) };
    // More than any real batch carries: the round, its version and a decision at once.
    await repo.save(decided, etag, [submittedEvent], { versions: [version], decisions: [decision] });

    expect(await repo.versions('worst', 1)).toEqual([{ version, decision }]);
    const rows = await rawRows(store, 'worst');
    for (const row of rows) {
      const strings = Object.values(row).filter((v): v is string => typeof v === 'string');
      expect(Math.max(...strings.map((s) => s.length))).toBeLessThanOrEqual(32 * 1024);
      expect(entityBytes(row)).toBeLessThanOrEqual(1024 * 1024);
      expect(Object.keys(row).length).toBeLessThanOrEqual(252);
    }
    const body = rows.reduce(
      (sum, { etag: _etag, timestamp: _ts, ...entity }) => sum + Buffer.byteLength(JSON.stringify(entity)),
      0,
    );
    expect(body).toBeLessThan(4 * 1024 * 1024 - 64 * 1024);
    expect(rows.length).toBeLessThanOrEqual(100);
  });
});

describe('rounds stored with the agreement last sent back', () => {
  it('still load, and their next save drops it', async () => {
    const store = await freshStore();
    const repo = new RoundRepository(store);
    const round = confirmed('legacy', 2);
    // As earlier versions wrote a round after a request for changes: the old agreement beside it.
    const rows = toRows(round);
    const keys = JSON.parse(rows.round.keys ?? '[]') as string[];
    expect(keys.length).toBeGreaterThan(0);
    const client = store.client('placements');
    await client.createEntity({
      ...rows.round,
      previousAgreement: JSON.stringify({ levels: { ...levels, '3.5': 'nvt' } }),
      keys: JSON.stringify([...keys, 'previousAgreement.text.1']),
      [`v${keys.length}`]: 'oude tekst',
    });

    const read = await repo.get('legacy', 1);
    expect(read?.round).toEqual(round);
    const changed = { ...round, rev: round.rev + 1 };
    await repo.save(changed, read?.etag ?? '', []);
    expect((await repo.get('legacy', 1))?.round).toEqual(changed);
    const stored = (await rawRows(store, 'legacy')).map((row) => JSON.stringify(row));
    expect(stored.join()).not.toContain('previousAgreement');
  });
});

describe('versions when a placement moves or goes', () => {
  it('move with their placement to its keyed id, and go with it when it is removed', async () => {
    const prefix = uniqueTablePrefix();
    const previous = KeyHasher.keyed('a-previous-email-hash-key-of-the-school-01');
    const old = new TableStore(storageConnectionString(), prefix, previous);
    await old.ensureTables();
    const input = { ...placement('x'), student: { email: 'sanne@example.org', name: 'Sanne' } };
    const { id: oldId } = await new PlacementRepository(old).importPlacement(input);
    const oldRounds = new RoundRepository(old);
    await oldRounds.create(
      openRound({ placementId: oldId, number: 1, kind: 'start', qualificationId: q.id, now }),
      [],
    );
    const round = confirmed(oldId, 1);
    const etag = await oldRounds.save(round, (await oldRounds.get(oldId, 1))?.etag ?? '', [], {
      versions: [snapshotOf(round)],
    });
    const approved = approveRound(round, { version: 1, by: 'aad-b', now });
    await oldRounds.save(approved, etag, [], { decisions: [versionDecision(approved)] });
    const before = await oldRounds.versions(oldId);

    const store = new TableStore(storageConnectionString(), prefix);
    await migrateToKeyedHashes(store, previous);
    const newId = store.keys.placementKey(input.student.email, input.qualificationId, input.startDate);
    const rounds = new RoundRepository(store);
    expect(await rounds.versions(oldId)).toEqual([]);
    const moved = await rounds.versions(newId);
    expect(moved).toEqual(
      before.map(({ version, decision }) => ({
        version: { ...version, placementId: newId },
        decision: { ...decision, placementId: newId },
      })),
    );

    await new PersonalDataRepository(store).removePlacement(newId, {
      student: input.student.email,
      trainer: input.trainer.email,
      supervisor: input.supervisor.email,
    });
    expect(await rawRows(store, newId)).toEqual([]);
  });
});
