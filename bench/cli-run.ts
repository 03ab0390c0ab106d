import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/project-root';

/** What one command run in a child process took, and what it printed. */
export interface CliRun {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly stdout: string;
  readonly code: number | null;
}

/**
 * Runs `cli args…` (bench/cli-child.ts) against the given storage, with the Node flags (the heap
 * ceiling) its npm script in package.json runs it with.
 */
export async function runCli(
  cli: 'placements' | 'export' | 'backup',
  args: readonly string[],
  connectionString: string,
): Promise<CliRun> {
  const scripts = (
    JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    }
  ).scripts;
  const nodeFlags = new RegExp(`node (--[^ ]+ )*dist/src/cli/${cli}\\.js`)
    .exec(scripts?.[cli] ?? '')?.[0]
    .split(' ')
    .filter((word) => word.startsWith('--'));
  const child = spawn(
    process.execPath,
    [...(nodeFlags ?? []), path.join(__dirname, 'cli-child.js'), cli, ...args],
    {
      env: { ...process.env, STORAGE_CONNECTION_STRING: connectionString, TABLE_PREFIX: 'bench' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const started = process.hrtime.bigint();
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: Number(/cpu-ms (\d+)/.exec(stdout)?.[1] ?? 0) / 1000,
    peakRssMb: Math.round(Number(/peak-rss-kb (\d+)/.exec(stdout)?.[1] ?? 0) / 1024),
    stdout,
    code,
  };
}
