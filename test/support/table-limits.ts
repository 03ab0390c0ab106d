/**
 * Text of exactly `length` UTF-16 code units that escapes as badly as text can: control characters
 * (six bytes each in JSON, `\u0001`), a lone surrogate (also six), and astral emoji (two code
 * units, four bytes).
 */
export function worstText(length: number, seed: number): string {
  let text = '';
  while (text.length < length) {
    const i = text.length + seed;
    if (length - text.length >= 2 && i % 7 === 0) text += '😀';
    else if (i % 11 === 0) text += '\ud800';
    else text += String.fromCharCode(1 + (i % 31));
  }
  return text;
}

/** Size of an entity as Table Storage counts it against its 1 MiB limit. */
export function entityBytes(entity: Record<string, unknown>): number {
  let size = 4;
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'etag' || name === 'timestamp') continue;
    if (name === 'partitionKey' || name === 'rowKey') {
      size += 2 * String(value).length;
      continue;
    }
    size += 8 + 2 * name.length + (typeof value === 'string' ? 4 + 2 * value.length : 8);
  }
  return size;
}
