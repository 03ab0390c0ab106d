import { Writable } from 'node:stream';
import { RestError } from '@azure/data-tables';
import { createLogger } from '../src/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('logs', () => {
  it('keep the status of an SDK error but not the request and response it carries', () => {
    const { logger, lines } = capture();
    const error = new RestError('Forbidden', { statusCode: 403 });
    Object.assign(error, {
      details: { body: JSON.stringify({ attachments: [{ content: { text: 'Sanne Jansen' } }] }) },
    });
    logger.warn({ err: error, event: 'proactive_failed' }, 'not delivered');
    expect(lines.join('')).toContain('"statusCode":403');
    expect(lines.join('')).not.toContain('Sanne');
  });

  it('redact names, e-mail addresses and free text a caller passes by mistake', () => {
    const { logger, lines } = capture();
    logger.info({ user: { name: 'Sanne Jansen', email: 'sanne@example.org' }, text: 'mijn notitie' }, 'oops');
    const line = lines.join('');
    for (const secret of ['Sanne', 'sanne@example.org', 'mijn notitie']) expect(line).not.toContain(secret);
  });
});
