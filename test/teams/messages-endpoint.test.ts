import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { createLogger } from '../../src/logger';
import { TABLES } from '../../src/storage/table-store';
import { BotHarness, TENANT_ID } from '../support/bot-harness';

const PRODUCTION_AUTH = {
  appId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  appPassword: 'not-a-real-secret',
  appType: 'SingleTenant' as const,
  tenantId: TENANT_ID,
};

async function post(harness: BotHarness, body: string | Buffer, headers: Record<string, string>) {
  const response = await fetch(`${harness.bot.url}/api/messages`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text };
}

/** Every row in every table of this bot: what a refused request must leave untouched. */
async function allRows(harness: BotHarness): Promise<number> {
  let count = 0;
  for (const table of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
    for await (const _ of harness.store.client(table).listEntities()) count++;
  }
  return count;
}

function multipart(bytes: number): { body: Buffer; type: string } {
  const boundary = 'bpvboundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.alloc(bytes, 0x61),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Files that appeared in the temp folder since `before` and hold the upload's bytes (it is all
 * `a`): other tests, in other workers, make folders and files there at any moment.
 */
function uploadsSince(before: Set<string>): string[] {
  return readdirSync(tmpdir())
    .filter((name) => !before.has(name))
    .filter((name) => {
      try {
        const file = path.join(tmpdir(), name);
        if (!statSync(file).isFile()) return false;
        const head = readFileSync(file).subarray(0, 64);
        return head.length > 0 && head.every((byte) => byte === 0x61);
      } catch {
        // Gone again meanwhile: another test's.
        return false;
      }
    });
}

describe('POST /api/messages refuses what is not a JSON activity', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await BotHarness.start();
  });
  afterAll(() => harness.stop());

  it('answers a multipart upload with 415 and writes nothing to the temp folder', async () => {
    const before = new Set(readdirSync(tmpdir()));
    const upload = multipart(4 * 1024 * 1024);
    const response = await post(harness, upload.body, { 'content-type': upload.type });
    expect(response.status).toBe(415);
    expect(uploadsSince(before)).toEqual([]);
  });

  it('refuses a compressed body instead of inflating it', async () => {
    // 240 KB on the wire, 240 MB once inflated.
    const bomb = gzipSync(Buffer.alloc(240 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(512 * 1024);
    const response = await post(harness, bomb, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(415);
  });

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({ type: 'message', text: 'x'.repeat(400 * 1024) });
    expect((await post(harness, big, { 'content-type': 'application/json' })).status).toBe(413);
  });

  it.each([
    ['a type that is not text', '{"type":5}', 'application/json'],
    ['no type', '{"text":"x"}', 'application/json'],
    ['a list', '[{"type":"message"}]', 'application/json'],
    ['null', 'null', 'application/json'],
    ['broken JSON', '{"type": "message"', 'application/json'],
    ['XML labelled as JSON', '<activity type="message"/>', 'application/json'],
    ['a message without a conversation', '{"type":"message","text":"hi"}', 'application/json'],
  ])('answers %s with 400 and no internal detail', async (_what, body, type) => {
    const response = await post(harness, body, { 'content-type': type });
    expect(response.status).toBe(400);
    expect(Object.keys(JSON.parse(response.text))).toEqual(['code']);
    expect(response.text).not.toMatch(/validateAndFixActivity|Unexpected|at |Error:/);
  });

  it('answers XML with 415', async () => {
    const response = await post(harness, '<activity/>', { 'content-type': 'application/xml' });
    expect(response.status).toBe(415);
  });

  it('still takes a real activity after all of that', async () => {
    const user = harness.user({ aadObjectId: 'a0000000-0000-4000-8000-000000000001', name: 'X' });
    const response = await user.say('help');
    expect(response.status).toBe(200);
    expect(harness.connector.calls.some((c) => c.method === 'POST')).toBe(true);
  });
});

