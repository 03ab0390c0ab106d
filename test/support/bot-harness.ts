import { randomUUID } from 'node:crypto';
import { type Config, loadConfig } from '../../src/config';
import type { GraphAccess } from '../../src/graph/graph-connection';
import { createLogger, type Logger } from '../../src/logger';
import type { BuiltInQualifications } from '../../src/qualifications/catalog';
import { type RunningBot, startBot } from '../../src/server';
import { connectionStringTarget } from '../../src/storage/storage-target';
import { TableStore } from '../../src/storage/table-store';
import { parseWarnings } from './adaptive-cards';
import { FakeConnector } from './connector';

export const TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const BOT_ID = '28:bpv-bot';

export function storageConnectionString(): string {
  const value = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!value) throw new Error('TEST_STORAGE_CONNECTION_STRING is not set: run the tests through jest');
  return value;
}

/** A fresh set of tables on the shared Azurite, so test files never see each other's rows. */
export function uniqueTablePrefix(): string {
  return `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export async function freshStore(): Promise<TableStore> {
  const store = new TableStore(storageConnectionString(), uniqueTablePrefix());
  await store.ensureTables();
  return store;
}

export interface HarnessOptions {
  now?: () => Date;
  /** Storage of its own (e.g. an Azurite the test stops); the shared test Azurite otherwise. */
  connectionString?: string;
  env?: Record<string, string>;
  /** Settings the environment cannot express in a test (e.g. production credentials with Azurite). */
  overrides?: Partial<Config>;
  logger?: Logger;
  /** Qualifications other than the project's own data files. */
  qualifications?: BuiltInQualifications;
  /** A stand-in Graph instead of the bot's identity. */
  graphAccess?: GraphAccess;
  /** The least time between two progress updates of an export's card. */
  exportProgressEveryMs?: number;
}

/** The real bot over HTTP, its own tables on Azurite, and a fake Teams connector to receive replies. */
export class BotHarness {
  readonly connector = new FakeConnector();
  bot!: RunningBot;
  readonly tablePrefix = uniqueTablePrefix();

  static async start(options: HarnessOptions = {}): Promise<BotHarness> {
    const harness = new BotHarness();
    await harness.connector.start();
    const connectionString = options.connectionString ?? storageConnectionString();
    const config = loadConfig({
      PORT: '0',
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_PREFIX: harness.tablePrefix,
      LOG_LEVEL: 'silent',
      REMINDERS: 'off',
      ...options.env,
    });
    harness.bot = await startBot({
      config: { ...config, host: '127.0.0.1', ...options.overrides },
      storage: connectionStringTarget(connectionString),
      logger: options.logger ?? createLogger('silent'),
      ...(options.now ? { now: options.now } : {}),
      ...(options.qualifications ? { qualifications: options.qualifications } : {}),
      ...(options.graphAccess ? { graphAccess: options.graphAccess } : {}),
      ...(options.exportProgressEveryMs !== undefined
        ? { exportProgressEveryMs: options.exportProgressEveryMs }
        : {}),
    });
    return harness;
  }

  get store(): TableStore {
    return this.bot.store;
  }

  /** Forgets what the bot keeps between turns, as after a restart or a minute of reading a card. */
  forget(): void {
    this.bot.forget();
  }

  async stop(): Promise<void> {
    await this.bot.close();
    await this.connector.stop();
  }

  /** Posts an activity as Teams would and returns the HTTP status and body (the invoke response). */
  async post(
    activity: Record<string, unknown>,
    options: { idle?: boolean } = {},
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    // Follow-up cards for other people go out after the answer, as in production; wait for them
    // (unless the test means to act while background work still runs).
    if (options.idle !== false) await this.bot.idle();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  user(person: { aadObjectId: string; name: string; email?: string; locale?: string }): TeamsUser {
    this.connector.addMember({
      id: `29:${person.aadObjectId}`,
      aadObjectId: person.aadObjectId,
      name: person.name,
      ...(person.email ? { email: person.email, userPrincipalName: person.email } : {}),
    });
    return new TeamsUser(this, person);
  }
}

/** The chat message each card the tests hold was posted in, as Teams knows it (`replyToId` of a click). */
const messageIds = new WeakMap<object, string>();

/** One person in Teams with a personal chat with the bot. */
export class TeamsUser {
  readonly conversationId: string;
  private sequence = 0;

  constructor(
    private readonly harness: BotHarness,
    readonly person: { aadObjectId: string; name: string; email?: string; locale?: string },
  ) {
    this.conversationId = `a:personal-${person.aadObjectId}`;
  }

  /** A Teams-shaped activity of `type` from this person, before it is posted. */
  activity(type: string): Record<string, unknown> {
    this.sequence += 1;
    const locale = this.person.locale ?? 'nl-NL';
    return {
      type,
      id: `${this.person.aadObjectId}-${this.sequence}`,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      serviceUrl: this.harness.connector.url,
      channelId: 'msteams',
      from: {
        id: `29:${this.person.aadObjectId}`,
        name: this.person.name,
        aadObjectId: this.person.aadObjectId,
      },
      conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: this.conversationId },
      recipient: { id: BOT_ID, name: 'BPV-afspraken' },
      locale,
      channelData: { tenant: { id: TENANT_ID } },
      entities: [
        { type: 'clientInfo', locale, country: 'NL', platform: 'Web', timezone: 'Europe/Amsterdam' },
      ],
    };
  }

  /** Sends a file in the chat, as Teams delivers it: a `file.download.info` attachment with a short-lived link. */
  async sendFile(file: { name: string; downloadUrl: string; fileType?: string }, text = '') {
    return this.harness.post({
      ...this.activity('message'),
      text,
      textFormat: 'plain',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          contentUrl: `https://contoso.sharepoint.com/personal/office/Documents/${encodeURIComponent(file.name)}`,
          name: file.name,
          content: {
            downloadUrl: file.downloadUrl,
            uniqueId: randomUUID(),
            fileType: file.fileType ?? file.name.split('.').at(-1) ?? '',
          },
        },
      ],
    });
  }

  /** Types a message; resolves once the bot has finished the turn (its replies are then recorded). */
  async say(text: string) {
    return this.harness.post({ ...this.activity('message'), text, textFormat: 'plain' });
  }

  /** Installs the personal app: Teams sends installationUpdate and conversationUpdate. */
  async install() {
    await this.harness.post({ ...this.activity('installationUpdate'), action: 'add' });
    return this.harness.post({
      ...this.activity('conversationUpdate'),
      membersAdded: [{ id: BOT_ID }],
    });
  }

  async uninstall() {
    return this.harness.post({ ...this.activity('installationUpdate'), action: 'remove' });
  }

  /** Clicks an `Action.Execute` button; returns the card Teams would show in its place. */
  async execute(
    verb: string,
    data: Record<string, unknown> = {},
    replyToId?: string,
    options: { idle?: boolean } = {},
  ) {
    const response = await this.harness.post(
      {
        ...this.activity('invoke'),
        name: 'adaptiveCard/action',
        ...(replyToId ? { replyToId } : {}),
        value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
      },
      options,
    );
    const body = response.body as
      | { statusCode?: number; type?: string; value?: Record<string, unknown> }
      | undefined;
    if (body?.value) assertValidCard(body.value);
    return { status: response.status, body, card: body?.value };
  }

  /**
   * Clicks the button titled `title` on `card` (an action or a row's selectAction), with the
   * values typed or chosen in the card's inputs, as Teams merges them into the action's data.
   */
  async click(
    card: unknown,
    title: string,
    inputs: Record<string, string> = {},
    options: { idle?: boolean } = {},
  ) {
    const action = findAction(card, title);
    if (!action)
      throw new Error(`no button '${title}' on the card; buttons: ${actionTitles(card).join(', ')}`);
    const messageId = card && typeof card === 'object' ? messageIds.get(card) : undefined;
    const result = await this.execute(action.verb, { ...action.data, ...inputs }, messageId, options);
    // Teams shows the answer in place of the clicked card: the same message.
    if (result.card && messageId) messageIds.set(result.card, messageId);
    return result;
  }

  /** Cards the bot posted into this person's chat, oldest first. */
  cards(): Record<string, unknown>[] {
    const posted = this.harness.connector.postedCards(this.conversationId);
    for (const { card, activityId } of posted) {
      assertValidCard(card);
      messageIds.set(card, activityId);
    }
    return posted.map((p) => p.card);
  }

  /** The cards of every in-place update (PUT) of a message in this person's chat, oldest first. */
  updates(): Record<string, unknown>[] {
    return this.harness.connector
      .sent(this.conversationId)
      .filter((call) => call.method === 'PUT')
      .map(
        (call) => (call.body.attachments as { content: Record<string, unknown> }[] | undefined)?.[0]?.content,
      )
      .filter((card): card is Record<string, unknown> => card !== undefined);
  }

  /** The card of the latest in-place update (PUT) of a message in this person's chat. */
  lastUpdate(): Record<string, unknown> | undefined {
    const put = this.harness.connector
      .sent(this.conversationId)
      .filter((call) => call.method === 'PUT')
      .at(-1);
    const attachments = put?.body.attachments as { content: Record<string, unknown> }[] | undefined;
    return attachments?.[0]?.content;
  }

  lastCard(): Record<string, unknown> | undefined {
    return this.cards().at(-1);
  }
}

