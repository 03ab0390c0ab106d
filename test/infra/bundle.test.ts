import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/local/azurite';
import { projectRoot } from '../../src/project-root';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';

const root = projectRoot();
const zip = path.join(root, 'dist', 'bpv-app.zip');
/** What App Service unpacks and mounts; the limit for a quick deploy and cold start. */
const MAX_BYTES = 40 * 1024 * 1024;

let files: string[] = [];
let unpacked = '';
let bot: ChildProcess | undefined;

beforeAll(() => {
  execFileSync('bash', [path.join(root, 'infra', 'bundle.sh')], { cwd: root, stdio: 'pipe' });
  files = readFileSync(path.join(root, 'dist', 'bundle-files.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);
  unpacked = mkdtempSync(path.join(tmpdir(), 'bpv-release-'));
  execFileSync('unzip', ['-q', zip, '-d', unpacked]);
}, 300_000);

afterAll(() => {
  bot?.kill('SIGKILL');
  if (unpacked) rmSync(unpacked, { recursive: true, force: true });
});

describe('npm run bundle', () => {
  it(`makes a zip of at most ${MAX_BYTES / 1024 / 1024} MB`, () => {
    expect(statSync(zip).size).toBeLessThanOrEqual(MAX_BYTES);
    expect(files.length).toBeLessThan(10_000);
  });

  it('holds the compiled bot, its data files and the production dependencies it uses', () => {
    for (const file of [
      'dist/src/main.js',
      'dist/src/cli/backup.js',
      'package.json',
      'src/qualifications/ict-beheerder.json',
      'node_modules/botbuilder/package.json',
      'node_modules/@azure/data-tables/package.json',
      'node_modules/@azure/storage-blob/package.json',
      'node_modules/pdfkit/package.json',
      'node_modules/adaptivecards/dist/adaptivecards.min.js',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => f.startsWith('cards/') && f.endsWith('.json'))).toBe(true);
    expect(files.some((f) => f.startsWith('assets/fonts/'))).toBe(true);
  });

  it('holds no development tool, test, TypeScript source or local mode', () => {
    const forbidden = [
      /^node_modules\/typescript\//,
      /^node_modules\/azurite\//,
      /^node_modules\/@microsoft\/m365agentsplayground\//,
      /^node_modules\/@sparticuz\/chromium\//,
      /^node_modules\/playwright-core\//,
      /^node_modules\/jest/,
      /^node_modules\/ts-jest\//,
      /^node_modules\/@biomejs\//,
      /^node_modules\/node\//,
      /^node_modules\/@vercel\/nft\//,
      /^test\//,
      /^bench\//,
      /^src\/.*\.ts$/,
      // Local mode (Azurite, Playgrounds, the language relay, the mail catcher) is not compiled for it.
      /^dist\/src\/local\//,
    ];
    expect(files.filter((f) => forbidden.some((pattern) => pattern.test(f)))).toEqual([]);
  });

  it('without storage settings refuses to start, naming what to set: it has no local mode', async () => {
    const refused = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: unpacked,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    refused.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    refused.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => refused.once('exit', resolve));
    expect(code).toBe(2);
    expect(output).toMatch(/STORAGE_ACCOUNT_NAME: no storage is set/);
    expect(output).not.toMatch(/Storage: Azurite/);
  }, 60_000);

  it('starts from the unpacked zip alone and answers', async () => {
    const port = await freePort();
    bot = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: unpacked,
      env: {
        PATH: process.env.PATH ?? '',
        STORAGE_CONNECTION_STRING: storageConnectionString(),
        TABLE_PREFIX: uniqueTablePrefix(),
        PORT: String(port),
        REMINDERS: 'off',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      bot?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"event":"listening"')) resolve();
      });
      bot?.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      bot?.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/praktijkopleider/assets/adaptivecards.min.js`)).status).toBe(200);
  }, 60_000);
});
