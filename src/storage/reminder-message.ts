import { ROLES, type Role } from '../domain/placement';
import type { ReminderKind } from '../domain/reminders';
import type { QueuedEntry, ReminderMessage } from '../services/reminders/ports';

export type { QueuedEntry, ReminderMessage };

/** Azure Queue Storage refuses a message whose text is larger than this ("request body is too large"). */
export const QUEUE_MESSAGE_LIMIT_BYTES = 64 * 1024;

/**
 * What a message's text may take, as UTF-8: three quarters of the limit, so the message still fits
 * when a client base64-encodes it (Azure Functions' queue trigger expects that, and so do the
 * older SDKs), and XML escaping on the wire has room.
 */
export const MESSAGE_BUDGET_BYTES = (QUEUE_MESSAGE_LIMIT_BYTES / 4) * 3;

const KINDS: readonly ReminderKind[] = ['part_open', 'agreement_waiting', 'approval_pending', 'round_due'];

/** The size of `text` once base64-encoded, as a client that encodes messages sends it. */
export function base64Size(text: string): number {
  return 4 * Math.ceil(Buffer.byteLength(text, 'utf8') / 3);
}

/**
 * The entry a ledger key stands for. A key holds everything the ledger entry needs (placement,
 * round, kind, role, since, repeat), so a message carries keys only and stays small.
 */
export function entryFromKey(key: string): QueuedEntry | undefined {
  const parts = key.split('|');
  if (parts.length !== 6) return undefined;
  const [placementId = '', round = '', kind = '', role = '', since = '', last = ''] = parts;
  // A rung above the person is `e1`…`e3` (escalation.ts), a repeat of the person's reminder a number.
  const step = /^e[1-3]$/.test(last) ? last.slice(1) : last;
  if (!placementId || !since || !/^\d+$/.test(round) || !/^\d+$/.test(step)) return undefined;
  if (!KINDS.includes(kind as ReminderKind) || !ROLES.includes(role as Role)) return undefined;
  return {
    placementId,
    key,
    itemKey: parts.slice(0, 5).join('|'),
    kind: kind as ReminderKind,
    role: role as Role,
    round: Number(round),
    step: Number(step),
  };
}

/** The text put on the queue: the recipient and the ledger keys. */
export function encodeMessage(message: ReminderMessage): string {
  return JSON.stringify({
    recipient: message.recipient,
    keys: message.entries.map((e) => e.key),
    ...(message.digest ? { digest: message.digest } : {}),
  });
}

/**
 * A message read back from the queue; undefined when it cannot be read. Messages queued before
 * keys were used carry whole entries, and are still read.
 */
export function decodeMessage(text: string): ReminderMessage | undefined {
  try {
    const parsed = JSON.parse(text) as {
      recipient?: unknown;
      keys?: unknown;
      entries?: unknown;
      digest?: unknown;
    };
    if (typeof parsed.recipient !== 'string') return undefined;
    if (typeof parsed.digest === 'string') {
      return /^\d{4}-\d{2}-\d{2}$/.test(parsed.digest)
        ? { recipient: parsed.recipient, entries: [], digest: parsed.digest }
        : undefined;
    }
    if (Array.isArray(parsed.entries)) return parsed as ReminderMessage;
    if (!Array.isArray(parsed.keys)) return undefined;
    const entries: QueuedEntry[] = [];
    for (const key of parsed.keys) {
      const entry = typeof key === 'string' ? entryFromKey(key) : undefined;
      if (!entry) return undefined;
      entries.push(entry);
    }
    return { recipient: parsed.recipient, entries };
  } catch {
    return undefined;
  }
}

/**
 * The most reminders one message (and so one card) covers. A digest card lists each with a line
 * and snoozes them all with one button; Teams takes messages up to about 80 KB, and the snooze
 * button accepts at most 200 items.
 */
export const MAX_ENTRIES_PER_MESSAGE = 100;

/**
 * The messages that carry `entries` to `recipient`, each within {@link MESSAGE_BUDGET_BYTES} and
 * {@link MAX_ENTRIES_PER_MESSAGE}: a supervisor's digest of hundreds of approvals goes in as many
 * parts as it needs. An entry that cannot fit even alone is returned apart, for the caller to report.
 */
export function packMessages(
  recipient: string,
  entries: readonly QueuedEntry[],
  budgetBytes: number = MESSAGE_BUDGET_BYTES,
  maxEntries: number = MAX_ENTRIES_PER_MESSAGE,
): { messages: ReminderMessage[]; oversized: QueuedEntry[] } {
  const envelope = Buffer.byteLength(encodeMessage({ recipient, entries: [] }), 'utf8');
  const messages: ReminderMessage[] = [];
  const oversized: QueuedEntry[] = [];
  let part: QueuedEntry[] = [];
  let size = envelope;
  for (const entry of entries) {
    // The key as a JSON string, and the comma before it.
    const added = Buffer.byteLength(JSON.stringify(entry.key), 'utf8') + (part.length > 0 ? 1 : 0);
    if (envelope + added > budgetBytes) {
      oversized.push(entry);
      continue;
    }
    if (size + added > budgetBytes || part.length >= maxEntries) {
      messages.push({ recipient, entries: part });
      part = [];
      size = envelope;
    }
    size += Buffer.byteLength(JSON.stringify(entry.key), 'utf8') + (part.length > 0 ? 1 : 0);
    part.push(entry);
  }
  if (part.length > 0) messages.push({ recipient, entries: part });
  return { messages, oversized };
}
