// Lists the files the bot reads at run time, for infra/bundle.sh: node-file-trace follows every
// require and import from the entry points (and the files read by path next to them), so the
// release holds the compiled code and the parts of the production dependencies it uses, and
// nothing else. Prints one path a line, relative to the bundle folder.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { nodeFileTrace } from '@vercel/nft';

const base = process.argv[2];
if (!base) throw new Error('usage: node infra/trace-bundle.mjs <project folder>');
const cli = readdirSync(path.join(base, 'dist/src/cli'))
  .filter((name) => name.endsWith('.js'))
  .map((name) => path.join(base, 'dist/src/cli', name));
const entries = [path.join(base, 'dist/src/main.js'), ...cli];
const { fileList, warnings } = await nodeFileTrace(entries, { base, processCwd: base });
for (const warning of warnings) {
  if (!/Failed to resolve dependency/.test(String(warning.message))) continue;
  process.stderr.write(`${warning.message}\n`);
}
for (const file of [...fileList].sort()) process.stdout.write(`${file}\n`);
