import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { redactSpan } from '../src/telemetry-redaction';
import { freshStore, storageConnectionString, TENANT_ID, uniqueTablePrefix } from './support/bot-harness';
import { loopbackCertificate } from './support/certificate';
import { FakeConnector } from './support/connector';
import { type Envelope, FakeIngestion } from './support/ingestion';
import { SWEEP_NOW, seedReminderScenario, uniqueQueueName } from './support/reminder-scenario';

jest.setTimeout(120_000);

const SERVER = path.join(projectRoot(), 'dist', 'src', 'main.js');
const REMINDERS_CLI = path.join(projectRoot(), 'dist', 'src', 'cli', 'reminders.js');

// Who writes to the bot, and what: none of it may appear in any telemetry item.
const PERSON = {
  aadObjectId: '5d1f0c1e-7a52-4b0e-9d55-3f6f5a2d9b11',
  name: 'Jolien Verbeek-Zandstra',
  email: 'jolien.verbeek@student.example.nl',
};
const TYPED = 'mijn stagebegeleider heet Kees en ik woon in Zwolle';

interface Child {
  readonly process: ChildProcess;
  output: string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Resolves once the output contains `text`. */
  waitForOutput(text: string): Promise<void>;
}

function start(script: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const waiters: { text: string; resolve: () => void }[] = [];
  const handle: Child = {
    process: child,
    output: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    waitForOutput: (text) =>
      handle.output.includes(text)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ text, resolve })),
  };
  const collect = (chunk: Buffer) => {
    handle.output += chunk.toString();
    for (const w of waiters.splice(0)) {
      if (handle.output.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return handle;
}

function messageActivity(connectorUrl: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `${PERSON.aadObjectId}-1`,
    timestamp: new Date().toISOString(),
    serviceUrl: connectorUrl,
    channelId: 'msteams',
    from: { id: `29:${PERSON.aadObjectId}`, name: PERSON.name, aadObjectId: PERSON.aadObjectId },
    conversation: {
      conversationType: 'personal',
      tenantId: TENANT_ID,
      id: `a:personal-${PERSON.aadObjectId}`,
    },
    recipient: { id: '28:bpv-bot', name: 'BPV-afspraken' },
    locale: 'nl-NL',
    channelData: { tenant: { id: TENANT_ID } },
    text: TYPED,
    textFormat: 'plain',
  };
}

/** The SDK's own usage statistics would go to Microsoft's endpoint; tests stay on this machine. */
const OFFLINE = { APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' };

const baseData = (e: Envelope) => e.data?.baseData ?? {};
const logLines = (output: string): Record<string, unknown>[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

let workDir: string;
let tls: ReturnType<typeof loopbackCertificate>;
let ingestion: FakeIngestion;
let connector: FakeConnector;

beforeAll(() => {
  for (const file of [SERVER, REMINDERS_CLI]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: npm test builds it first (npm run build)`);
  }
  workDir = mkdtempSync(path.join(os.tmpdir(), 'bpv-telemetry-'));
  tls = loopbackCertificate(workDir);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
beforeEach(async () => {
  ingestion = new FakeIngestion();
  await ingestion.start(tls);
  connector = new FakeConnector();
  await connector.start();
});
afterEach(async () => {
  await ingestion.stop();
  await connector.stop();
});

describe('telemetry to Application Insights', () => {
  it('sends the request, its storage and connector calls, and nothing personal; logs carry the operation id', async () => {
    connector.addMember({
      id: `29:${PERSON.aadObjectId}`,
      aadObjectId: PERSON.aadObjectId,
      name: PERSON.name,
      email: PERSON.email,
      userPrincipalName: PERSON.email,
    });
    const port = await freePort();
    const bot = start(SERVER, [], {
      PORT: String(port),
      STORAGE_CONNECTION_STRING: storageConnectionString(),
      TABLE_PREFIX: uniqueTablePrefix(),
      REMINDERS: 'off',
      APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
      NODE_EXTRA_CA_CERTS: tls.certPath,
      ...OFFLINE,
    });
    await bot.waitForOutput('bot listening');
    const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity(connector.url)),
    });
    expect(response.status).toBe(200);
    expect(connector.sent().length).toBeGreaterThan(0);
    // The bot flushes its telemetry as it shuts down.
    bot.process.kill('SIGTERM');
    expect(await bot.exited).toBe(0);

    const requests = ingestion.ofType('RequestData').filter((e) => baseData(e).name === 'POST /api/messages');
    expect(requests).toHaveLength(1);
    const request = requests[0] as Envelope;
    expect(baseData(request).responseCode).toBe('200');
    expect(baseData(request).properties).toEqual(expect.objectContaining({ 'bpv.activity_type': 'message' }));
    expect(request.tags?.['ai.cloud.role']).toBe('bpv-bot');
    const operationId = request.tags?.['ai.operation.id'];
    expect(operationId).toMatch(/^[0-9a-f]{32}$/);

    const dependencies = ingestion
      .ofType('RemoteDependencyData')
      .filter((e) => e.tags?.['ai.operation.id'] === operationId);
    const tableHost = new URL(/TableEndpoint=([^;]+)/.exec(storageConnectionString())?.[1] ?? '').host;
    // Where a dependency went, by host and port, from its URL (`data`) or its target.
    const reached = dependencies.flatMap((e) =>
      [baseData(e).data, baseData(e).target].map((value) => {
        try {
          return new URL(String(value)).host;
        } catch {
          return String(value);
        }
      }),
    );
    expect(reached).toContain(tableHost);
    expect(reached).toContain(new URL(connector.url).host);

    const sent = ingestion.rawBodies.join('\n');
    for (const secret of [PERSON.name, 'Verbeek', PERSON.email, 'jolien', TYPED, 'Zwolle']) {
      expect(sent.toLowerCase()).not.toContain(secret.toLowerCase());
    }

    const joined = logLines(bot.output).filter((line) => line.trace_id === operationId);
    expect(joined.length).toBeGreaterThan(0);
    expect(joined[0]?.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('counts queued, sent, throttled and unreachable reminders from the reminders command', async () => {
    const store = await freshStore();
    const scenario = await seedReminderScenario(store, connector.url, 8);
    const [throttled, blocked] = [...scenario.expected.keys()].filter((c) => scenario.expected.get(c) === 1);
    // Four tries, each answered 429 and each counted; the reminder goes back on the queue and is
    // delivered on its next pass (the connector client's own retries are off for proactive sends).
    connector.script.set(throttled as string, [429, 429, 429, 429]);
    connector.script.set(blocked as string, [403]);
    const sweep = start(REMINDERS_CLI, ['sweep', '--now', SWEEP_NOW.toISOString()], {
      STORAGE_CONNECTION_STRING: storageConnectionString(),
      TABLE_PREFIX: store.tablePrefix,
      REMINDER_QUEUE: uniqueQueueName('t'),
      LOG_LEVEL: 'error',
      APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
      NODE_EXTRA_CA_CERTS: tls.certPath,
      ...OFFLINE,
    });
    expect(await sweep.exited).toBe(0);

    const counted = new Map<string, number>();
    for (const envelope of ingestion.ofType('MetricData')) {
      for (const metric of (baseData(envelope).metrics ?? []) as { name: string; value: number }[]) {
        counted.set(metric.name, (counted.get(metric.name) ?? 0) + metric.value);
      }
    }
    const delivered = [...connector.deliveredCounts().values()].reduce((a, b) => a + b, 0);
    expect(delivered).toBeGreaterThan(0);
    expect(connector.deliveredCounts().get(throttled as string)).toBe(1);
    expect(counted.get('bpv.reminders.sent')).toBe(delivered);
    expect(counted.get('bpv.reminders.queued')).toBe(delivered + 1);
    expect(counted.get('bpv.reminders.throttled')).toBe(4);
    expect(counted.get('bpv.people.unreachable')).toBe(1);
    expect(counted.get('bpv.reminders.unreachable')).toBe(1);

    // Table queries were made, and none of their filters (keys, hashes) left the process.
    const urls = ingestion.ofType('RemoteDependencyData').map((e) => String(baseData(e).data ?? ''));
    expect(urls.some((url) => url.includes('()'))).toBe(true);
    expect(urls.filter((url) => url.includes('?'))).toEqual([]);
  });

  it('names every download request by its route; no token reaches telemetry, old link shape included', async () => {
    const port = await freePort();
    const bot = start(SERVER, [], {
      PORT: String(port),
      STORAGE_CONNECTION_STRING: storageConnectionString(),
      TABLE_PREFIX: uniqueTablePrefix(),
      REMINDERS: 'off',
      APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
      NODE_EXTRA_CA_CERTS: tls.certPath,
      ...OFFLINE,
    });
    await bot.waitForOutput('bot listening');
    const base = `http://127.0.0.1:${port}`;
    // A token as a link carries it; this one was never issued, which changes nothing in what is recorded.
    const token = 'Tk9uZS1vZi10aGVzZS1pcy1hLXJlYWwtdG9rZW4tYWJjZA';
    const answers = [
      await fetch(`${base}/downloads`),
      await fetch(`${base}/downloads/download-page.js`),
      await fetch(`${base}/downloads/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      }),
      await fetch(`${base}/downloads`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${token}`,
      }),
      await fetch(`${base}/downloads/${token}`),
      await fetch(`${base}/downloads/${token}?lang=en`, { method: 'POST' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404, 410, 410]);
    bot.process.kill('SIGTERM');
    expect(await bot.exited).toBe(0);

    const names = ingestion
      .ofType('RequestData')
      .map((e) => String(baseData(e).name))
      .filter((name) => name.includes('/downloads'))
      .sort();
    expect(names).toEqual([
      'GET /downloads',
      'GET /downloads/:token',
      'GET /downloads/download-page.js',
      'POST /downloads',
      'POST /downloads/:token',
      'POST /downloads/status',
    ]);
    expect(ingestion.rawBodies.join('\n')).not.toContain(token);
    expect(bot.output).not.toContain(token);
  });

  it('without the setting loads no telemetry SDK, sends nothing and adds nothing to the logs', async () => {
    // Lists, as the process ends, which telemetry modules it loaded.
    const probe = path.join(workDir, 'loaded-modules.js');
    writeFileSync(
      probe,
      `process.on('exit', () => process.stdout.write('LOADED ' + JSON.stringify(Object.keys(require.cache)
        .filter((m) => /@azure[\\\\/]monitor-|@opentelemetry[\\\\/](sdk|instrumentation|resources)/.test(m))) + '\\n'));`,
    );
    const port = await freePort();
    const bot = start(
      SERVER,
      [],
      {
        PORT: String(port),
        STORAGE_CONNECTION_STRING: storageConnectionString(),
        TABLE_PREFIX: uniqueTablePrefix(),
        REMINDERS: 'off',
      },
      ['--require', probe],
    );
    await bot.waitForOutput('bot listening');
    const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messageActivity(connector.url)),
    });
    expect(response.status).toBe(200);
    bot.process.kill('SIGTERM');
    expect(await bot.exited).toBe(0);

    expect(bot.output).toContain('LOADED []');
    const lines = logLines(bot.output);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.filter((line) => 'trace_id' in line || 'span_id' in line)).toEqual([]);
    expect(ingestion.rawBodies).toEqual([]);
  });
});

describe('redactSpan', () => {
  const span = (attributes: Record<string, unknown>) =>
    ({ attributes }) as unknown as Parameters<typeof redactSpan>[0];

  it('keeps the path of a URL and drops its query, which may filter on keys or carry a signature', () => {
    const finished = span({
      'url.full': "https://acct.table.core.windows.net/bpvplacements()?$filter=PartitionKey%20eq%20'ab12'",
      'http.url': 'https://acct.queue.core.windows.net/q/messages?sig=secret&se=2030',
      'http.target': '/api/messages?x=1#frag',
      'url.query': '$filter=PartitionKey',
      'enduser.id': 'someone',
      'http.method': 'GET',
    });
    redactSpan(finished);
    expect(finished.attributes).toEqual({
      'url.full': 'https://acct.table.core.windows.net/bpvplacements()',
      'http.url': 'https://acct.queue.core.windows.net/q/messages',
      'http.target': '/api/messages',
      'http.method': 'GET',
    });
  });
});
