/**
 * One `export agreements` in a process of its own, so the benchmark sees that export's own peak
 * memory. Prints the command's output, then `cpu-ms <n>` and `peak-rss-kb <n>`.
 */
import { runExportCli } from '../src/cli/export';

async function main(): Promise<void> {
  const code = await runExportCli(
    ['agreements', '--format', 'pdf,csv,json', '--out', process.argv[2] ?? ''],
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
