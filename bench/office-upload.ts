/**
 * Benchmark of the BPV office's upload in Teams, as an office member does it: the bot on an
 * in-memory Azurite, a Teams-shaped message with the placements CSV as a `file.download.info`
 * attachment served by a stand-in file host on loopback, the preview card, then **Importeren**.
 * For 1,000 and 10,000 rows (or the sizes given) it times the preview (fetch, parse, check against
 * what is stored, keep the file) and the import (the click until its card), and adds a row per size
 * to the table in BENCHMARKS.md. Run: `npm run bench:office -- 1000 10000`.
 */

import { loadavg } from 'node:os';
import path from 'node:path';
import { PLACEMENT_CSV_COLUMNS } from '../src/domain/placement';
import { startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';
import { BotHarness, cardText } from '../test/support/bot-harness';
import { FileHost } from '../test/support/file-host';
import { addTableRow } from './results-table';

const TABLE_HEADING = '### BPV office: preview and import of an uploaded placements file';
const OFFICE = {
  aadObjectId: 'be000000-0000-4000-8000-000000000001',
  name: 'Bureau',
  email: 'bureau@roc.example.org',
};

function placementsCsv(count: number): string {
  const lines = [PLACEMENT_CSV_COLUMNS.join(',')];
  for (let i = 0; i < count; i++) {
    const trainer = i % Math.max(1, Math.floor(count / 10));
    const supervisor = i % Math.max(1, Math.floor(count / 100));
    lines.push(
      `student${i}@student.example.org,Student ${i},trainer${trainer}@bedrijf.example.org,Praktijkopleider ${trainer},` +
        `begeleider${supervisor}@roc.example.org,Begeleider ${supervisor},"Bedrijf ${trainer}, ICT",ict-beheerder,2026-09-01,2027-06-30`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function measure(count: number): Promise<{ preview: number; importing: number; summary: string }> {
  const azurite = await startAzurite();
  const host = new FileHost();
  await host.start();
  const harness = await BotHarness.start({
    connectionString: azurite.connectionString,
    env: { BPV_OFFICE_USERS: OFFICE.aadObjectId, FILE_UPLOAD_MAX_BYTES: String(50 * 1024 * 1024) },
  });
  try {
    const office = harness.user(OFFICE);
    const url = host.serve(placementsCsv(count));
    let started = performance.now();
    await office.sendFile({ name: 'stages.csv', downloadUrl: url });
    const preview = (performance.now() - started) / 1000;
    const card = office.lastCard();
    if (!cardText(card).includes(`Nieuw\n${count}`)) throw new Error(`unexpected preview: ${cardText(card)}`);
    started = performance.now();
    // The click is answered at once; the harness waits for the import behind it and its update of the card.
    await office.click(card, 'Importeren');
    const importing = (performance.now() - started) / 1000;
    const text = cardText(office.lastUpdate());
    if (!text.includes('Stages ingelezen')) throw new Error(`unexpected answer: ${text}`);
    return { preview, importing, summary: text.split('\n').slice(0, 3).join(' ') };
  } finally {
    await harness.stop();
    await host.stop();
    await azurite.stop();
  }
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const file = path.join(projectRoot(), 'BENCHMARKS.md');
  for (const count of sizes.length > 0 ? sizes : [1000, 10000]) {
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    const { preview, importing } = await measure(count);
    console.log(
      `${count} rows: preview ${preview.toFixed(1)} s, import ${importing.toFixed(1)} s (load ${load})`,
    );
    addTableRow(
      file,
      TABLE_HEADING,
      `| ${new Date().toISOString().slice(0, 10)} | ${count} | ${preview.toFixed(1)} | ${importing.toFixed(1)} | ${load} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
