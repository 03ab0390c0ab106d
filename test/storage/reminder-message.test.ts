import { QueueClient } from '@azure/storage-queue';
import { itemKey } from '../../src/domain/reminders';
import {
  base64Size,
  decodeMessage,
  encodeMessage,
  entryFromKey,
  MAX_ENTRIES_PER_MESSAGE,
  MESSAGE_BUDGET_BYTES,
  packMessages,
  QUEUE_MESSAGE_LIMIT_BYTES,
} from '../../src/storage/reminder-message';
import type { QueuedEntry } from '../../src/storage/reminder-queue';
import { ReminderQueue } from '../../src/storage/reminder-queue';
import { storageConnectionString } from '../support/bot-harness';
import { uniqueQueueName } from '../support/reminder-scenario';

// The longest entry the rules make: a 32-digit placement id, the longest kind and role, a full
// ISO time and a two-digit repeat (REMINDER_DAYS allows more than ten repeats).
function longestEntry(i: number): QueuedEntry {
  const placementId = i.toString(16).padStart(32, 'f');
  const item = itemKey(placementId, 3, 'agreement_waiting', 'supervisor', '2026-11-27T10:00:00.000Z');
  const entry = entryFromKey(`${item}|13`);
  if (!entry) throw new Error('key not read back');
  return entry;
}

// Entra object ids are GUIDs (36 characters); room for more in case another id is used.
const RECIPIENT = 'r'.repeat(128);

describe('reminder queue messages', () => {
  it('keep the worst case under the queue limit, also when base64-encoded', async () => {
    const entries = Array.from({ length: 2000 }, (_, i) => longestEntry(i));
    const { messages, oversized } = packMessages(RECIPIENT, entries);
    expect(oversized).toEqual([]);
    expect(messages.flatMap((m) => m.entries)).toEqual(entries);
    const sizes = messages.map((m) => Buffer.byteLength(encodeMessage(m), 'utf8'));
    const worst = Math.max(...sizes);
    expect(worst).toBeLessThanOrEqual(MESSAGE_BUDGET_BYTES);
    expect(4 * Math.ceil(worst / 3)).toBeLessThanOrEqual(QUEUE_MESSAGE_LIMIT_BYTES);
    expect(Math.max(...messages.map((m) => base64Size(encodeMessage(m))))).toBeLessThanOrEqual(
      QUEUE_MESSAGE_LIMIT_BYTES,
    );
    expect(Math.max(...messages.map((m) => m.entries.length))).toBe(MAX_ENTRIES_PER_MESSAGE);

    // Azure's limit, as the emulator enforces it: all of it in one message is refused; the
    // largest part goes, as text and base64-encoded, and reads back the same.
    const name = uniqueQueueName('m');
    const queue = new ReminderQueue(storageConnectionString(), name);
    await queue.ensure();
    await expect(queue.send({ recipient: RECIPIENT, entries })).rejects.toMatchObject({ statusCode: 413 });
    const largest = messages[sizes.indexOf(worst)];
    if (!largest) throw new Error('no message');
    await queue.send(largest);
    const raw = new QueueClient(storageConnectionString(), name);
    await raw.sendMessage(Buffer.from(encodeMessage(largest), 'utf8').toString('base64'));
    const received = await queue.receive(2, 30);
    expect(received[0]?.message).toEqual(largest);
    expect(received).toHaveLength(2);
  });

  it('split by size alone when the entries are unusually long', () => {
    const long = (i: number): QueuedEntry => {
      const entry = longestEntry(i);
      const since = `2026-11-27T10:00:00.000Z${'0'.repeat(400)}`;
      const item = itemKey(entry.placementId, 3, 'approval_pending', 'supervisor', since);
      return entryFromKey(`${item}|0`) as QueuedEntry;
    };
    const entries = Array.from({ length: 400 }, (_, i) => long(i));
    const { messages } = packMessages(RECIPIENT, entries, MESSAGE_BUDGET_BYTES, 1000);
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages)
      expect(Buffer.byteLength(encodeMessage(m), 'utf8')).toBeLessThanOrEqual(MESSAGE_BUDGET_BYTES);
    expect(messages.flatMap((m) => m.entries)).toEqual(entries);
  });

  it('set apart an entry that cannot fit even alone', () => {
    const entry = longestEntry(1);
    const huge = entryFromKey(entry.key.replace('2026-11-27', `2026-11-27${'x'.repeat(60_000)}`));
    if (!huge) throw new Error('key not read back');
    const { messages, oversized } = packMessages(RECIPIENT, [entry, huge, longestEntry(2)]);
    expect(oversized).toEqual([huge]);
    expect(messages.flatMap((m) => m.entries)).toEqual([entry, longestEntry(2)]);
  });

  it('carry ledger keys only, and still read messages queued with whole entries', () => {
    const entries = [longestEntry(1), longestEntry(2)];
    const text = encodeMessage({ recipient: 'abc', entries });
    expect(JSON.parse(text)).toEqual({ recipient: 'abc', keys: entries.map((e) => e.key) });
    expect(decodeMessage(text)).toEqual({ recipient: 'abc', entries });
    expect(decodeMessage(JSON.stringify({ recipient: 'abc', entries }))).toEqual({
      recipient: 'abc',
      entries,
    });
    expect(decodeMessage(JSON.stringify({ recipient: 'abc', keys: ['not|a|key'] }))).toBeUndefined();
    expect(
      decodeMessage(JSON.stringify({ recipient: 'abc', keys: [`${entries[0]?.itemKey}|x`] })),
    ).toBeUndefined();
    expect(decodeMessage('{')).toBeUndefined();
  });

  it("carry a rung of the ladder in its ledger key, and a coordinator's digest by its day", () => {
    const item = itemKey('p1', 1, 'part_open', 'student', '2026-11-02T09:00:00.000Z');
    const escalated = entryFromKey(`${item}|e2`);
    expect(escalated).toMatchObject({ placementId: 'p1', itemKey: item, role: 'student', step: 2 });
    expect(entryFromKey(`${item}|e4`)).toBeUndefined();
    const digest = encodeMessage({ recipient: 'aad-k', entries: [], digest: '2026-11-16' });
    expect(decodeMessage(digest)).toEqual({ recipient: 'aad-k', entries: [], digest: '2026-11-16' });
    expect(decodeMessage(JSON.stringify({ recipient: 'aad-k', keys: [], digest: 'monday' }))).toBeUndefined();
  });
});