/** All visible text of a card, for assertions that read like what a person sees. */
export function cardText(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (
          (key === 'text' || key === 'title' || key === 'value' || key === 'placeholder') &&
          typeof value === 'string'
        ) {
          texts.push(value);
        } else walk(value);
      }
    }
  };
  walk(card);
  return texts.join('\n');
}

interface FoundAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

function actions(card: unknown): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && typeof record.verb === 'string') {
        found.push({
          title: String(record.title ?? ''),
          verb: record.verb,
          data: (record.data as Record<string, unknown>) ?? {},
        });
      }
      // The card's automatic refresh is not a button.
      for (const [key, value] of Object.entries(record)) if (key !== 'refresh') walk(value);
    }
  };
  walk(card);
  return found;
}

export function findAction(card: unknown, title: string): FoundAction | undefined {
  return actions(card).find((a) => a.title === title);
}

export function actionTitles(card: unknown): string[] {
  return actions(card).map((a) => a.title);
}

/** The `Action.Execute` targets of rows (selectAction), in order, e.g. the overview's "Wijzigen" rows. */
export function rowActions(card: unknown): FoundAction[] {
  return actions(card).filter((a) => a.title === 'Wijzigen' || a.title === 'Change');
}

/** The current value of the input with this id. */
export function inputValue(card: unknown, id: string): unknown {
  let value: unknown;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.id === id && typeof record.type === 'string' && record.type.startsWith('Input.'))
        value = record.value;
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return value;
}

/** Every card the bot produces must parse cleanly with the Adaptive Cards SDK and stay small. */
export function assertValidCard(card: Record<string, unknown>): void {
  const warnings = parseWarnings(card);
  if (warnings.length > 0) throw new Error(`the bot sent an invalid card: ${warnings.join('; ')}`);
  const json = JSON.stringify(card);
  if (json.includes('${')) throw new Error('the bot sent a card with an unexpanded template expression');
  if (Buffer.byteLength(json) > 40 * 1024)
    throw new Error(`the bot sent a card of ${Buffer.byteLength(json)} bytes`);
}

/** The card's "PDF openen" link, wherever its buttons are. */
export function openUrl(card: unknown): string | undefined {
  let url: string | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.OpenUrl' && typeof record.url === 'string') url ??= record.url;
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return url;
}
