import { runPlacementsCli } from '../../src/cli/placements';
import { storageConnectionString } from './bot-harness';

/** `npm run placements -- <args>` against the test Azurite's tables with `prefix`; output kept. */
export async function runPlacements(prefix: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlacementsCli(
    args,
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: prefix },
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
