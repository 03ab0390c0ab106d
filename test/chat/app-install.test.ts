import path from 'node:path';
import { runPlacementsCli } from '../../src/cli/placements';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { BotHarness, cardText, storageConnectionString } from '../support/bot-harness';
import { GraphAnswers, GraphStandIn } from '../support/graph-stand-in';

jest.setTimeout(60_000);

const CSV = path.join(__dirname, '..', 'fixtures', 'placements.csv');
const student = {
  aadObjectId: 'c1c1c1c1-0000-4000-8000-000000000001',
  name: 'Sanne Jansen',
  email: 'sanne.jansen@student.example.org',
};
const supervisor = {
  aadObjectId: 'c1c1c1c1-0000-4000-8000-000000000003',
  name: 'Fatima El Amrani',
  email: 'fatima.elamrani@roc.example.org',
};
const TRAINER = 'pieter.devries@voorbeeldict.example.org';

let harness: BotHarness;
let graph: GraphStandIn;

beforeAll(async () => {
  harness = await BotHarness.start();
  graph = new GraphStandIn();
  await graph.start();
});
afterAll(async () => {
  await harness.stop();
  await graph.stop();
});

async function placementsCli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlacementsCli(
    args,
    {
      STORAGE_CONNECTION_STRING: storageConnectionString(),
      TABLE_PREFIX: harness.tablePrefix,
      GRAPH_BASE_URL: graph.baseUrl,
      TEAMS_APP_CATALOG_ID: graph.catalogId,
    },
    (line) => out.push(line),
    (line) => err.push(line),
    graph.access(),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('installing the app for the people of a placement', () => {
  it('installs after an import; the install greets as before; the supervisor alone sees who could not get it', async () => {
    graph.script(TRAINER, GraphAnswers.userNotFound);

    const imported = await placementsCli('import', CSV);
    expect(imported.out).toContain('nieuw: 2');
    expect(imported.out).toContain('geïnstalleerd: 3, al geïnstalleerd: 0, niet gelukt: 1');
    expect(imported.err).toContain(`${TRAINER} (praktijkopleider): geen account in deze tenant`);
    const placements = new PlacementRepository(harness.store);
    const contacts: (string | undefined)[] = [];
    for await (const p of placements.listAll()) contacts.push(p.trainerContact);
    expect(contacts).toEqual(['email', 'email']);

    // Graph's install makes Teams send the bot installationUpdate: the greeting and the chat follow.
    const studentChat = harness.user(student);
    await studentChat.install();
    expect(cardText(studentChat.lastCard())).toContain('Welkom, Sanne');
    expect((await new ConversationRepository(harness.store).get(student.aadObjectId))?.active).toBe(true);

    // With a chat now, the student is not asked for again.
    const before = graph.requestsFor(student.email).length;
    const again = await placementsCli('install-app');
    expect(graph.requestsFor(student.email)).toHaveLength(before);
    expect(again.out).toContain('al in gesprek: 1');

    const supervisorChat = harness.user(supervisor);
    await supervisorChat.install();
    await supervisorChat.say('status');
    expect(cardText(supervisorChat.lastCard())).toContain(
      'Teams-app kon niet worden geïnstalleerd voor de praktijkopleider (geen account in deze tenant)',
    );
    await studentChat.say('status');
    expect(cardText(studentChat.lastCard())).not.toContain('Teams-app');
  });
});
