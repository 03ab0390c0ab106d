import {
  type CheckInRound,
  checkInSteps,
  type Decision,
  MAX_NOTE_LENGTH,
  MAX_REMARK_LENGTH,
  MAX_TEXT_LENGTH,
  openRound,
  type Part,
} from '../../src/domain/check-in';
import { allWerkprocessen } from '../../src/domain/qualification';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { RoundRepository } from '../../src/storage/round-repository';
import { UnknownRoundLayoutError } from '../../src/storage/round-rows';
import type { TableStore } from '../../src/storage/table-store';
import { freshStore } from '../support/bot-harness';
import { entityBytes, worstText } from '../support/table-limits';

const q = loadQualificationCatalog().require('ict-beheerder');
const now = new Date('2026-09-02T09:00:00Z');

function fullPart(seed: number): Part {
  return {
    answers: Object.fromEntries(
      allWerkprocessen(q).map((w, i) => [
        w.code,
        { level: 'Bk', note: worstText(MAX_NOTE_LENGTH, seed + i) },
      ]),
    ),
    texts: Object.fromEntries(
      q.kerntaken.map((k, i) => [k.code, worstText(MAX_TEXT_LENGTH, seed + 100 + i)]),
    ),
    cursor: checkInSteps(q).length,
    doneAt: now.toISOString(),
    rev: 40,
  };
}

// The starting agreement joins both parts' texts; a settled one is back within the limit.
const agreementTexts = (seed: number) =>
  Object.fromEntries(q.kerntaken.map((k, i) => [k.code, worstText(2 * MAX_TEXT_LENGTH + 2, seed + i)]));
const levels = Object.fromEntries(allWerkprocessen(q).map((w) => [w.code, 'G' as const]));

