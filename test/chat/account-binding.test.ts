import { Writable } from 'node:stream';
import { runPlacementsCli } from '../../src/cli/placements';
import { createLogger } from '../../src/logger';
import { PlacementRepository, RoleTakenError } from '../../src/storage/placement-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { TableStore } from '../../src/storage/table-store';
import { BotHarness, cardText, storageConnectionString, TeamsUser } from '../support/bot-harness';
import { placementWithPeople, startCard } from '../support/check-in-flow';

let harness: BotHarness;
let placements: PlacementRepository;
const logLines: string[] = [];

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  harness = await BotHarness.start({ logger: createLogger('warn', logStream) });
  placements = new PlacementRepository(harness.store);
});
afterAll(async () => {
  await harness.stop();
});

let accounts = 0;
/** Another Entra account whose mail attribute is `mail` (a guest, a shared mailbox, a new account). */
function accountWithMail(mail: string): TeamsUser {
  accounts += 1;
  const aadObjectId = `d0d0d0d0-0000-4000-8000-${String(Date.now() % 1e9).padStart(9, '0')}${String(accounts).padStart(3, '0')}`;
  const person = { aadObjectId, name: `Gast ${accounts}` };
  harness.connector.addMember({
    id: `29:${aadObjectId}`,
    aadObjectId,
    name: person.name,
    email: mail,
    userPrincipalName: `gast${accounts}_extern.example#EXT#@school.onmicrosoft.com`,
  });
  return new TeamsUser(harness, person);
}

function expectNothingOf(card: unknown, people: { student: { name: string } }, company: string): void {
  const text = cardText(card);
  expect(text).toContain('Dit adres is al gekoppeld aan een ander account');
  expect(text).toContain('BPV-coördinator');
  expect(text).not.toContain(people.student.name);
  expect(text).not.toContain(company);
}

async function rebind(email: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlacementsCli(
    ['rebind', email],
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: harness.tablePrefix },
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a role bound to one account', () => {
  it('is refused to a second account with the same mail, which sees nothing of the placement', async () => {
    const { placementId, student, people } = await placementWithPeople(harness);
    const company = (await placements.get(placementId))?.company ?? '';
    const impostor = accountWithMail(people.student.email);

    await impostor.say('hallo');
    expectNothingOf(impostor.lastCard(), people, company);
    await impostor.say('start');
    expectNothingOf(impostor.lastCard(), people, company);
    await impostor.say('status');
    expectNothingOf(impostor.lastCard(), people, company);
    const opened = await impostor.execute('open', { p: placementId, role: 'student' });
    expectNothingOf(opened.card, people, company);
    expect(impostor.cards().map(cardText).join('\n')).not.toContain(company);

    // The coordinator can see it in the logs, by ids only.
    const warnings = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter(
        (line) => line.event === 'role_bound_elsewhere' && line.aadObjectId === impostor.person.aadObjectId,
      );
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]?.refused).toEqual([{ placementId, role: 'student' }]);
    const logged = logLines.join('');
    for (const secret of [people.student.email, people.student.name, company])
      expect(logged).not.toContain(secret);

    // The binding is unchanged, and the real student still works.
    expect((await placements.get(placementId))?.student.aadObjectId).toBe(people.student.aadObjectId);
    const card = await startCard(student);
    expect(cardText(card)).toContain('1.1 Stelt de vraag');
  });

  it('goes to exactly one of two accounts racing for it', async () => {
    const { placementId, people } = await placementWithPeople(harness, { install: false });
    const first = accountWithMail(people.trainer.email);
    const second = accountWithMail(people.trainer.email);
    await Promise.all([first.say('hallo'), second.say('hallo')]);
    const welcomed = [first, second].filter((u) => cardText(u.lastCard()).includes('Als praktijkopleider'));
    const refused = [first, second].filter((u) =>
      cardText(u.lastCard()).includes('Dit adres is al gekoppeld aan een ander account'),
    );
    expect(welcomed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((await placements.get(placementId))?.trainer.aadObjectId).toBe(welcomed[0]?.person.aadObjectId);
  });

  it('is never overwritten by a racer that read it unbound: its write fails on the ETag', async () => {
    const { placementId } = await placementWithPeople(harness, { install: false });
    // Two instances of the bot, each with its own storage client. The first one's write is held
    // back until the second has bound the role, so both read it unbound.
    const first = new TableStore(storageConnectionString(), harness.tablePrefix);
    const second = new TableStore(storageConnectionString(), harness.tablePrefix);
    let readDone!: () => void;
    const firstRead = new Promise<void>((resolve) => {
      readDone = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    first.client('placements').pipeline.addPolicy({
      name: 'hold-first-write',
      async sendRequest(request, next) {
        if (request.method !== 'GET') {
          readDone();
          await released;
        }
        return next(request);
      },
    });
    const late = new PlacementRepository(first).bind(
      placementId,
      'supervisor',
      'e0e0e0e0-0000-4000-8000-000000000001',
    );
    await firstRead;
    const winner = await new PlacementRepository(second).bind(
      placementId,
      'supervisor',
      'e0e0e0e0-0000-4000-8000-000000000002',
    );
    expect(winner?.supervisor.aadObjectId).toBe('e0e0e0e0-0000-4000-8000-000000000002');
    release();
    await expect(late).rejects.toBeInstanceOf(RoleTakenError);
    expect((await placements.get(placementId))?.supervisor.aadObjectId).toBe(
      'e0e0e0e0-0000-4000-8000-000000000002',
    );
  });

  it('moves to a new account after `rebind`, and the old account is refused', async () => {
    const { placementId, student, people } = await placementWithPeople(harness);
    const company = (await placements.get(placementId))?.company ?? '';
    const newAccount = accountWithMail(people.student.email);
    await newAccount.say('hallo');
    expectNothingOf(newAccount.lastCard(), people, company);

    const result = await rebind(people.student.email);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`ontkoppeld: stage ${placementId}, rol student`);
    expect(result.out).toContain('rollen ontkoppeld: 1, nog niet gekoppeld: 0, accounts vergeten: 2');
    expect(`${result.out}${result.err}`).not.toContain(people.student.name);
    expect(`${result.out}${result.err}`).not.toContain(people.student.email);

    await newAccount.say('hallo');
    expect(cardText(newAccount.lastCard())).toContain('Als deelnemer');
    expect((await placements.get(placementId))?.student.aadObjectId).toBe(newAccount.person.aadObjectId);
    await student.say('start');
    expectNothingOf(student.lastCard(), people, company);

    const trail = await new RoundRepository(harness.store).audit(placementId);
    expect(trail.filter((e) => e.event === 'account_unlinked')).toEqual([
      expect.objectContaining({ actorRole: 'system', detail: { role: 'student' } }),
    ]);
  });

  it('refuses a step card the old account still holds after `rebind`, also when the bot kept nothing of it', async () => {
    const { placementId, student, people } = await placementWithPeople(harness);
    const company = (await placements.get(placementId))?.company ?? '';
    const card = await startCard(student);

    expect((await rebind(people.student.email)).code).toBe(0);
    const newAccount = accountWithMail(people.student.email);
    await newAccount.say('hallo');
    // The round the card names carries the new binding, which the click is checked against.
    const rounds = new RoundRepository(harness.store);
    expect((await rounds.get(placementId, 1))?.placement?.student.aadObjectId).toBe(
      newAccount.person.aadObjectId,
    );

    harness.forget();
    const stale = await student.click(card, 'Volgende', { level: 'Bk' });
    expectNothingOf(stale.card, people, company);
    expect((await rounds.get(placementId, 1))?.round.parts.student.answers).toEqual({});
  });
});
