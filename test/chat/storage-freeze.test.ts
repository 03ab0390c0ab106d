import { RoundRepository } from '../../src/storage/round-repository';
import { TableStore } from '../../src/storage/table-store';
import { BotHarness, cardText, storageConnectionString } from '../support/bot-harness';
import { placementWithPeople, startCard } from '../support/check-in-flow';
import { endpointPort, throughPort } from '../support/endpoints';
import { FreezableProxy } from '../support/freezable-proxy';

describe('storage that hangs instead of failing', () => {
  const direct = storageConnectionString();
  const proxy = new FreezableProxy('127.0.0.1', endpointPort(direct));
  let harness: BotHarness;

  beforeAll(async () => {
    await proxy.start();
    harness = await BotHarness.start({ connectionString: throughPort(direct, proxy.port) });
  });

  afterAll(async () => {
    await harness.stop();
    await proxy.stop();
  });

  it('answers a message and a card click with the no-connection card, writes nothing, and takes the same click after recovery', async () => {
    const { placementId, student } = await placementWithPeople(harness);
    // Reads that bypass the frozen proxy: what storage really holds while the bot cannot reach it.
    const stored = new RoundRepository(new TableStore(direct, harness.tablePrefix));
    const first = await startCard(student);
    const second = (await student.click(first, 'Volgende', { level: 'Bk' })).card;
    const before = await stored.get(placementId, 1);

    proxy.freeze();
    try {
      const during = await student.click(second, 'Volgende', { level: 'G' });
      expect(during.status).toBe(200);
      expect(cardText(during.card)).toContain('Even geen verbinding');
      expect(cardText(during.card)).toContain('Er is niets verloren gegaan');

      expect((await student.say('status')).status).toBe(200);
      expect(cardText(student.lastCard())).toContain('Even geen verbinding');

      expect((await fetch(`${harness.bot.url}/healthz`)).status).toBe(503);
      expect(await stored.get(placementId, 1)).toEqual(before);
    } finally {
      proxy.thaw();
    }

    expect((await fetch(`${harness.bot.url}/healthz`)).status).toBe(200);
    expect(await stored.get(placementId, 1)).toEqual(before);
    const retried = await student.click(second, 'Volgende', { level: 'G' });
    expect(cardText(retried.card)).toContain('1.3 Maakt een technisch ontwerp');
    const after = (await stored.get(placementId, 1))?.round;
    expect(after?.parts.student.answers).toEqual({ '1.1': { level: 'Bk' }, '1.2': { level: 'G' } });
  });
});
