import { PlacementRepository } from '../../src/storage/placement-repository';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText, storageConnectionString } from '../support/bot-harness';
import { openList, placementWithPeople, startCard, stepOf, submitRound } from '../support/check-in-flow';
import { brief, CountingProxy } from '../support/counting-proxy';
import { endpointPort, throughPort } from '../support/endpoints';

const direct = storageConnectionString();
const proxy = new CountingProxy('127.0.0.1', endpointPort(direct));
let harness: BotHarness;

beforeAll(async () => {
  await proxy.start();
  harness = await BotHarness.start({ connectionString: throughPort(direct, proxy.port) });
});
afterAll(async () => {
  await harness.stop();
  await proxy.stop();
});

// Each request is a round trip to storage on the path of someone waiting for their card; these
// counts include the follow-ups the harness waits for (none for a plain step).
describe('storage requests per action', () => {
  it('a werkproces click reads the round with one point read and writes it in one batch, the first one after `start` too', async () => {
    const { student } = await placementWithPeople(harness);
    const first = await startCard(student);
    proxy.take();
    const second = (await student.click(first, 'Volgende', { level: 'Bk' })).card;
    const firstRequests = proxy.take();
    await student.click(second, 'Volgende', { level: 'G' });
    const secondRequests = proxy.take();
    expect(firstRequests.map((r) => brief(r, harness.tablePrefix))).toEqual([
      'GET placements',
      'POST $batch',
    ]);
    expect(secondRequests.map((r) => brief(r, harness.tablePrefix))).toEqual([
      'GET placements',
      'POST $batch',
    ]);
    // By its keys (a point read), not a range query, though the student's note sits in the round.
    for (const requests of [firstRequests, secondRequests]) {
      expect(requests[0]?.path).toMatch(/\(PartitionKey='[^']+',RowKey='round\|001'\)$/);
    }
  });

  it('a werkproces click in a later round reads no versions: the round kept the previous round’s levels', async () => {
    const people = await placementWithPeople(harness);
    const { trainer, supervisor } = people;
    await submitRound(people);
    await supervisor.click(await openList(supervisor), 'Goedkeuren');
    await trainer.say('start');
    const first = (await trainer.click(trainer.lastCard(), 'Volgende ronde nu starten')).card;
    // The step shows what the first round agreed.
    expect(cardText(first)).toContain('Afgesproken in de vorige ronde');
    proxy.take();
    const second = (await trainer.click(first, 'Volgende', { level: 'Bk' })).card;
    expect(cardText(second)).toContain('Afgesproken in de vorige ronde');
    expect(proxy.take().map((r) => brief(r, harness.tablePrefix))).toEqual(['GET placements', 'POST $batch']);
  });

  it('typed `start` identifies the sender: user row, index, placement, round; the known chat is not written again', async () => {
    const { student } = await placementWithPeople(harness);
    await startCard(student);
    proxy.take();
    await student.say('start');
    expect(proxy.take().map((r) => brief(r, harness.tablePrefix))).toEqual([
      'GET users',
      'GET people',
      'GET placements',
      'GET placements',
    ]);
  });

  it('an approval click makes two requests before its follow-ups', async () => {
    const { student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    // Opening the summary from the notice identified them a moment ago (the placement is kept 30 s).
    const summary = await openList(supervisor);
    proxy.take();
    await supervisor.click(summary, 'Goedkeuren');
    const requests = proxy.take().map((r) => brief(r, harness.tablePrefix));
    expect(requests.slice(0, 2)).toEqual(['GET placements', 'POST $batch']);
    // Its follow-ups (notices for student and trainer, redraws and closes of the cards they hold)
    // read each person's chat address once at most: here not at all, as the submission's notices
    // read them a moment ago.
    expect(requests.filter((r) => r === 'GET conversations').length).toBeLessThanOrEqual(2);
  });
});

// A person reads a card for a minute before clicking: the bot keeps nothing of them by then (nor
// after a restart, or on another instance). The round row carries who holds which role.
describe('storage requests per action when the bot kept nothing', () => {
  it('a werkproces click is one point read of the round and one batch, and draws the next step as before', async () => {
    const { placementId, student } = await placementWithPeople(harness);
    const company = (await new PlacementRepository(harness.store).get(placementId))?.company ?? '';
    const first = await startCard(student);
    harness.forget();
    proxy.take();
    const second = (await student.click(first, 'Volgende', { level: 'Bk' })).card;
    const firstRequests = proxy.take();
    harness.forget();
    const third = (await student.click(second, 'Volgende', { level: 'G' })).card;
    const secondRequests = proxy.take();
    for (const requests of [firstRequests, secondRequests]) {
      expect(requests.map((r) => brief(r, harness.tablePrefix))).toEqual(['GET placements', 'POST $batch']);
      expect(requests[0]?.path).toMatch(/\(PartitionKey='[^']+',RowKey='round\|001'\)$/);
    }
    expect([stepOf(second), stepOf(third)]).toEqual([stepOf(first) + 1, stepOf(first) + 2]);
    expect(cardText(third)).toContain(company);
    const round = await new RoundRepository(harness.store).get(placementId, 1);
    expect(Object.values(round?.round.parts.student.answers ?? {}).map((a) => a.level)).toEqual(['Bk', 'G']);
  });

  it("the trainer's click in a later round shows the student's name from the round it read", async () => {
    const people = await placementWithPeople(harness);
    const { trainer, supervisor } = people;
    await submitRound(people);
    await supervisor.click(await openList(supervisor), 'Goedkeuren');
    await trainer.say('start');
    const first = (await trainer.click(trainer.lastCard(), 'Volgende ronde nu starten')).card;
    harness.forget();
    proxy.take();
    const second = (await trainer.click(first, 'Volgende', { level: 'Bk' })).card;
    const requests = proxy.take();
    expect(requests.map((r) => brief(r, harness.tablePrefix))).toEqual(['GET placements', 'POST $batch']);
    expect(requests[0]?.path).toMatch(/RowKey='round\|002'\)$/);
    expect(cardText(second)).toContain(people.people.student.name);
    expect(cardText(second)).toContain('Afgesproken in de vorige ronde');
  });

  it('an approval click makes two requests before its follow-ups, which reach student and trainer', async () => {
    const { student, trainer, supervisor } = await placementWithPeople(harness);
    await submitRound({ student, trainer });
    const summary = await openList(supervisor);
    harness.forget();
    proxy.take();
    await supervisor.click(summary, 'Goedkeuren');
    const requests = proxy.take().map((r) => brief(r, harness.tablePrefix));
    expect(requests.slice(0, 2)).toEqual(['GET placements', 'POST $batch']);
    // The notices of the approval went to the people the round's copy of the placement names.
    for (const person of [student, trainer])
      expect(cardText(person.lastCard())).toContain(
        'De begeleider ROC heeft jullie afsprakenlijst goedgekeurd',
      );
  });

  it('a round written before rounds carried their placement reads the placement too, and is answered as before', async () => {
    const { placementId, student } = await placementWithPeople(harness);
    const first = await startCard(student);
    // The round row as earlier versions wrote it: without the copy of its placement.
    const table = harness.store.client('placements');
    const {
      etag: _etag,
      timestamp: _timestamp,
      placement: _placement,
      ...old
    } = await table.getEntity<Record<string, unknown>>(placementId, 'round|001');
    await table.updateEntity({ ...old, partitionKey: placementId, rowKey: 'round|001' }, 'Replace');
    harness.forget();
    proxy.take();
    const second = (await student.click(first, 'Volgende', { level: 'Bk' })).card;
    const requests = proxy.take();
    expect(requests.map((r) => brief(r, harness.tablePrefix))).toEqual([
      'GET placements',
      'GET placements',
      'POST $batch',
    ]);
    expect(requests[0]?.path).toMatch(/RowKey='round\|001'\)$/);
    expect(requests[1]?.path).toMatch(/RowKey='placement'\)$/);
    expect(stepOf(second)).toBe(stepOf(first) + 1);
  });
});

describe('the count of an action', () => {
  it("leaves out the rate share's heartbeat, which renews its claim every 2 s whatever the bot does", async () => {
    const { student } = await placementWithPeople(harness);
    const card = await startCard(student);
    proxy.take();
    // What the heartbeat does, here in the middle of a click.
    const clicked = student.click(card, 'Volgende', { level: 'Bk' });
    await new ReminderRepository(harness.store).claimRate('another-instance', new Date(), () => ({
      rate: 5,
      publish: 5,
      until: new Date(Date.now() + 60_000),
    }));
    await clicked;
    expect(proxy.take().map((r) => brief(r, harness.tablePrefix))).toEqual(['GET placements', 'POST $batch']);
  });
});