describe('POST /api/messages in production', () => {
  let harness: BotHarness;
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });

  beforeAll(async () => {
    harness = await BotHarness.start({
      overrides: { mode: 'production', auth: PRODUCTION_AUTH, allowedTenantIds: [TENANT_ID] },
      logger: createLogger('info', sink),
    });
  });
  afterAll(() => harness.stop());

  it('refuses an activity whose serviceUrl is not a Teams connector, calling and storing nothing', async () => {
    const user = harness.user({
      aadObjectId: 'a0000000-0000-4000-8000-000000000002',
      name: 'X',
      email: 'x@s.nl',
    });
    const activity: Record<string, unknown> = { ...user.activity('message'), text: 'start' };
    expect(activity.serviceUrl).toBe(harness.connector.url);
    // The bot's own rows (its claim on the send rate) are there from the start.
    const before = await allRows(harness);
    const response = await harness.post(activity);
    expect(response.status).toBe(403);
    expect(harness.connector.calls).toEqual([]);
    expect(await allRows(harness)).toBe(before);
  });

  it('refuses a missing token with 401 and one structured log line, no stack trace', async () => {
    const errors = jest.spyOn(console, 'error');
    const user = harness.user({ aadObjectId: 'a0000000-0000-4000-8000-000000000003', name: 'X' });
    const activity = {
      ...user.activity('message'),
      text: 'start',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    };
    lines.length = 0;
    const before = await allRows(harness);
    const response = await harness.post(activity);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 'Unauthorized' });
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    const logged = lines.filter((l) => l.event === 'authentication_failed');
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).not.toMatch(/\n\s+at /);
    expect(await allRows(harness)).toBe(before);
  });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    iss: 'https://api.botframework.com',
    aud: PRODUCTION_AUTH.appId,
    serviceurl: 'https://smba.trafficmanager.net/emea/',
    nbf: Math.floor(Date.now() / 1000) - 60,
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  it.each([
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
    [
      'HS256 signed with a guessed key',
      (() => {
        const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
        return `${head}.${createHmac('sha256', PRODUCTION_AUTH.appId).update(head).digest('base64url')}`;
      })(),
    ],
    ['RS256 with an unknown key id', `${b64({ alg: 'RS256', kid: 'nope', typ: 'JWT' })}.${b64(claims)}.c2ln`],
    ['no JWT at all', 'not.a.jwt'],
  ])('refuses a token with %s: 401, a warning, no stack at error level', async (_what, token) => {
    const user = harness.user({ aadObjectId: 'a0000000-0000-4000-8000-000000000004', name: 'X' });
    const activity = { ...user.activity('message'), text: 'start', serviceUrl: claims.serviceurl };
    lines.length = 0;
    const response = await fetch(`${harness.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'Unauthorized' });
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(lines.filter((l) => l.event === 'authentication_failed')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toMatch(/\n\s+at /);
  });
});

describe('tenants', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await BotHarness.start({ overrides: { allowedTenantIds: [TENANT_ID.toUpperCase()] } });
  });
  afterAll(() => harness.stop());

  it('compares tenant ids without regard to case', async () => {
    const user = harness.user({ aadObjectId: 'a0000000-0000-4000-8000-000000000004', name: 'X' });
    await user.say('help');
    expect(harness.connector.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('refuses an activity whose conversation names another tenant, even with the right channel data', async () => {
    const user = harness.user({ aadObjectId: 'a0000000-0000-4000-8000-000000000005', name: 'X' });
    const before = harness.connector.calls.length;
    const activity = user.activity('message');
    const conversation = activity.conversation as Record<string, unknown>;
    await harness.post({
      ...activity,
      text: 'help',
      conversation: { ...conversation, tenantId: '99999999-9999-4999-8999-999999999999' },
    });
    expect(harness.connector.calls.length).toBe(before);
  });
});

describe('a Teams connector that stops answering', () => {
  let frozen: Server;
  let harness: BotHarness;
  let received = 0;
  beforeAll(async () => {
    // Accepts every request and never answers it.
    frozen = createServer(() => {
      received++;
    });
    frozen.listen(0, '127.0.0.1');
    await once(frozen, 'listening');
    harness = await BotHarness.start({ overrides: { connectorTimeoutMs: 300 } });
  });
  afterAll(async () => {
    await harness.stop();
    frozen.closeAllConnections();
    frozen.close();
  });

  it('does not hold the turn: the request is answered once the connector call has timed out', async () => {
    const user = harness.user({ aadObjectId: 'a0000000-0000-4000-8000-000000000006', name: 'X' });
    const port = (frozen.address() as AddressInfo).port;
    const response = await harness.post({
      ...user.activity('message'),
      text: 'help',
      serviceUrl: `http://127.0.0.1:${port}/`,
    });
    expect(response.status).toBe(200);
    expect(received).toBeGreaterThan(0);
  });
});
