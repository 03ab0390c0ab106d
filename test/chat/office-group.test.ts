import { randomUUID } from 'node:crypto';
import { BotHarness, cardText, type TeamsUser } from '../support/bot-harness';
import { FileHost } from '../support/file-host';
import { GraphAnswers, GraphStandIn } from '../support/graph-stand-in';

jest.setTimeout(60_000);

const GROUP = randomUUID();
const MEMBER = {
  aadObjectId: 'b2b2b2b2-0000-4000-8000-000000000001',
  name: 'Ilse',
  email: 'ilse@roc.example.org',
};
const NOT_MEMBER = {
  aadObjectId: 'b2b2b2b2-0000-4000-8000-000000000002',
  name: 'Olaf',
  email: 'olaf@roc.example.org',
};
const HEADER =
  'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date';
const TRAINER = 'pieter.groep@voorbeeldict.example.org';
const row = (student: string) =>
  `${student}@student.example.org,${student},${TRAINER},Pieter,fatima.groep@roc.example.org,Fatima,Voorbeeld ICT B.V.,ict-beheerder,2026-09-01,2027-06-30`;

let harness: BotHarness;
let graph: GraphStandIn;
let host: FileHost;
let member: TeamsUser;

beforeAll(async () => {
  graph = new GraphStandIn();
  await graph.start();
  graph.groups.set(GROUP, new Set([MEMBER.aadObjectId]));
  host = new FileHost();
  await host.start();
  harness = await BotHarness.start({
    env: { BPV_OFFICE_GROUP_ID: GROUP, GRAPH_BASE_URL: graph.baseUrl, TEAMS_APP_CATALOG_ID: graph.catalogId },
    graphAccess: graph.access(),
  });
  member = harness.user(MEMBER);
});
afterAll(async () => {
  await harness.stop();
  await graph.stop();
  await host.stop();
});

const membershipChecks = (id: string) =>
  graph.log.filter((e) => e.endpoint === 'checkMemberGroups' && e.user === id).length;

describe('the office named as an Entra group', () => {
  it('recognises a member through Graph (asked once for several turns) and refuses someone outside it', async () => {
    await member.say('overzicht');
    expect(cardText(member.lastCard())).toContain('Overzicht BPV-bureau');
    await member.say('exporteren');
    expect(cardText(member.lastCard())).toContain('Exporteren');
    expect(membershipChecks(MEMBER.aadObjectId)).toBe(1);

    const outsider = harness.user(NOT_MEMBER);
    await outsider.say('exporteren');
    expect(cardText(outsider.lastCard())).toContain('Alleen voor het BPV-bureau');
    expect(membershipChecks(NOT_MEMBER.aadObjectId)).toBe(1);
  });

  it('installs the app for the new people after Importeren and shows the outcome on the same card', async () => {
    graph.script(TRAINER, GraphAnswers.userNotFound);
    await member.sendFile({
      name: 'stages.csv',
      downloadUrl: host.serve([HEADER, row('lotte'), row('milan')].join('\n')),
    });
    const preview = member.lastCard();
    expect(cardText(preview)).toContain('krijgen de nieuwe mensen zonder gesprek met de bot de Teams-app');

    const clicked = await member.click(preview, 'Importeren');
    expect(cardText(clicked.card)).toContain('Wordt ingelezen');
    // The import and the installs ran after the answer; the card was drawn anew after each.
    const updates = harness.connector.sent(member.conversationId).filter((call) => call.method === 'PUT');
    const drawn = updates.map((u) => cardText((u.body.attachments as { content: unknown }[])[0]?.content));
    expect(drawn.at(-2)).toContain('De Teams-app wordt nu geïnstalleerd');
    const text = cardText(member.lastUpdate());
    expect(text).toContain('Stages ingelezen');
    expect(text).toContain('Teams-app: geïnstalleerd 3, had hem al 0, niet gelukt 1');
    expect(text).toContain('praktijkopleider(s) werken voortaan via e-mail');
    expect(graph.requestsFor('lotte@student.example.org')).toHaveLength(1);
  });
});
