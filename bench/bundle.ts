/**
 * `npm run bench:bundle`: builds the release zip (infra/bundle.sh), and measures its size, its file
 * count and the cold start of the unpacked zip: from spawning `node dist/src/main.js` to the first
 * answered request (`GET /healthz`, which reads storage) and the first answered trainer-page action
 * (`POST /praktijkopleider/api/action`, the web rim of the card actions), on an in-memory Azurite.
 * Writes the figures into BENCHMARKS.md between its markers.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startAzurite } from '../src/local/azurite';
import { projectRoot } from '../src/project-root';

const BEGIN = '<!-- npm run bench:bundle: figures below are written by bench/bundle.ts -->';
const END = '<!-- end of bundle figures -->';

async function coldStart(dir: string, connectionString: string): Promise<{ health: number; action: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      STORAGE_CONNECTION_STRING: connectionString,
      PORT: String(port),
      REMINDERS: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    let health = 0;
    while (!health) {
      try {
        if ((await fetch(`${url}/healthz`)).status === 200) health = performance.now() - started;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    const response = await fetch(`${url}/praktijkopleider/api/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t2.x.y.z.w' },
      body: JSON.stringify({ verb: 'start', data: {} }),
    });
    await response.arrayBuffer();
    return { health, action: performance.now() - started };
  } finally {
    child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const root = projectRoot();
  execFileSync('bash', [path.join(root, 'infra', 'bundle.sh')], { cwd: root, stdio: 'inherit' });
  const zip = path.join(root, 'dist', 'bpv-app.zip');
  const bytes = statSync(zip).size;
  const files = readFileSync(path.join(root, 'dist', 'bundle-files.txt'), 'utf8')
    .split('\n')
    .filter(Boolean).length;
  const dir = mkdtempSync(path.join(tmpdir(), 'bpv-bench-release-'));
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  const azurite = await startAzurite();
  const runs: { health: number; action: number }[] = [];
  try {
    for (let i = 0; i < 5; i++) runs.push(await coldStart(dir, azurite.connectionString));
  } finally {
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const lines = [
    BEGIN,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on this machine (Node ${process.versions.node}), 5 cold starts, median:`,
    '',
    '| release zip | files | cold start → first `/healthz` 200 | cold start → first trainer-page action answered |',
    '| --- | --- | --- | --- |',
    `| ${(bytes / 1024 / 1024).toFixed(1)} MB | ${files} | ${median(runs.map((r) => r.health)).toFixed(0)} ms | ${median(runs.map((r) => r.action)).toFixed(0)} ms |`,
    '',
    END,
  ].join('\n');
  const file = path.join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${lines}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n## The release zip and its cold start\n\n\`npm run bench:bundle\` (bench/bundle.ts).\n\n${lines}\n`;
  writeFileSync(file, next);
  process.stdout.write(`${lines}\n`);
}

void main();
