import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AzuriteHandle, startAzurite } from '../../src/local/azurite';
import { projectRoot } from '../../src/project-root';
import { BotHarness, cardText, type TeamsUser } from '../support/bot-harness';
import { loopbackCertificate } from '../support/certificate';
import { IdentityEndpoint } from '../support/identity-endpoint';

jest.setTimeout(180_000);

// The bot and the commands as they run in Azure: compiled, in processes of their own. The CA of
// Azurite's self-signed certificate reaches them only through NODE_EXTRA_CA_CERTS, read at start.
const DIST = path.join(projectRoot(), 'dist', 'src');
const CSV = path.join(projectRoot(), 'test', 'fixtures', 'placements.csv');
const STORAGE = 'https://storage.azure.com';
const CLIENT_ID = randomUUID();
const STUDENT = {
  aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000001',
  name: 'Sanne Jansen',
  email: 'sanne.jansen@student.example.org',
};

let work: string;
let azurite: AzuriteHandle;
let identity: IdentityEndpoint;
let harness: BotHarness;
let bot: { child: ChildProcess; url: string; storage: string } | undefined;
let env: Record<string, string>;

/** Azurite's answer to a request made from here, trusting its certificate, with or without a token. */
function azuriteStatus(url: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca: readFileSync(certificate.certPath),
        headers: {
          'x-ms-version': '2019-02-02',
          'x-ms-date': new Date().toUTCString(),
          accept: 'application/json;odata=nometadata',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function run(script: string, args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [path.join(DIST, script), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code: code ?? -1, output })));
}

/** Starts the compiled bot and resolves with its address once it logs that it listens. */
function startBotProcess(): Promise<{ child: ChildProcess; url: string; storage: string }> {
  const child = spawn(process.execPath, [path.join(DIST, 'main.js')], {
    env: {
      ...env,
      PORT: '0',
      LOG_LEVEL: 'info',
      // The bot runs its queue worker on a queue of its own; its schedule is far away, so the
      // command below holds the only sweep.
      REMINDER_QUEUE: 'mi-bot-reminders',
      REMINDER_SCHEDULE: '0 3 29 2 *',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('"event":"listening"'));
      if (line) {
        const { port, storage } = JSON.parse(line) as { port: number; storage: string };
        resolve({ child, url: `http://127.0.0.1:${port}`, storage });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`the bot exited with ${code}: ${output}`)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

let certificate: ReturnType<typeof loopbackCertificate>;

beforeAll(async () => {
  for (const script of ['main.js', 'cli/placements.js', 'cli/reminders.js']) {
    const file = path.join(DIST, script);
    if (!existsSync(file)) throw new Error(`${file} is missing: npm test builds it first (npm run build)`);
  }
  work = mkdtempSync(path.join(tmpdir(), 'bpv-identity-'));
  certificate = loopbackCertificate(work);
  azurite = await startAzurite({
    tls: { cert: certificate.certPath, key: certificate.keyPath },
    oauth: true,
  });
  identity = new IdentityEndpoint();
  await identity.start();
  harness = new BotHarness();
  await harness.connector.start();
  // What App Service gives the container: no account key, only the identity endpoint and its secret.
  env = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    NODE_EXTRA_CA_CERTS: certificate.certPath,
    IDENTITY_ENDPOINT: identity.url,
    IDENTITY_HEADER: identity.secret,
    AZURE_CLIENT_ID: CLIENT_ID,
    STORAGE_ACCOUNT_NAME: 'devstoreaccount1',
    STORAGE_TABLE_ENDPOINT: azurite.tableEndpoint,
    STORAGE_QUEUE_ENDPOINT: azurite.queueEndpoint,
    TABLE_PREFIX: 'mi',
    REMINDER_QUEUE: 'mi-reminders',
    // Any moment is working time, so the sweep below does not depend on the day the test runs.
    REMINDER_WORKING_DAYS: '1-7',
    REMINDER_WORKING_HOURS: '00:00-24:00',
    LOG_LEVEL: 'warn',
  };
});

afterAll(async () => {
  if (bot) await stopProcess(bot.child);
  await harness?.connector.stop();
  await identity?.stop();
  await azurite?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('storage reached with a managed identity (Azurite in OAuth mode)', () => {
  it('refuses requests without a valid token (403 AuthenticationFailed, as Azure), and takes the identity endpoint’s', async () => {
    const tables = `${azurite.tableEndpoint}/Tables`;
    expect(await azuriteStatus(tables)).toBe(403);
    expect(await azuriteStatus(tables, 'not-a-jwt')).toBe(403);
    expect(await azuriteStatus(tables, await identity.token('https://vault.azure.net'))).toBe(403);
    expect(await azuriteStatus(tables, await identity.token(STORAGE))).toBe(200);
    expect(await azuriteStatus(`${azurite.queueEndpoint}?comp=list`)).toBe(403);
  });

  it('imports and lists placements with STORAGE_ACCOUNT_NAME', async () => {
    expect(JSON.stringify(env)).not.toMatch(/AccountKey|STORAGE_CONNECTION_STRING/i);
    const before = identity.requests.length;
    const imported = await run('cli/placements.js', ['import', CSV]);
    expect(imported).toMatchObject({ code: 0 });
    const listed = await run('cli/placements.js', ['list']);
    expect(listed.code).toBe(0);
    expect(listed.output).toContain('2 stage(s)');
    const calls = identity.requests.slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.resource === STORAGE && c.clientId === CLIENT_ID)).toBe(true);
  });

  it('serves a check-in step and its health check over bearer tokens', async () => {
    const before = identity.requests.length;
    bot = await startBotProcess();
    expect(bot.storage).toBe('identity');
    expect(identity.requests.length).toBeGreaterThan(before);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    const botQueue = `${azurite.queueEndpoint}/mi-bot-reminders?comp=metadata`;
    expect(await azuriteStatus(botQueue, await identity.token(STORAGE))).toBe(200);

    harness.bot = {
      url: bot.url,
      get store(): never {
        throw new Error('the bot runs in a process of its own; its storage is read through the commands');
      },
      // Replies to a message go out within the turn; a step click sends no follow-ups.
      idle: async () => undefined,
      // What the process keeps is its own.
      forget: () => undefined,
      close: async () => undefined,
    };
    const student: TeamsUser = harness.user(STUDENT);
    await student.install();
    await student.say('start');
    const first = student.lastCard();
    expect(cardText(first)).toContain('1.1');
    const next = await student.click(first, 'Volgende', { level: 'G' });
    expect(next.status).toBe(200);
    expect(cardText(next.card)).toContain('1.2');
  });

  it('sweeps and delivers a reminder with the reminders command over bearer tokens', async () => {
    const before = harness.connector.postedCards(`a:personal-${STUDENT.aadObjectId}`).length;
    const later = new Date(Date.now() + 4 * 24 * 60 * 60 * 1000);
    const swept = await run('cli/reminders.js', ['sweep', '--now', later.toISOString()]);
    expect(swept.code).toBe(0);
    expect(swept.output).toContain('verstuurd: 1');
    const cards = harness.connector.postedCards(`a:personal-${STUDENT.aadObjectId}`);
    expect(cards.length).toBe(before + 1);
    const reminder = cardText(cards.at(-1)?.card);
    expect(reminder).toContain('Herinnering: je afsprakenlijst is nog niet af');
    // The level chosen in the bot's process was stored and is read back by the command's.
    expect(reminder).toContain('je hebt 1 van de 17 werkprocessen ingevuld');
    expect(identity.refused).toBe(0);
  });
});
