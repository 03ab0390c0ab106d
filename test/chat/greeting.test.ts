import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import { importPlacements } from '../../src/services/import-placements';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { PlacementImportStore } from '../../src/storage/placement-import-store';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { BotHarness, cardText } from '../support/bot-harness';

const qualifications = loadQualificationCatalog();
let harness: BotHarness;
let placements: PlacementRepository;

const student = {
  aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000001',
  name: 'Sanne Jansen',
  email: 'Sanne.Jansen@student.example.org',
};
const trainer = {
  aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000002',
  name: 'Pieter de Vries',
  email: 'pieter.devries@voorbeeldict.example.org',
};
const supervisor = {
  aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000003',
  name: 'Fatima El Amrani',
  email: 'fatima.elamrani@roc.example.org',
};

beforeAll(async () => {
  harness = await BotHarness.start();
  placements = new PlacementRepository(harness.store);
  const csv = readFileSync(path.join(__dirname, '..', 'fixtures', 'placements.csv'), 'utf8');
  await importPlacements(csv, {
    store: new PlacementImportStore(harness.store),
    qualificationIds: qualifications.ids(),
  });
});

afterAll(async () => {
  await harness.stop();
});

describe('first contact over HTTP with Teams-shaped activities', () => {
  it('greets a student on install, stores the conversation reference and binds the Entra id', async () => {
    const user = harness.user(student);
    const response = await user.install();
    expect(response.status).toBe(200);

    const cards = user.cards();
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain('Welkom, Sanne');
    expect(text).toContain('Als deelnemer');
    expect(text).toContain('Voorbeeld ICT B.V.');
    expect(text).toContain('Praktijkopleider: Pieter de Vries');

    const stored = await new ConversationRepository(harness.store).get(student.aadObjectId);
    expect(stored?.active).toBe(true);
    expect(stored?.reference).toMatchObject({
      conversation: { id: user.conversationId },
      serviceUrl: harness.connector.url,
    });

    const roles = await placements.rolesForEmail(student.email);
    expect(roles).toHaveLength(1);
    expect(roles[0]?.placement.student.aadObjectId).toBe(student.aadObjectId);
  });

  it('greets a trainer with both students when they first write', async () => {
    const user = harness.user(trainer);
    await user.say('hallo');
    const text = cardText(user.lastCard());
    expect(text).toContain('Als praktijkopleider');
    expect(text).toContain('Sanne Jansen');
    expect(text).toContain('Daan Smit');
    const roles = await placements.rolesForEmail(trainer.email);
    expect(roles.map((r) => r.placement.trainer.aadObjectId)).toEqual([
      trainer.aadObjectId,
      trainer.aadObjectId,
    ]);
  });

  it('greets a supervisor in English when Teams reports an English locale', async () => {
    const user = harness.user({ ...supervisor, locale: 'en-US' });
    await user.say('hello');
    const text = cardText(user.lastCard());
    expect(text).toContain('Welcome, Fatima');
    expect(text).toContain('As school supervisor');
  });

  it('tells a stranger to contact the BPV coordinator', async () => {
    const user = harness.user({
      aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000009',
      name: 'Onbekend',
      email: 'iemand@elders.example.org',
    });
    await user.say('start');
    const text = cardText(user.lastCard());
    expect(text).toContain('Je staat nog niet bij een BPV');
    expect(text).toContain('BPV-coördinator');
  });

  it('recognises a stranger at once after the coordinator imports their placement', async () => {
    const late = {
      aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000010',
      name: 'Lotte Bakker',
      email: 'lotte.bakker@student.example.org',
    };
    const user = harness.user(late);
    await user.say('hallo');
    expect(cardText(user.lastCard())).toContain('Je staat nog niet bij een BPV');
    await placements.importPlacement({
      student: { email: late.email, name: late.name },
      trainer: { email: trainer.email, name: trainer.name },
      supervisor: { email: supervisor.email, name: supervisor.name },
      company: 'Later B.V.',
      qualificationId: 'ict-beheerder',
      startDate: '2026-10-01',
      endDate: '2027-03-31',
    });
    await user.say('hallo');
    expect(cardText(user.lastCard())).toContain('Later B.V.');
  });

  it('answers help and hulp with the help card, and unknown text with a helpful hint', async () => {
    const user = harness.user(student);
    await user.say('hulp');
    expect(cardText(user.lastCard())).toContain('Zo werkt het');
    await user.say('HELP');
    expect(cardText(user.lastCard())).toContain('Zo werkt het');
    await user.say('wat is het weer morgen?');
    expect(cardText(user.lastCard())).toContain('Dat begrijp ik niet');
  });

  it('answers a help button in place through Action.Execute', async () => {
    const user = harness.user(student);
    const { status, body, card } = await user.execute('help');
    expect(status).toBe(200);
    expect(body?.statusCode).toBe(200);
    expect(body?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(card)).toContain('Zo werkt het');
  });

  it('answers an unknown verb with a card, not an error', async () => {
    const user = harness.user(student);
    const { status, card } = await user.execute('drop-tables', { evil: true });
    expect(status).toBe(200);
    expect(cardText(card)).toContain('Dat begrijp ik niet');
  });

  it('marks the conversation inactive on uninstall and active again on reinstall', async () => {
    const user = harness.user(student);
    const conversations = new ConversationRepository(harness.store);
    await user.uninstall();
    expect((await conversations.get(student.aadObjectId))?.active).toBe(false);
    await user.install();
    expect((await conversations.get(student.aadObjectId))?.active).toBe(true);
  });
});
