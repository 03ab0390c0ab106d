import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAzurite } from '../../src/local/azurite';
import { RoundRepository } from '../../src/storage/round-repository';
import { BotHarness, cardText } from '../support/bot-harness';
import { placementWithPeople, startCard } from '../support/check-in-flow';

describe('storage going away mid-step', () => {
  it('answers with a friendly card, keeps what was saved, and carries on once storage is back', async () => {
    // Azurite with data on disk, so stopping and starting it is an outage, not a wipe.
    const location = mkdtempSync(path.join(tmpdir(), 'bpv-outage-'));
    const azurite = await startAzurite({ location });
    const harness = await BotHarness.start({ connectionString: azurite.connectionString });
    let restarted: Awaited<ReturnType<typeof startAzurite>> | undefined;
    try {
      const { placementId, student } = await placementWithPeople(harness);
      const first = await startCard(student);
      const second = (await student.click(first, 'Volgende', { level: 'Bk' })).card;

      await azurite.stop();
      const during = await student.click(second, 'Volgende', { level: 'G' });
      expect(during.status).toBe(200);
      expect(cardText(during.card)).toContain('Even geen verbinding');
      expect(cardText(during.card)).toContain('Er is niets verloren gegaan');
      expect((await student.say('status')).status).toBe(200);
      expect(cardText(student.lastCard())).toContain('Even geen verbinding');
      expect((await fetch(`${harness.bot.url}/healthz`)).status).toBe(503);

      restarted = await startAzurite({
        location,
        tablePort: azurite.tablePort,
        queuePort: azurite.queuePort,
      });
      expect((await fetch(`${harness.bot.url}/healthz`)).status).toBe(200);
      const round = (await new RoundRepository(harness.store).get(placementId, 1))?.round;
      expect(round?.parts.student.answers).toEqual({ '1.1': { level: 'Bk' } });

      // The same click again now goes through, from the card the student still has.
      const retried = await student.click(second, 'Volgende', { level: 'G' });
      expect(cardText(retried.card)).toContain('1.3 Maakt een technisch ontwerp');
      const after = (await new RoundRepository(harness.store).get(placementId, 1))?.round;
      expect(after?.parts.student.answers['1.2']).toEqual({ level: 'G' });
    } finally {
      await harness.stop();
      await restarted?.stop();
      await azurite.stop();
    }
  });
});
