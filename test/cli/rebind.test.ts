import { PlacementRepository } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { TableStore } from '../../src/storage/table-store';
import { UserRepository } from '../../src/storage/user-repository';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { runPlacements } from '../support/placements-cli';

const TRAINER = 'pieter@bedrijf.example.org';
const OLD_ACCOUNT = 'aaaaaaaa-0000-4000-8000-000000000001';

const run = runPlacements;

/** A trainer with two students, bound to their old account in one placement only. */
async function seeded() {
  const prefix = uniqueTablePrefix();
  const store = new TableStore(storageConnectionString(), prefix);
  await store.ensureTables();
  const placements = new PlacementRepository(store);
  const users = new UserRepository(store);
  const ids: string[] = [];
  for (const student of ['sanne', 'daan']) {
    const { id } = await placements.importPlacement({
      student: { email: `${student}@student.example.org`, name: `${student} Jansen` },
      trainer: { email: TRAINER, name: 'Pieter de Vries' },
      supervisor: { email: 'fatima@roc.example.org', name: 'Fatima El Amrani' },
      company: 'Voorbeeld ICT B.V.',
      qualificationId: 'ict-beheerder',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
    });
    ids.push(id);
  }
  await placements.bind(ids[0] as string, 'trainer', OLD_ACCOUNT);
  await placements.bind(ids[0] as string, 'student', 'aaaaaaaa-0000-4000-8000-000000000002');
  await users.save(OLD_ACCOUNT, TRAINER, new Date('2026-09-01T08:00:00Z'));
  return { prefix, store, placements, users, ids };
}

describe('npm run placements -- rebind', () => {
  it('clears the bindings of every role of the address, forgets its accounts and audits each placement', async () => {
    const { prefix, store, placements, users, ids } = await seeded();
    const [bound, free] = ids as [string, string];

    const result = await run(prefix, 'rebind', 'Pieter@Bedrijf.example.org');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`ontkoppeld: stage ${bound}, rol trainer`);
    expect(result.out).not.toContain(free);
    expect(result.out).toContain('rollen ontkoppeld: 1, nog niet gekoppeld: 1, accounts vergeten: 1');
    expect(result.out).not.toMatch(/Pieter|Jansen|Voorbeeld|@/);

    const after = await placements.get(bound);
    expect(after?.trainer.aadObjectId).toBeUndefined();
    // Only the trainer's role moved: the student in the same placement keeps their account.
    expect(after?.student.aadObjectId).toBe('aaaaaaaa-0000-4000-8000-000000000002');
    expect(await users.get(OLD_ACCOUNT)).toBeUndefined();

    const rounds = new RoundRepository(store);
    expect(await rounds.audit(bound)).toEqual([
      expect.objectContaining({
        event: 'account_unlinked',
        actorRole: 'system',
        detail: { role: 'trainer' },
      }),
    ]);
    expect(await rounds.audit(free)).toEqual([]);

    // A new account can now take the role; running it again changes nothing.
    await placements.bind(bound, 'trainer', 'bbbbbbbb-0000-4000-8000-000000000001');
    expect((await placements.get(bound))?.trainer.aadObjectId).toBe('bbbbbbbb-0000-4000-8000-000000000001');
  });

  it('changes nothing more when run twice', async () => {
    const { prefix, ids } = await seeded();
    await run(prefix, 'rebind', TRAINER);
    const again = await run(prefix, 'rebind', TRAINER);
    expect(again.code).toBe(0);
    expect(again.out).toContain('rollen ontkoppeld: 0, nog niet gekoppeld: 2, accounts vergeten: 0');
    const store = new TableStore(storageConnectionString(), prefix);
    expect(await new RoundRepository(store).audit(ids[0] as string)).toHaveLength(1);
  });

  it('says so for an address without roles, and asks for an address when none is given', async () => {
    const { prefix } = await seeded();
    const unknown = await run(prefix, 'rebind', 'niemand@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('geen rol');
    const missing = await run(prefix, 'rebind');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Geef het e-mailadres op');
    const bad = await run(prefix, 'rebind', 'geen-adres');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('geldig e-mailadres');
  });
});
