import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cardsDir, renderCard } from '../../src/chat/cards';
import { Verb } from '../../src/chat/verbs';
import { parseWarnings } from '../support/adaptive-cards';

const templates = readdirSync(cardsDir())
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''));

function collect(node: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const item of node) collect(item, key, found);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) found.push(v);
      collect(v, key, found);
    }
  }
  return found;
}

describe('card templates', () => {
  it('has a sample for every template', () => {
    // Samples in other languages sit in a folder per language (`samples/en/`).
    const samples = readdirSync(path.join(cardsDir(), 'samples'))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.replace(/\.json$/, ''));
    expect(samples.sort()).toEqual([...templates].sort());
  });

  it.each(templates)('%s expands with its sample and parses without warnings, schema 1.5 at most', (name) => {
    const sample: unknown = JSON.parse(
      readFileSync(path.join(cardsDir(), 'samples', `${name}.json`), 'utf8'),
    );
    const card = renderCard(name, sample as object);
    expect(card.type).toBe('AdaptiveCard');
    expect(Number(card.version)).toBeLessThanOrEqual(1.5);
    expect(parseWarnings(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
    const verbs = collect(card, 'verb');
    for (const verb of verbs) expect(Object.values(Verb)).toContain(verb);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
  });

  it('flags an unknown element, so the check above can fail', () => {
    expect(parseWarnings({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Carousel' }] })).not.toEqual(
      [],
    );
  });
});
