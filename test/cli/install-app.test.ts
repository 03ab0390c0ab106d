import path from 'node:path';
import { runPlacementsCli } from '../../src/cli/placements';
import type { GraphAccess } from '../../src/graph/graph-connection';
import { AppInstallRepository } from '../../src/storage/app-install-repository';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { GraphAnswers, GraphStandIn } from '../support/graph-stand-in';

jest.setTimeout(60_000);

let graph: GraphStandIn;

beforeEach(async () => {
  graph = new GraphStandIn();
  await graph.start();
});
afterEach(() => graph.stop());

const SUPERVISOR = 'fatima@roc.example.org';
const CSV = path.join(__dirname, '..', 'fixtures', 'placements.csv');
const TALKING_STUDENT_ID = 'bbbbbbbb-0000-4000-8000-000000000001';

/** Two placements of one supervisor; the first student already chats with the bot. */
async function seeded() {
  const prefix = uniqueTablePrefix();
  const store = new TableStore(storageConnectionString(), prefix);
  await store.ensureTables();
  const placements = new PlacementRepository(store);
  const ids: string[] = [];
  for (const [student, trainer] of [
    ['sanne', 'pieter@bedrijf.example.org'],
    ['daan', 'gast@elders.example.org'],
  ] as const) {
    const { id } = await placements.importPlacement({
      student: { email: `${student}@student.example.org`, name: `${student} Jansen` },
      trainer: { email: trainer, name: 'Trainer' },
      supervisor: { email: SUPERVISOR, name: 'Fatima El Amrani' },
      company: 'Voorbeeld ICT B.V.',
      qualificationId: 'ict-beheerder',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
    });
    ids.push(id);
  }
  await placements.bind(ids[0] as string, 'student', TALKING_STUDENT_ID);
  await new ConversationRepository(store).save(
    TALKING_STUDENT_ID,
    { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.trafficmanager.net/emea/' },
    new Date(),
  );
  return { prefix, store, placements, ids: ids as [string, string] };
}

async function run(
  prefix: string,
  args: string[],
  env: Record<string, string> = {},
  /** `null`: no credential given, as in production without an identity. */
  access: GraphAccess | null = graph.access(),
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlacementsCli(
    args,
    {
      STORAGE_CONNECTION_STRING: storageConnectionString(),
      TABLE_PREFIX: prefix,
      GRAPH_BASE_URL: graph.baseUrl,
      TEAMS_APP_CATALOG_ID: graph.catalogId,
      ...env,
    },
    (line) => out.push(line),
    (line) => err.push(line),
    access ?? undefined,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run placements -- install-app', () => {
  it('installs for everyone without a chat: 201, 409 as done, 404 and 403 per person, 429 after its Retry-After', async () => {
    const { prefix, store, placements, ids } = await seeded();
    graph.script('daan@student.example.org', GraphAnswers.throttled(1));
    graph.script('pieter@bedrijf.example.org', GraphAnswers.alreadyInstalled);
    graph.script('gast@elders.example.org', GraphAnswers.userNotFound);
    graph.script(SUPERVISOR, GraphAnswers.guestNotInstallable);

    const result = await run(prefix, ['install-app']);

    expect(result.err).toContain(
      'gast@elders.example.org (praktijkopleider): geen account in deze tenant (404 Request_ResourceNotFound); ' +
        `praktijkopleider werkt voortaan via e-mail in stage ${ids[1]}`,
    );
    expect(result.err).toContain(
      `${SUPERVISOR} (begeleider): Microsoft 365 installeert de app niet voor dit account`,
    );
    expect(result.out).toBe(
      'geïnstalleerd: 1, al geïnstalleerd: 1, niet gelukt: 2, al in gesprek: 1, via e-mail: 0, praktijkopleider naar e-mail: 1',
    );
    expect(result.code).toBe(1);

    // The student who chats with the bot already is not asked for; the throttled one twice, not early.
    expect(graph.requestsFor('sanne@student.example.org')).toEqual([]);
    expect(graph.requestsFor('daan@student.example.org').map((e) => [e.status, e.early])).toEqual([
      [429, false],
      [201, false],
    ]);
    expect(graph.requestsFor('pieter@bedrijf.example.org').map((e) => e.status)).toEqual([409]);
    expect(graph.tokenRequests.every((r) => r.scope === 'https://graph.microsoft.com/.default')).toBe(true);

    // The trainer without an account works by e-mail now; the other placement is untouched.
    expect((await placements.get(ids[1]))?.trainerContact).toBe('email');
    expect((await placements.get(ids[0]))?.trainerContact).toBeUndefined();
    expect((await placements.get(ids[0]))?.student.aadObjectId).toBe(TALKING_STUDENT_ID);
    const failures = new AppInstallRepository(store);
    expect(await failures.get('gast@elders.example.org')).toMatchObject({
      reason: 'no-account',
      status: 404,
    });
    expect(await failures.get(SUPERVISOR)).toMatchObject({ reason: 'not-installable', status: 403 });
    expect(await failures.get('pieter@bedrijf.example.org')).toBeUndefined();

    // Run again: the installed ones are 409 (done), the trainer by e-mail is left alone, the failure
    // that went away is cleared.
    const again = await run(prefix, ['install-app']);
    expect(again.out).toBe(
      'geïnstalleerd: 1, al geïnstalleerd: 2, niet gelukt: 0, al in gesprek: 1, via e-mail: 1, praktijkopleider naar e-mail: 0',
    );
    expect(again.code).toBe(0);
    expect(graph.requestsFor('gast@elders.example.org')).toHaveLength(1);
    expect(await failures.get(SUPERVISOR)).toBeUndefined();
  });

  it('sends at most four installs at once and retries a 502 after a pause', async () => {
    const prefix = uniqueTablePrefix();
    const store = new TableStore(storageConnectionString(), prefix);
    await store.ensureTables();
    const placements = new PlacementRepository(store);
    for (let i = 0; i < 6; i++) {
      await placements.importPlacement({
        student: { email: `student${i}@student.example.org`, name: `Student ${i}` },
        trainer: { email: `trainer${i}@bedrijf.example.org`, name: `Trainer ${i}` },
        supervisor: { email: SUPERVISOR, name: 'Fatima El Amrani' },
        company: 'Voorbeeld ICT B.V.',
        qualificationId: 'ict-beheerder',
        startDate: '2026-09-01',
        endDate: '2027-06-30',
      });
    }
    graph.latencyMs = 50;
    graph.script('student3@student.example.org', {
      status: 502,
      code: 'BadGateway',
      message: 'Bad gateway.',
    });

    const result = await run(prefix, ['install-app']);

    expect(result.out).toContain('geïnstalleerd: 13, al geïnstalleerd: 0, niet gelukt: 0');
    expect(graph.requestsFor('student3@student.example.org').map((e) => e.status)).toEqual([502, 201]);
    expect(graph.maxInFlight).toBe(4);
  });

  it('forgets the failure of someone who left every placement, and erase forgets it too', async () => {
    const { prefix, store } = await seeded();
    const failures = new AppInstallRepository(store);
    const failure = { reason: 'no-account', status: 404, at: '2026-09-01T08:00:00.000Z' } as const;
    await failures.record('vertrokken@bedrijf.example.org', failure);
    await failures.record('pieter@bedrijf.example.org', failure);

    await run(prefix, ['install-app']);
    expect(await failures.get('vertrokken@bedrijf.example.org')).toBeUndefined();

    graph.script('pieter@bedrijf.example.org', GraphAnswers.userNotFound);
    await run(prefix, ['install-app']);
    expect(await failures.get('pieter@bedrijf.example.org')).toBeDefined();
    expect((await run(prefix, ['erase', 'pieter@bedrijf.example.org'])).code).toBe(0);
    expect(await failures.get('pieter@bedrijf.example.org')).toBeUndefined();
  });

  it('leaves a trainer the placement file sets to teams on Teams, and says so', async () => {
    const prefix = uniqueTablePrefix();
    const store = new TableStore(storageConnectionString(), prefix);
    await store.ensureTables();
    const placements = new PlacementRepository(store);
    const { id } = await placements.importPlacement({
      student: { email: 'sanne@student.example.org', name: 'Sanne Jansen' },
      trainer: { email: 'gast@elders.example.org', name: 'Trainer' },
      supervisor: { email: SUPERVISOR, name: 'Fatima El Amrani' },
      company: 'Voorbeeld ICT B.V.',
      qualificationId: 'ict-beheerder',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
      trainerContact: 'teams',
    });
    graph.script('gast@elders.example.org', GraphAnswers.userNotFound);

    const result = await run(prefix, ['install-app']);

    expect(result.err).toContain(`stage ${id} blijft op Teams (trainer_contact teams in het bestand)`);
    expect((await placements.get(id))?.trainerContact).toBe('teams');
    expect(await new AppInstallRepository(store).get('gast@elders.example.org')).toMatchObject({
      reason: 'no-account',
    });
  });

  it('--dry-run lists who would get the app and calls nothing', async () => {
    const { prefix } = await seeded();
    const result = await run(prefix, ['install-app', '--dry-run']);

    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      'zou installeren: daan@student.example.org (deelnemer)',
      `zou installeren: ${SUPERVISOR} (begeleider)`,
      'zou installeren: gast@elders.example.org (praktijkopleider)',
      'zou installeren: pieter@bedrijf.example.org (praktijkopleider)',
      '4 zonder gesprek met de bot (zou de app krijgen), 1 al in gesprek, 0 praktijkopleider(s) via e-mail; Microsoft Graph niet aangeroepen',
    ]);
    expect(graph.log).toEqual([]);
    expect(graph.tokenRequests).toEqual([]);
  });

  it('stops at a missing permission and says which one, storing nothing about the people', async () => {
    const { prefix, store } = await seeded();
    for (const user of [
      'daan@student.example.org',
      SUPERVISOR,
      'gast@elders.example.org',
      'pieter@bedrijf.example.org',
    ]) {
      graph.script(user, GraphAnswers.permissionMissing);
    }
    const result = await run(prefix, ['install-app']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All');
    expect(result.out).toMatch(/niet geprobeerd: [1-4]/);
    expect(await new AppInstallRepository(store).get(SUPERVISOR)).toBeUndefined();
  });

  it('stops when the bot cannot sign in to Graph, installing for nobody', async () => {
    const { prefix, store } = await seeded();
    const result = await run(prefix, ['install-app'], {}, graph.access('wrong-secret'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('De opdracht kan zich niet aanmelden bij Microsoft Graph');
    expect(graph.log).toEqual([]);
    expect(await new AppInstallRepository(store).get(SUPERVISOR)).toBeUndefined();
  });

  it('says in Dutch that the feature is off without TEAMS_APP_CATALOG_ID, and import stays as it was', async () => {
    const { prefix } = await seeded();
    const result = await run(prefix, ['install-app'], { TEAMS_APP_CATALOG_ID: '' });
    expect(result.code).toBe(2);
    expect(result.err).toContain('TEAMS_APP_CATALOG_ID is niet ingesteld');

    const imported = await run(prefix, ['import', CSV], { TEAMS_APP_CATALOG_ID: '' });
    expect(imported.code).toBe(0);
    expect(imported.out).toBe(
      'nieuw: 2, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 0, mislukt: 0, waarschuwingen: 0',
    );
    expect(imported.err).not.toContain('Teams-app');
    expect(graph.log).toEqual([]);
  });

  it('--dry-run runs with no Graph identity, no catalog id and no Graph address: Graph is not called', async () => {
    const { prefix } = await seeded();
    const result = await run(
      prefix,
      ['install-app', '--dry-run'],
      { TEAMS_APP_CATALOG_ID: '', GRAPH_BASE_URL: '' },
      null,
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('4 zonder gesprek met de bot (zou de app krijgen)');
    expect(graph.log).toEqual([]);
    expect(graph.tokenRequests).toEqual([]);
  });
});
