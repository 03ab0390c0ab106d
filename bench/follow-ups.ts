/**
 * Benchmark of the cards sent after clicks: `people` people each get `cards` cards at once (as from
 * many clicks at the same moment), through the bot's notifier and proactive channel, to a local
 * connector that enforces Teams' limits (50/s per tenant, 7/s per conversation). Prints and adds
 * the numbers to bench/results.md. Run: `npm run bench:follow-ups -- 100 10`.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Notifier } from '../src/chat/notifier';
import { messageCard } from '../src/chat/views';
import { loadConfig } from '../src/config';
import { startAzurite } from '../src/local/azurite';
import { createLogger } from '../src/logger';
import { projectRoot } from '../src/project-root';
import { CardRepository } from '../src/storage/card-repository';
import { ConversationRepository } from '../src/storage/conversation-repository';
import { TableStore } from '../src/storage/table-store';
import { createAdapter } from '../src/teams/adapter';
import { ProactiveChannel } from '../src/teams/proactive-channel';
import { createSendRateShare } from '../src/wiring/reminders';
import { FakeConnector } from '../test/support/connector';
import { addTableRow } from './results-table';

async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? 100);
  const perPerson = Number(process.argv[3] ?? 10);
  const azurite = await startAzurite();
  const connector = await FakeConnector.throttling();
  const logger = createLogger('silent');
  try {
    const store = new TableStore(azurite.connectionString, 'bench');
    await store.ensureTables();
    const conversations = new ConversationRepository(store);
    const ids = Array.from({ length: people }, () => randomUUID());
    for (const id of ids) {
      await conversations.save(
        id,
        {
          serviceUrl: connector.url,
          channelId: 'msteams',
          locale: 'nl-NL',
          conversation: { id: `a:${id}`, conversationType: 'personal' },
          bot: { id: '28:bench' },
          user: { id: `29:${id}`, aadObjectId: id },
        },
        new Date(),
      );
    }
    const config = loadConfig({ STORAGE_CONNECTION_STRING: azurite.connectionString });
    const share = createSendRateShare(store, config.reminders, logger);
    await share.join();
    const channel = new ProactiveChannel({
      adapter: createAdapter(undefined, logger, 10_000),
      appId: '',
      conversations,
      timeZone: 'Europe/Amsterdam',
      slots: share,
      logger,
      now: () => new Date(),
    });
    const notifier = new Notifier(channel, new CardRepository(store));
    const t = Date.now();
    await Promise.all(
      ids.map((aadObjectId) =>
        notifier.send(
          Array.from({ length: perPerson }, (_, i) => ({
            aadObjectId,
            card: () => messageCard(`Kaart ${i}`, []),
          })),
        ),
      ),
    );
    const ms = Date.now() - t;
    await share.leave();
    const sent = connector.sent().filter((c) => c.method === 'POST').length;
    const peak = connector.peakRates();
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const row = `| ${new Date().toISOString().slice(0, 10)} | ${people} | ${perPerson} | ${sent} | ${ms} | ${(sent / (ms / 1000)).toFixed(1)} | ${peak.global} | ${peak.perConversation} | ${connector.throttled} | ${rss} |`;
    process.stdout.write(`${row}\n`);
    addTableRow(path.join(projectRoot(), 'bench', 'results.md'), '## Follow-up cards', row);
  } finally {
    await connector.stop();
    await azurite.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
