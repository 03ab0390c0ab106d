/**
 * The load of the card-step benchmark: `concurrency` students, each in their own chat, clicking
 * through the steps of their part as fast as the bot answers (a closed loop: the next click goes
 * when its card is back, as a person can only click the card they see). Every click is an
 * `adaptiveCard/action` invoke as Teams posts it; the time is from sending it to having the card.
 */
import { randomUUID } from 'node:crypto';
import { TENANT_ID } from '../test/support/bot-harness';

/** One student of the benchmark: who they are and the button they click next. */
export interface Clicker {
  readonly aadObjectId: string;
  readonly serviceUrl: string;
  next: { verb: string; data: Record<string, unknown> };
  clicks: number;
}

export interface LoadResult {
  /** Milliseconds per click, in the order they completed. */
  readonly latencies: number[];
  readonly seconds: number;
  readonly errors: number;
  /** Average size of the answered invoke bodies, in bytes. */
  readonly bodyBytes: number;
}

interface FoundAction {
  readonly title: string;
  readonly verb: string;
  readonly data: Record<string, unknown>;
}

function actionsOf(card: unknown): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && typeof record.verb === 'string')
        found.push({
          title: String(record.title ?? ''),
          verb: record.verb,
          data: (record.data as Record<string, unknown>) ?? {},
        });
      for (const [key, value] of Object.entries(record)) if (key !== 'refresh') walk(value);
    }
  };
  walk(card);
  return found;
}

function hasInput(card: unknown, id: string): boolean {
  let found = false;
  const walk = (node: unknown): void => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.id === id && typeof record.type === 'string' && record.type.startsWith('Input.'))
        found = true;
      else Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/**
 * The click after `card`: "Volgende" with a level (alternating, so that every pass changes the
 * answer and is written) or a text, or from the overview back to the first step ("Wijzigen").
 */
export function nextClick(card: unknown, clicks: number): Clicker['next'] | undefined {
  const actions = actionsOf(card);
  const next = actions.find((a) => a.title === 'Volgende');
  if (next) {
    const inputs = hasInput(card, 'level')
      ? { level: clicks % 2 === 0 ? 'G' : 'Bk', note: '' }
      : hasInput(card, 'text')
        ? { text: `Werkzaamheden ${clicks % 7}` }
        : {};
    return { verb: next.verb, data: { ...next.data, ...inputs } };
  }
  const change = actions.find((a) => a.title === 'Wijzigen');
  return change ? { verb: change.verb, data: change.data } : undefined;
}

/** A Teams-shaped `adaptiveCard/action` invoke from `clicker`. */
export function invokeActivity(clicker: Clicker): Record<string, unknown> {
  const { aadObjectId } = clicker;
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl: clicker.serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, name: 'Student', aadObjectId },
    conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: `a:personal-${aadObjectId}` },
    recipient: { id: '28:bpv-bot', name: 'BPV-afspraken' },
    locale: 'nl-NL',
    channelData: { tenant: { id: TENANT_ID } },
    value: {
      action: { type: 'Action.Execute', id: randomUUID(), verb: clicker.next.verb, data: clicker.next.data },
      trigger: 'manual',
    },
  };
}

/** Posts one click; the card that came back, its body size and the milliseconds it took. */
export async function click(
  url: string,
  clicker: Clicker,
): Promise<{ card: unknown; bytes: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(invokeActivity(clicker)),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`invoke answered ${response.status}: ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { value?: unknown };
  return { card: body.value, bytes: Buffer.byteLength(text), ms };
}

/**
 * Runs `clickers.length` students clicking against `url` for `warmupMs` (not counted) and then
 * `measureMs`; a click in flight at the end is counted when it completes. `follow` keeps each
 * student on the card they got (the real bot); without it they click the same button again (the
 * floor, whose card is fixed).
 */
export async function runLoad(
  url: string,
  clickers: readonly Clicker[],
  options: { warmupMs: number; measureMs: number; follow: boolean },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const begin = performance.now();
  const measureFrom = begin + options.warmupMs;
  const end = measureFrom + options.measureMs;
  await Promise.all(
    clickers.map(async (clicker) => {
      while (performance.now() < end) {
        const sentAt = performance.now();
        try {
          const answer = await click(url, clicker);
          clicker.clicks += 1;
          if (sentAt >= measureFrom) {
            latencies.push(answer.ms);
            bytes += answer.bytes;
          }
          if (options.follow) {
            const next = nextClick(answer.card, clicker.clicks);
            if (!next) throw new Error('the card had no step to click next');
            clicker.next = next;
          }
        } catch (error) {
          errors += 1;
          if (errors > 20) throw error;
        }
      }
    }),
  );
  const seconds = (performance.now() - measureFrom) / 1000;
  return { latencies, seconds, errors, bodyBytes: latencies.length ? bytes / latencies.length : 0 };
}

/** The q-quantile (0..1) of `values` by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
