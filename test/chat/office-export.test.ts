import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAzurite } from '../../src/local/azurite';
import { BotHarness, cardText, findAction, openUrl } from '../support/bot-harness';
import { openList, placementWithPeople, submitRound } from '../support/check-in-flow';
import { download } from '../support/download-link';
import { everything } from '../support/storage-scan';

jest.setTimeout(120_000);

const OFFICE = {
  aadObjectId: 'b1b1b1b1-0000-4000-8000-000000000011',
  name: 'Ilse Bureau',
  email: 'ilse@roc.example.org',
};

describe("the office's export when storage goes away while it is made", () => {
  it('says so in Dutch, offers nothing half-made, and makes it on trying again', async () => {
    // Azurite with data on disk, so stopping and starting it is an outage, not a wipe.
    const location = mkdtempSync(path.join(tmpdir(), 'bpv-export-outage-'));
    const azurite = await startAzurite({ location });
    const harness = await BotHarness.start({
      connectionString: azurite.connectionString,
      env: { BPV_OFFICE_USERS: OFFICE.aadObjectId },
      exportProgressEveryMs: 0,
    });
    let restarted: Awaited<ReturnType<typeof startAzurite>> | undefined;
    try {
      for (let i = 0; i < 2; i += 1) {
        const journey = await placementWithPeople(harness);
        await submitRound(journey, { studentLevels: { '1.1': 'Bk' }, trainerLevels: { '1.1': 'Bk' } });
        await journey.supervisor.click(await openList(journey.supervisor), 'Goedkeuren');
      }
      const office = harness.user(OFFICE);
      await office.say('exporteren');
      const form = office.lastCard();

      // The first PDF is made and shown; storage goes away before the zip is kept.
      const held = harness.connector.holdNextUpdate(office.conversationId);
      const inputs = { since: '', until: '', formats: 'pdf,csv' };
      const started = await office.click(form, 'Export maken', inputs, { idle: false });
      expect(cardText(started.card)).toContain('Export wordt klaargemaakt (0 van 2)');
      await held.reached;
      await azurite.stop();
      // Nothing kept of the office member's chat: the failure card must not need storage to find it.
      harness.forget();
      held.release();
      await harness.bot.idle();

      const failed = office.lastUpdate();
      expect(cardText(failed)).toContain('Export mislukt');
      expect(cardText(failed)).toContain('Er is geen bestand klaargezet.');
      expect(openUrl(failed)).toBeUndefined();

      restarted = await startAzurite({
        location,
        tablePort: azurite.tablePort,
        queuePort: azurite.queuePort,
      });
      expect(await everything(harness.store)).not.toMatch(/export-[0-9a-f]{8}-/);

      // Trying again, from the card in the chat, makes the same export.
      const retry = findAction(failed, 'Opnieuw proberen');
      if (!retry) throw new Error('no button to try again');
      const messageId = harness.connector
        .sent(office.conversationId)
        .filter((call) => call.method === 'PUT')
        .at(-1)?.activityId;
      const again = await office.execute(retry.verb, retry.data, messageId);
      expect(cardText(again.card)).toContain('Export wordt klaargemaakt (0 van 2)');
      const ready = office.lastUpdate();
      expect(cardText(ready)).toContain('Export klaar');
      const url = openUrl(ready);
      if (!url) throw new Error('no link on the card');
      expect((await download(url)).status).toBe(200);
    } finally {
      await harness.stop();
      await restarted?.stop();
      await azurite.stop().catch(() => undefined);
    }
  });
});
