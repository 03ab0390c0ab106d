/**
 * The floor of the card-step benchmark: the least a botbuilder + restify bot can do for a card
 * click that saves something. It answers every `adaptiveCard/action` invoke with a fixed card (the
 * real bot's step card, captured by the benchmark, so the same size) after one Table Storage point
 * read and one batch write (the person's row replaced with the ETag it was read with, and one audit
 * row added), on the same Azurite as the bot. No parsing, no rules, no rendering.
 *
 * Run as a child of `npm run bench`: `node floor-bot.js` with FLOOR_STORAGE (a connection string),
 * FLOOR_TABLE and FLOOR_CARD (a JSON file); prints `listening <url>` once ready. FLOOR_READ=query
 * reads the row with a range query in its partition instead of a point read, as the bot reads a
 * round: a diagnostic variant, not the floor. The sender's Entra
 * id is the row it reads: `seed` rows must exist (the benchmark writes them).
 */
import { readFileSync } from 'node:fs';
import { odata, TableClient } from '@azure/data-tables';
import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';

interface FloorRow {
  partitionKey: string;
  rowKey: string;
  state: string;
  rev: number;
}

class FloorBot extends ActivityHandler {
  private sequence = 0;

  constructor(
    private readonly table: TableClient,
    private readonly card: Record<string, unknown>,
    private readonly rangeQuery: boolean,
  ) {
    super();
  }

  /** The row by a range query within its partition, the way the bot reads a round. */
  private async queried(id: string): Promise<FloorRow & { etag: string }> {
    const rows = this.table.listEntities<FloorRow>({
      queryOptions: { filter: odata`PartitionKey eq ${id} and RowKey ge ${'row'} and RowKey lt ${'row}'}` },
    });
    for await (const row of rows) return row as FloorRow & { etag: string };
    throw new Error('floor row missing');
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    const id = context.activity.from.aadObjectId ?? context.activity.from.id;
    const row = this.rangeQuery ? await this.queried(id) : await this.table.getEntity<FloorRow>(id, 'row');
    this.sequence += 1;
    await this.table.submitTransaction([
      [
        'update',
        { partitionKey: id, rowKey: 'row', state: row.state, rev: row.rev + 1 },
        'Replace',
        { etag: row.etag },
      ],
      [
        'create',
        {
          partitionKey: id,
          rowKey: `audit|${Date.now()}|${process.pid}|${this.sequence}`,
          event: 'answered',
          at: new Date().toISOString(),
        },
      ],
    ]);
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: this.card };
  }
}

async function main(): Promise<void> {
  const storage = process.env.FLOOR_STORAGE;
  const tableName = process.env.FLOOR_TABLE;
  const cardFile = process.env.FLOOR_CARD;
  if (!storage || !tableName || !cardFile)
    throw new Error('FLOOR_STORAGE, FLOOR_TABLE and FLOOR_CARD are needed');
  const table = TableClient.fromConnectionString(storage, tableName, { allowInsecureConnection: true });
  const card = JSON.parse(readFileSync(cardFile, 'utf8')) as Record<string, unknown>;
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new FloorBot(table, card, process.env.FLOOR_READ === 'query');
  const server = restify.createServer({ name: 'floor-bot' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`);
}

/** The row a student's clicks read and write, as the benchmark seeds it (about the size of a round row). */
export function floorRow(aadObjectId: string): FloorRow {
  return { partitionKey: aadObjectId, rowKey: 'row', state: 'x'.repeat(2048), rev: 0 };
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
