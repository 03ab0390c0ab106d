import { type Placement, ROLES, type Role } from '../../src/domain/placement';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { importPlacements } from '../../src/services/import-placements';
import { PlacementImportStore } from '../../src/storage/placement-import-store';
import { PlacementRepository } from '../../src/storage/placement-repository';
import type { TableStore } from '../../src/storage/table-store';
import { freshStore } from '../support/bot-harness';

const HEADER =
  'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date';
const row = (student: string, company = 'Voorbeeld ICT B.V.') =>
  `${student}@student.example.org,${student},pieter@bedrijf.example.org,Pieter de Vries,fatima@roc.example.org,Fatima El Amrani,${company},ict-beheerder,2026-09-01,2027-06-30`;
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const qualificationIds = loadQualificationCatalog().ids();

/**
 * The bot binding a student's Entra id (PlacementRepository.bind, as on first contact) to the very
 * placement row the import is about to write, after the import read it: Azurite answers the
 * import's write with a real 412.
 */
class BotBindsDuringImport extends PlacementImportStore {
  readonly replaceCalls: string[] = [];
  private binds = 0;

  constructor(
    store: TableStore,
    private readonly bot: PlacementRepository,
    private readonly placementId: () => string,
    private readonly times: number,
  ) {
    super(store);
  }

  override async replace(placement: Placement, etag: string): Promise<void> {
    this.replaceCalls.push(placement.id);
    if (placement.id === this.placementId() && this.binds < this.times) {
      this.binds += 1;
      // A role once bound is never rebound, so each concurrent write binds the next role.
      const role = ROLES[(this.binds - 1) % ROLES.length] as Role;
      await this.bot.bind(placement.id, role, `aad-${this.binds}`);
    }
    await super.replace(placement, etag);
  }
}

async function idOf(repo: PlacementRepository, email: string): Promise<string> {
  const [found] = await repo.rolesForEmail(email);
  if (!found) throw new Error(`no placement for ${email}`);
  return found.placement.id;
}

describe('importPlacements against a concurrent writer', () => {
  it('reads a placement again after a 412 from a concurrent bind, keeps the binding and applies the row', async () => {
    const store = await freshStore();
    const repo = new PlacementRepository(store);
    await importPlacements(csv(row('sanne'), row('daan')), {
      store: new PlacementImportStore(store),
      qualificationIds,
    });
    const sanneId = await idOf(repo, 'sanne@student.example.org');
    const racing = new BotBindsDuringImport(store, repo, () => sanneId, 1);

    const report = await importPlacements(csv(row('sanne', 'Nieuw Bedrijf'), row('daan', 'Ook Nieuw')), {
      store: racing,
      qualificationIds,
    });

    expect(report).toMatchObject({ created: 0, updated: 2, unchanged: 0, rejected: [], failed: [] });
    // Sanne's row was written twice: once with the stale ETag (412), once after reading it again.
    expect(racing.replaceCalls.filter((id) => id === sanneId)).toHaveLength(2);
    const sanne = await repo.get(sanneId);
    expect(sanne?.company).toBe('Nieuw Bedrijf');
    expect(sanne?.student.aadObjectId).toBe('aad-1');
  });

  it('reports a row that keeps meeting concurrent writes as failed, and completes the rest of the file', async () => {
    const store = await freshStore();
    const repo = new PlacementRepository(store);
    const rows = ['sanne', 'daan', 'kim', 'noor'];
    await importPlacements(csv(...rows.map((name) => row(name))), {
      store: new PlacementImportStore(store),
      qualificationIds,
    });
    const daanId = await idOf(repo, 'daan@student.example.org');
    const racing = new BotBindsDuringImport(store, repo, () => daanId, Number.POSITIVE_INFINITY);

    const report = await importPlacements(csv(...rows.map((name) => row(name, 'Verhuisd B.V.'))), {
      store: racing,
      qualificationIds,
      attempts: 3,
      retryDelayMs: 1,
      concurrency: 2,
    });

    expect(report.updated).toBe(3);
    expect(report.failed).toEqual([
      {
        line: 3,
        reason:
          'niet opgeslagen: de stage werd steeds tegelijk door iets anders gewijzigd (3 pogingen); lees het bestand later opnieuw in',
      },
    ]);
    expect(racing.replaceCalls.filter((id) => id === daanId)).toHaveLength(3);
    const companies = await Promise.all(
      rows.map(async (name) => (await repo.get(await idOf(repo, `${name}@student.example.org`)))?.company),
    );
    expect(companies).toEqual(['Verhuisd B.V.', 'Voorbeeld ICT B.V.', 'Verhuisd B.V.', 'Verhuisd B.V.']);
    // The bot's bindings are what is stored: the import never overwrote them.
    expect((await repo.get(daanId))?.supervisor.aadObjectId).toBe('aad-3');
  });

  it('creates nothing twice when another import created the placement since the scan (409)', async () => {
    const store = await freshStore();
    const repo = new PlacementRepository(store);
    class OtherImportFirst extends PlacementImportStore {
      creates = 0;
      override async create(placement: Placement): Promise<void> {
        this.creates += 1;
        if (this.creates === 1) {
          await repo.importPlacement({ ...placement, company: 'Eerder Ingelezen' });
        }
        await super.create(placement);
      }
    }
    const racing = new OtherImportFirst(store);
    const report = await importPlacements(csv(row('sanne')), { store: racing, qualificationIds });
    expect(report).toMatchObject({ created: 0, updated: 1, failed: [] });
    const all: Placement[] = [];
    for await (const p of repo.listAll()) all.push(p);
    expect(all.map((p) => p.company)).toEqual(['Voorbeeld ICT B.V.']);
  });
});

