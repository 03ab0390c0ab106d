import { BotHarness } from '../support/bot-harness';

let harness: BotHarness;

beforeAll(async () => {
  harness = await BotHarness.start();
});
afterAll(() => harness.stop());

function from(client: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-forwarded-for': `203.0.113.7, ${client}:53211`, ...extra };
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const response = await fetch(`${harness.bot.url}${path}`, init);
  await response.arrayBuffer();
  return response;
}

/** A guessed token posted as the download page's form posts it. */
function guess(token: string, headers: Record<string, string>): Promise<Response> {
  return send('/downloads', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${token}`,
  });
}

/** A guessed token checked as the download page checks it when opened. */
function check(token: string, headers: Record<string, string>): Promise<Response> {
  return send('/downloads/status', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
}

describe('headers', () => {
  it('send HSTS on every answer that came over HTTPS, and not over plain HTTP', async () => {
    for (const path of ['/healthz', '/praktijkopleider', '/downloads', '/downloads/abc', '/nothing-here']) {
      const https = await send(path, {
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.20' },
      });
      expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    }
    const plain = await send('/healthz', {});
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });

  it('keep the download page out of frames', async () => {
    for (const path of ['/downloads', '/downloads/abc']) {
      const response = await send(path, { headers: from('198.51.100.21') });
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('rate limits', () => {
  it('stop one client guessing download tokens after 60 a minute, with Retry-After; others go on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const client = from('198.51.100.1');
      statuses.push((await (i % 2 ? guess(`guess${i}`, client) : check(`guess${i}`, client))).status);
    }
    expect(statuses.slice(0, 60).every((s) => s === 404 || s === 200)).toBe(true);
    const refused = await guess('guess-more', from('198.51.100.1'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await guess('other', from('198.51.100.2'))).status).toBe(404);
  });

  it('count the client the platform saw, not an address the caller put in front', async () => {
    for (let i = 0; i < 60; i++) {
      await guess(`x${i}`, { 'x-forwarded-for': `10.0.0.${i}, 198.51.100.3:4000` });
    }
    const response = await guess('x', { 'x-forwarded-for': '10.9.9.9, 198.51.100.3:4001' });
    expect(response.status).toBe(429);
  });

  it('stop all clients together after 600 download tries a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; statuses.length < 600; i++) {
      statuses.push((await check(`y${i}`, from(`192.0.2.${i % 200}`))).status);
    }
    expect(statuses).toContain(429);
    const fresh = await guess('z', from('192.0.2.250'));
    expect(fresh.status).toBe(429);
  });

  it('stop guessing trainer links after 120 checks a minute from one client', async () => {
    const post = () =>
      send('/praktijkopleider/api/action', {
        method: 'POST',
        headers: from('198.51.100.9', {
          'content-type': 'application/json',
          authorization: 'Bearer t2.p1.aaa.bbb.guess',
        }),
        body: JSON.stringify({ verb: 'start', data: {} }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) statuses.push((await post()).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('let one client ask for new links 5 times in ten minutes', async () => {
    const ask = () =>
      send('/praktijkopleider/nieuwe-link', {
        method: 'POST',
        headers: from('198.51.100.10', { 'content-type': 'application/x-www-form-urlencoded' }),
        body: 'email=iemand%40bedrijf.nl',
      });
    for (let i = 0; i < 5; i++) expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
  });
});
