import { readFileSync, writeFileSync } from 'node:fs';

/** Pads a Markdown table's cells to their column's width, as the project's formatter writes it. */
export function alignTable(lines: string[]): string[] {
  const rows = lines.map((line) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim()),
  );
  const widths: number[] = [];
  for (const [r, cells] of rows.entries()) {
    if (r === 1) continue;
    cells.forEach((cell, c) => {
      widths[c] = Math.max(widths[c] ?? 3, cell.length);
    });
  }
  return rows.map((cells, r) =>
    r === 1
      ? `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`
      : `| ${widths.map((w, c) => (cells[c] ?? '').padEnd(w)).join(' | ')} |`,
  );
}

/** Adds `row` at the end of the table under `heading` in a Markdown file and realigns that table. */
export function addTableRow(file: string, heading: string, row: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.indexOf(heading);
  if (at === -1) throw new Error(`${heading} is missing from ${file}`);
  const start = lines.findIndex((line, i) => i > at && line.startsWith('|'));
  let end = start;
  while (lines[end + 1]?.startsWith('|')) end += 1;
  const table = [...lines.slice(start, end + 1), ...(row ? [row] : [])];
  lines.splice(start, end - start + 1, ...alignTable(table));
  writeFileSync(file, lines.join('\n'));
}