describe('importPlacements when storage answers with an error of its own', () => {
  it('creates a placement again that was removed between the scan and the write (404)', async () => {
    const store = await freshStore();
    const repo = new PlacementRepository(store);
    await importPlacements(csv(row('sanne')), { store: new PlacementImportStore(store), qualificationIds });
    const sanneId = await idOf(repo, 'sanne@student.example.org');
    class PurgedMeanwhile extends PlacementImportStore {
      readonly replaced: string[] = [];
      override async replace(placement: Placement, etag: string): Promise<void> {
        this.replaced.push(placement.id);
        await store.client('placements').deleteEntity(placement.id, 'placement');
        await super.replace(placement, etag);
      }
    }
    const racing = new PurgedMeanwhile(store);

    const report = await importPlacements(csv(row('sanne', 'Nieuw Bedrijf')), {
      store: racing,
      qualificationIds,
    });

    expect(report).toMatchObject({ created: 1, updated: 0, failed: [] });
    expect(racing.replaced).toEqual([sanneId]);
    expect((await repo.get(sanneId))?.company).toBe('Nieuw Bedrijf');
  });

  it('reports a row storage refuses with its status and code, once, and imports the rest', async () => {
    const store = await freshStore();
    const repo = new PlacementRepository(store);
    class RefusesDaan extends PlacementImportStore {
      creates = 0;
      override async create(placement: Placement): Promise<void> {
        if (placement.student.email !== 'daan@student.example.org') return super.create(placement);
        this.creates += 1;
        // Table Storage takes at most 32K characters in a string property.
        await super.create({ ...placement, company: 'x'.repeat(40_000) });
      }
    }
    const refusing = new RefusesDaan(store);

    const report = await importPlacements(csv(row('sanne'), row('daan'), row('kim')), {
      store: refusing,
      qualificationIds,
      retryDelayMs: 1,
    });

    expect(report.created).toBe(2);
    expect(report.failed).toEqual([
      { line: 3, reason: 'niet opgeslagen: de opslag weigerde de regel (400 PropertyValueTooLarge)' },
    ]);
    expect(refusing.creates).toBe(1);
    expect(await repo.rolesForEmail('daan@student.example.org')).toEqual([]);
  });
});