/** Every text of a round at its limit, and 50 requests for changes with a remark at its limit. */
function worstRound(placementId: string): CheckInRound {
  const decisions: Decision[] = Array.from({ length: 50 }, (_, i) => ({
    outcome: 'changes_requested',
    by: '0f0f0f0f-0000-4000-8000-000000000000',
    at: now.toISOString(),
    version: i + 1,
    remark: worstText(MAX_REMARK_LENGTH, i),
  }));
  return {
    ...openRound({ placementId, number: 1, kind: 'start', qualificationId: q.id, now }),
    state: 'settling',
    parts: { student: fullPart(1), trainer: fullPart(2) },
    agreement: { levels, texts: agreementTexts(3) },
    settled: { by: '0f0f0f0f-0000-4000-8000-000000000001', at: now.toISOString() },
    remark: { by: 'supervisor', text: worstText(MAX_REMARK_LENGTH, 5), at: now.toISOString() },
    version: 50,
    decisions,
    rev: 60,
  };
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

describe('rounds with every text at its limit', () => {
  it('saves and reads back the worst case, every row inside the table limits', async () => {
    const store = await freshStore();
    const repo = new RoundRepository(store);
    const empty = openRound({ placementId: 'worst', number: 1, kind: 'start', qualificationId: q.id, now });
    await repo.create(empty, []);
    const read = await repo.get('worst', 1);
    if (!read) throw new Error('round not stored');

    const round = worstRound('worst');
    expect(round.parts.student.answers['1.1']?.note).toHaveLength(MAX_NOTE_LENGTH);
    expect(round.parts.trainer.texts['4']).toHaveLength(MAX_TEXT_LENGTH);
    const events = [
      {
        at: now.toISOString(),
        actorRole: 'trainer' as const,
        actorId: 'x',
        event: 'settled' as const,
        round: 1,
      },
    ];
    await repo.save(round, read.etag, events);

    const back = await repo.get('worst', 1);
    expect(back?.round).toEqual(round);
    // More text than one row holds: the rest in text rows, which `get` reads after the round row.
    const stored = (await rawRows(store, 'worst')).find((r) => r.rowKey === 'round|001');
    expect(stored?.textRows).toBeGreaterThan(0);
    expect((await repo.list('worst')).map((r) => r.round)).toEqual([round]);
    expect((await repo.latestOfAll()).get('worst')).toEqual(round);

    const rows = (await rawRows(store, 'worst')).filter((r) => String(r.rowKey).startsWith('round|'));
    for (const row of rows) {
      const strings = Object.values(row).filter((v): v is string => typeof v === 'string');
      expect(Math.max(...strings.map((s) => s.length))).toBeLessThanOrEqual(32 * 1024);
      expect(entityBytes(row)).toBeLessThanOrEqual(1024 * 1024);
      expect(Object.keys(row).length).toBeLessThanOrEqual(252);
    }
    // The batch that wrote them: its actions and its body (each entity as escaped JSON).
    const body = rows.reduce(
      (sum, { etag: _etag, timestamp: _ts, ...entity }) => sum + Buffer.byteLength(JSON.stringify(entity)),
      0,
    );
    expect(body).toBeLessThan(4 * 1024 * 1024 - 64 * 1024);
    expect(rows.length + events.length).toBeLessThanOrEqual(100);
  });

  it('keeps the ETag guard over the text rows: a stale write changes no text', async () => {
    const repo = new RoundRepository(await freshStore());
    const round = openRound({ placementId: 'guard', number: 1, kind: 'start', qualificationId: q.id, now });
    await repo.create(round, []);
    const read = await repo.get('guard', 1);
    if (!read) throw new Error('round not stored');
    const first = { ...round, parts: { ...round.parts, student: fullPart(1) } };
    await repo.save(first, read.etag, []);
    await expect(
      repo.save({ ...round, parts: { ...round.parts, student: fullPart(9) } }, read.etag, []),
    ).rejects.toThrow('the row was changed by someone else');
    expect((await repo.get('guard', 1))?.round).toEqual(first);
  });

  it('keeps the texts of an everyday round in the round row itself, so one point read brings it all', async () => {
    const store = await freshStore();
    const repo = new RoundRepository(store);
    const round = openRound({ placementId: 'day', number: 1, kind: 'start', qualificationId: q.id, now });
    await repo.create(round, []);
    const read = await repo.get('day', 1);
    const student: Part = {
      answers: { '1.1': { level: 'G', note: 'loopt goed' } },
      texts: { '1': 'Servers beheren' },
      cursor: 2,
      rev: 2,
    };
    const changed = { ...round, parts: { ...round.parts, student } };
    await repo.save(changed, read?.etag ?? '', []);
    const rows = (await rawRows(store, 'day')).filter((r) => String(r.rowKey).startsWith('round|'));
    expect(rows.map((r) => [r.rowKey, r.textRows])).toEqual([['round|001', 0]]);
    expect((await repo.get('day', 1))?.round).toEqual(changed);
  });

  it('refuses a round row of a layout it does not read, naming the row and nothing else', async () => {
    const store = await freshStore();
    const repo = new RoundRepository(store);
    const round = openRound({ placementId: 'two', number: 1, kind: 'start', qualificationId: q.id, now });
    // A row as an unreleased earlier layout wrote it: every text in text rows.
    await store.client('placements').createEntity({
      partitionKey: 'two',
      rowKey: 'round|001',
      layout: 2,
      kind: round.kind,
      qualificationId: round.qualificationId,
      state: round.state,
      openedAt: round.openedAt,
      stateSince: round.stateSince,
      version: round.version,
      rev: round.rev,
      student: JSON.stringify({ cursor: 0, rev: 0, levels: {} }),
      trainer: JSON.stringify({ cursor: 0, rev: 0, levels: {} }),
      textRows: 0,
    });
    await expect(repo.get('two', 1)).rejects.toThrow(new UnknownRoundLayoutError('two', 'round|001', 2));
    await expect(repo.get('two', 1)).rejects.toThrow(
      'round row two/round|001 has layout 2; this version reads layout 3',
    );
  });
});
