/**
 * One command of a CLI (`placements …`, `export …` or `backup …`) in a process of its own, so a benchmark sees
 * that command's own CPU and peak memory. Prints the command's output, then `cpu-ms <n>` and
 * `peak-rss-kb <n>`.
 */
import { runBackupCli } from '../src/cli/backup';
import { runExportCli } from '../src/cli/export';
import { runPlacementsCli } from '../src/cli/placements';

const CLIS = { placements: runPlacementsCli, export: runExportCli, backup: runBackupCli } as const;

async function main(): Promise<void> {
  const [cli = '', ...args] = process.argv.slice(2);
  const run = CLIS[cli as keyof typeof CLIS];
  if (!run) throw new Error(`unknown command line tool '${cli}'`);
  const code = await run(
    args,
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
  const usage = process.resourceUsage();
  process.stdout.write(`cpu-ms ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
  process.stdout.write(`peak-rss-kb ${usage.maxRSS}\n`);
  process.exitCode = code;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
