import { qualificationDigest } from '../../src/domain/qualification';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { storedQualificationCatalog } from '../../src/services/qualification-catalog';
import type { QualificationStore } from '../../src/services/qualification-ports';
import { QualificationRepository } from '../../src/storage/qualification-repository';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';

/** The real repository, counting the requests the catalog makes of it. */
function counted(store: QualificationStore) {
  const calls: string[] = [];
  const wrapped: QualificationStore = {
    version: (id, version) => {
      calls.push(`version ${id}@${version}`);
      return store.version(id, version);
    },
    newest: (id) => {
      calls.push(`newest ${id}`);
      return store.newest(id);
    },
    list: () => {
      calls.push('list');
      return store.list();
    },
    add: (entry) => {
      calls.push('add');
      return store.add(entry);
    },
  };
  return { calls, wrapped };
}

describe('the qualification catalog', () => {
  it('reads a stored version once and keeps it; a built-in one costs no request', async () => {
    const store = new TableStore(storageConnectionString(), uniqueTablePrefix());
    await store.ensureTables();
    const repository = new QualificationRepository(store);
    const builtIns = loadQualificationCatalog();
    const ict = builtIns.require('ict-beheerder');
    const renamed = { ...ict, title: 'ICT-beheerder 2026' };
    await repository.add({
      qualification: renamed,
      version: 2,
      digest: qualificationDigest(renamed),
      savedAt: '2026-12-07T10:00:00Z',
    });

    const { calls, wrapped } = counted(repository);
    const catalog = storedQualificationCatalog(builtIns, wrapped);
    expect(await catalog.forPlacement({ qualificationId: 'ict-beheerder' })).toBe(ict);
    expect(catalog.loaded({ qualificationId: 'ict-beheerder', qualificationVersion: 1 })).toBe(ict);
    expect(calls).toEqual([]);

    const ref = { qualificationId: 'ict-beheerder', qualificationVersion: 2 };
    expect(() => catalog.loaded(ref)).toThrow('ict-beheerder@2');
    expect((await catalog.forPlacement(ref)).title).toBe('ICT-beheerder 2026');
    expect((await catalog.forPlacement(ref)).title).toBe('ICT-beheerder 2026');
    expect(catalog.loaded(ref).title).toBe('ICT-beheerder 2026');
    expect(calls).toEqual(['version ict-beheerder@2']);

    expect((await catalog.newest('ict-beheerder'))?.version).toBe(2);
    expect([...(await catalog.newestVersions())]).toEqual([['ict-beheerder', 2]]);
    await expect(
      catalog.forPlacement({ qualificationId: 'ict-beheerder', qualificationVersion: 3 }),
    ).rejects.toThrow('Unknown qualification "ict-beheerder@3"');
  });
});
