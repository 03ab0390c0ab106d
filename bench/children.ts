import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProcessMemory } from './bot-process';

/** A benchmark process (the bot, the floor bot) started by the benchmark and ended by it. */
export interface BenchChild {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  memory(): Promise<ProcessMemory>;
  /** CPU seconds (user + system) the process has used so far, from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Starts `script` (a compiled file next to this one) with `env` and waits for its `listening <url>` line. */
export async function startChild(
  script: string,
  env: Record<string, string>,
  onLine?: (line: string) => void,
): Promise<BenchChild> {
  const child = fork(path.join(__dirname, script), [], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    ],
  });
  let output = '';
  let partial = '';
  if (onLine)
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
      // Keep only the tail: a long run logs a lot.
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => reject(new Error(`${script} ended (${code}) before listening:\n${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    memory: () =>
      new Promise<ProcessMemory>((resolve) => {
        const answer = (message: unknown) => {
          const memory = (message as { memory?: ProcessMemory }).memory;
          if (!memory) return;
          child.off('message', answer);
          resolve(memory);
        };
        child.on('message', answer);
        child.send('memory');
      }),
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send('stop');
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** User + system CPU seconds of a process (Linux /proc; 0 elsewhere or once it has ended). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The pid of the Azurite service listening on `port` (Linux /proc), to read its CPU time. */
export function azuritePid(service: 'table' | 'queue', port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf(`--${service}Port`);
      if (at >= 0 && args[at + 1] === String(port)) return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}
