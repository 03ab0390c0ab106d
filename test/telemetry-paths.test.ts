import { redactPath, redactSpan } from '../src/telemetry-redaction';
import { BotHarness } from './support/bot-harness';

type Span = Parameters<typeof redactSpan>[0];

function span(name: string, attributes: Record<string, unknown>): Span {
  return { name, attributes } as unknown as Span;
}

describe('paths in telemetry', () => {
  it('name a download by its route, never by its token', () => {
    const finished = span('GET /downloads/Zk3x9_secret-token', {
      'url.full': 'https://bpv.school.nl/downloads/Zk3x9_secret-token?x=1',
      'url.path': '/downloads/Zk3x9_secret-token',
      'http.target': '/downloads/Zk3x9_secret-token',
    });
    redactSpan(finished);
    const text = JSON.stringify(finished);
    expect(text).not.toContain('Zk3x9_secret-token');
    expect(finished.name).toBe('GET /downloads/:token');
    expect(finished.attributes['url.full']).toBe('https://bpv.school.nl/downloads/:token');
  });

  it("keep the download page's own routes, and hide whatever else follows /downloads/", () => {
    for (const path of ['/downloads', '/downloads/status', '/downloads/download-page.js'])
      expect(redactPath(`https://bpv.school.nl${path}`)).toBe(`https://bpv.school.nl${path}`);
    expect(redactPath('POST /downloads/status-Zk3x9')).toBe('POST /downloads/:token');
  });

  it('take Entra object ids out of storage paths', () => {
    const id = 'a0000000-0000-4000-8000-00000000abcd';
    const finished = span(`GET /bpvusers(PartitionKey='${id}')`, {
      'url.full': `https://acct.table.core.windows.net/bpvusers(PartitionKey='${id}',RowKey='${id}')`,
    });
    redactSpan(finished);
    expect(JSON.stringify(finished)).not.toContain(id);
  });
});

describe('GET /', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await BotHarness.start();
  });
  afterAll(() => harness.stop());

  it('answers 200, so Always On’s ping is no failed request', async () => {
    const response = await fetch(`${harness.bot.url}/`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });
});
