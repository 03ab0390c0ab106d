import { runPlacementsCli } from '../../src/cli/placements';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { CoordinatorRepository } from '../../src/storage/coordinator-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { freshStore, storageConnectionString } from '../support/bot-harness';
import { everything } from '../support/storage-scan';

describe('npm run placements -- erase <coordinator>', () => {
  it("removes a coordinator's address from the placements, their recognised account and their digests", async () => {
    const store = await freshStore();
    const placements = new PlacementRepository(store);
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
    const coordinators = new CoordinatorRepository(store);
    const account = await coordinators.saveAccount(
      'aad-kees',
      'kees@example.org',
      new Date('2026-11-02T09:00:00Z'),
    );
    await new ConversationRepository(store).save('aad-kees', { conversation: { id: 'a:kees' } }, new Date());
    await coordinators.createDigest({
      aadObjectId: 'aad-kees',
      week: '2026-11-16',
      status: 'sent',
      queuedAt: '2026-11-16T09:00:00Z',
    });

    const out: string[] = [];
    const code = await runPlacementsCli(
      ['erase', 'Kees@example.org'],
      { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: store.tablePrefix },
      (line) => out.push(line),
      (line) => out.push(line),
    );
    expect(out.join('\n')).not.toContain('Gebruik');
    expect(code).toBe(0);
    expect((await placements.get(id))?.coordinatorEmail).toBeUndefined();
    expect(await coordinators.account('aad-kees')).toBeUndefined();
    const stored = await everything(store);
    for (const trace of ['kees@example.org', 'aad-kees', account.emailKey])
      expect(stored).not.toContain(trace);
  });
});