describe('importPlacements with the optional columns', () => {
  const header = `${HEADER},trainer_contact,coordinator_email`;
  const withExtras = (student: string, contact: string, coordinator: string) =>
    `${row(student)},${contact},${coordinator}`;

  it('keeps an e-mail-only trainer and the coordinator on the placement, and sees a change to them', async () => {
    const store = await freshStore();
    const repo = new PlacementRepository(store);
    const deps = { store: new PlacementImportStore(store), qualificationIds };
    const first = await importPlacements(
      [header, withExtras('sanne', 'email', 'Coord@ROC.example.org'), withExtras('daan', '', '')].join('\n'),
      deps,
    );
    expect(first).toMatchObject({ created: 2, rejected: [] });
    const [sanne] = await repo.rolesForEmail('sanne@student.example.org');
    const [daan] = await repo.rolesForEmail('daan@student.example.org');
    expect(sanne?.placement).toMatchObject({
      trainerContact: 'email',
      coordinatorEmail: 'coord@roc.example.org',
    });
    expect(daan?.placement.trainerContact).toBeUndefined();
    expect(daan?.placement.coordinatorEmail).toBeUndefined();

    const again = await importPlacements(
      [header, withExtras('sanne', 'teams', 'coord@roc.example.org'), withExtras('daan', '', '')].join('\n'),
      deps,
    );
    expect(again).toMatchObject({ updated: 1, unchanged: 1 });
    const [after] = await repo.rolesForEmail('sanne@student.example.org');
    expect(after?.placement.trainerContact).toBe('teams');

    // An empty column keeps what is stored (e.g. `email`, found out when installing the app failed).
    await importPlacements([header, withExtras('sanne', 'email', '')].join('\n'), deps);
    const quiet = await importPlacements([header, withExtras('sanne', '', '')].join('\n'), deps);
    expect(quiet).toMatchObject({ unchanged: 1 });
    const [kept] = await repo.rolesForEmail('sanne@student.example.org');
    expect(kept?.placement.trainerContact).toBe('email');
  });

  it('refuses a row with an unknown contact or a bad coordinator address, saying why', async () => {
    const store = await freshStore();
    const report = await importPlacements(
      [header, withExtras('sanne', 'fax', ''), withExtras('daan', 'email', 'geen-adres')].join('\n'),
      { store: new PlacementImportStore(store), qualificationIds },
    );
    expect(report.created).toBe(0);
    expect(report.rejected).toEqual([
      {
        line: 2,
        reasons: ["trainer_contact is 'fax'; gebruik 'teams' of 'email' (of laat het leeg voor Teams)"],
      },
      { line: 3, reasons: ['coordinator_email is geen geldig e-mailadres'] },
    ]);
  });

  it('keeps the stored coordinator when a later file has no coordinator_email column, and clears it when the column is empty', async () => {
    const store = await freshStore();
    const repo = new PlacementRepository(store);
    const deps = { store: new PlacementImportStore(store), qualificationIds };
    await importPlacements([header, withExtras('sanne', '', 'coord@roc.example.org')].join('\n'), deps);

    const withoutColumn = await importPlacements(csv(row('sanne')), deps);
    expect(withoutColumn).toMatchObject({ unchanged: 1 });
    const [kept] = await repo.rolesForEmail('sanne@student.example.org');
    expect(kept?.placement.coordinatorEmail).toBe('coord@roc.example.org');

    const emptyCell = await importPlacements([header, withExtras('sanne', '', '')].join('\n'), deps);
    expect(emptyCell).toMatchObject({ updated: 1 });
    const [cleared] = await repo.rolesForEmail('sanne@student.example.org');
    expect(cleared?.placement.coordinatorEmail).toBeUndefined();
  });
});
