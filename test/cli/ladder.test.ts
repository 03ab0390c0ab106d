import { runRemindersCli } from '../../src/cli/reminders';
import { type CheckInRound, openRound } from '../../src/domain/check-in';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { CoordinatorRepository } from '../../src/storage/coordinator-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import type { TableStore } from '../../src/storage/table-store';
import { freshStore, storageConnectionString } from '../support/bot-harness';

async function dryRun(prefix: string, now: string) {
  const out: string[] = [];
  const code = await runRemindersCli(
    ['sweep', '--dry-run', '--now', now],
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: prefix, LOG_LEVEL: 'silent' },
    (line) => out.push(line),
    () => undefined,
  );
  expect(code).toBe(0);
  return out;
}

// Monday 2 November 2026, 10:00 in Amsterdam: the round opens; the trainer finishes that day.
const opened = '2026-11-02T09:00:00.000Z';

async function seed(store: TableStore) {
  const placements = new PlacementRepository(store);
  const conversations = new ConversationRepository(store);
  const { id } = await placements.importPlacement({
    student: { email: 'sanne@example.org', name: 'Sanne' },
    trainer: { email: 'pieter@example.org', name: 'Pieter' },
    supervisor: { email: 'fatima@example.org', name: 'Fatima' },
    company: 'Voorbeeld BV',
    qualificationId: 'ict-beheerder',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
    coordinatorEmail: 'kees@example.org',
  });
  for (const [role, aad] of [
    ['student', 'aad-student'],
    ['trainer', 'aad-trainer'],
    ['supervisor', 'aad-supervisor'],
  ] as const)
    await placements.bind(id, role, aad);
  await new CoordinatorRepository(store).saveAccount('aad-coordinator', 'Kees@example.org', new Date(opened));
  for (const aad of ['aad-student', 'aad-trainer', 'aad-supervisor', 'aad-coordinator'])
    await conversations.save(aad, { conversation: { id: `a:${aad}` } }, new Date(opened));
  const base = openRound({
    placementId: id,
    number: 1,
    kind: 'start',
    qualificationId: 'ict-beheerder',
    now: new Date(opened),
  });
  const round: CheckInRound = {
    ...base,
    parts: { ...base.parts, trainer: { answers: {}, texts: {}, cursor: 21, rev: 1, doneAt: opened } },
  };
  await new RoundRepository(store).create(round, []);
}

const rungsIn = (lines: string[]) =>
  lines
    .filter((l) => l.startsWith('part_open'))
    .map((l) => l.slice(l.lastIndexOf('rung: ') + 'rung: '.length));

describe('npm run reminders -- sweep --dry-run on the escalation ladder', () => {
  it('shows the rung of every reminder on dates that reach each rung', async () => {
    const store = await freshStore();
    await seed(store);
    const prefix = store.tablePrefix;

    // Friday: 4 working days, the student's own reminder only.
    expect(rungsIn(await dryRun(prefix, '2026-11-06T10:00:00+01:00'))).toEqual(['persoon']);

    // Monday after: 5 working days, the trainer is asked to nudge the student.
    const monday = await dryRun(prefix, '2026-11-09T10:00:00+01:00');
    expect(rungsIn(monday)).toEqual(['persoon', 'andere partij']);
    expect(monday).toContain(
      'part_open | trainer Pieter | Sanne @ Voorbeeld BV | student part not finished since 2026-11-02 (5 working days; other_party) | rung: andere partij',
    );

    // Thursday: 8 working days, the supervisor.
    const thursday = await dryRun(prefix, '2026-11-12T10:00:00+01:00');
    expect(rungsIn(thursday)).toEqual(['persoon', 'andere partij', 'begeleider']);
    expect(
      thursday.some((l) => l.startsWith('part_open | supervisor Fatima |') && l.endsWith('rung: begeleider')),
    ).toBe(true);

    // Wednesday after: 12 working days, the coordinator.
    const wednesday = await dryRun(prefix, '2026-11-18T10:00:00+01:00');
    expect(rungsIn(wednesday)).toEqual(['persoon', 'andere partij', 'begeleider', 'coördinator']);
    expect(
      wednesday.some(
        (l) => l.startsWith('part_open | coordinator kees@example.org |') && l.endsWith('rung: coördinator'),
      ),
    ).toBe(true);

    // Saturday: nothing at all, however long the item has been open.
    expect(rungsIn(await dryRun(prefix, '2026-11-21T10:00:00+01:00'))).toEqual([]);
  });

  it("lists the coordinator's weekly digest on the digest day only", async () => {
    const store = await freshStore();
    await seed(store);
    const monday = await dryRun(store.tablePrefix, '2026-11-16T10:00:00+01:00');
    expect(monday).toContain('coordinator_digest | coordinator aad-coordinator | 2026-11-16');
    expect(monday.at(-1)).toContain('1 weekoverzicht(en) voor coördinatoren');
    const tuesday = await dryRun(store.tablePrefix, '2026-11-17T10:00:00+01:00');
    expect(tuesday.some((l) => l.startsWith('coordinator_digest'))).toBe(false);
  });
});
