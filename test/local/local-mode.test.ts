import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import {
  accepts,
  type LocalProcess,
  listeningAddresses,
  MAIN,
  pidsOf,
  startLocalProcess,
} from '../support/local-process';

jest.setTimeout(90_000);

let dataDir: string;

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: npm test builds it first (npm run build)`);
});

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'bpv-local-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` without the Playgrounds, on this test's own data folder. */
async function startLocalMode(): Promise<{ local: LocalProcess; botPort: number }> {
  const local = startLocalProcess({
    LOCAL_DATA_DIR: dataDir,
    PORT: '0',
    PLAYGROUND: 'off',
    LOG_LEVEL: 'debug',
  });
  await local.waitFor(/BPV bot is running/);
  const [, port] = await local.waitFor(/"event":"listening","port":(\d+)/);
  return { local, botPort: Number(port) };
}

function storagePorts(): { tablePort: number; queuePort: number } {
  return JSON.parse(readFileSync(path.join(dataDir, 'azurite-ports.json'), 'utf8'));
}

/** The `part`s of the "stopped" log lines, in the order they were written. */
function stoppedParts(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"event":"stopped","part"'))
    .map((line) => (JSON.parse(line) as { part: string }).part);
}

describe('local mode from start to Ctrl-C', () => {
  it('stops on one Ctrl-C in reverse order of start, storage last, without a warning', async () => {
    const { local } = await startLocalMode();
    const { tablePort, queuePort } = storagePorts();
    expect(await accepts(tablePort)).toBe(true);

    // The terminal signals the whole group; storage must outlive the bot all the same.
    local.ctrlC();
    // The output goes with the code, so that a failure shows what the process said.
    expect({ code: await local.exited, output: local.output() }).toMatchObject({ code: 0 });

    expect(stoppedParts(local.output())).toEqual(['bot', 'mail catcher', 'storage']);
    const warnings = local
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{') && (JSON.parse(line) as { level: number }).level >= 40);
    expect(warnings).toEqual([]);
    expect(local.output()).not.toMatch(/Error|\n\s+at /);
    expect(await accepts(tablePort)).toBe(false);
    expect(await accepts(queuePort)).toBe(false);
  });

  it('ends at once on a second Ctrl-C while the first is still waiting, storage included', async () => {
    const { local } = await startLocalMode();
    const { tablePort, queuePort } = storagePorts();
    // Storage that hangs keeps the graceful stop waiting (for the reminder worker's last write,
    // then for Azurite itself): the case in which a person presses Ctrl-C again.
    const [tablePid] = pidsOf('azurite-table', path.join(dataDir, 'azurite'));
    expect(tablePid).toBeDefined();
    process.kill(tablePid as number, 'SIGSTOP');

    local.ctrlC();
    await local.waitFor(/"event":"stopping"/);
    // A signal within this window counts as the first Ctrl-C: npm passes on the one the terminal sent.
    await new Promise((resolve) => setTimeout(resolve, 600));
    local.ctrlC();

    expect({ code: await local.exited, output: local.output() }).toMatchObject({ code: 130 });
    expect(local.output()).not.toContain('"event":"stopped"');
    expect(await accepts(tablePort)).toBe(false);
    expect(await accepts(queuePort)).toBe(false);
  });

  it('one Ctrl-C as npm delivers it (the terminal and npm each send SIGINT) still stops gracefully', async () => {
    const { local } = await startLocalMode();
    local.ctrlC();
    local.ctrlC();
    expect({ code: await local.exited, output: local.output() }).toMatchObject({ code: 0 });
    expect(stoppedParts(local.output())).toEqual(['bot', 'mail catcher', 'storage']);
  });

  it('listens on loopback only: the bot and its storage', async () => {
    const { local, botPort } = await startLocalMode();
    try {
      const { tablePort, queuePort } = storagePorts();
      for (const port of [botPort, tablePort, queuePort]) {
        expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
      }
      const external = Object.values(networkInterfaces())
        .flat()
        .filter((address) => address && !address.internal && address.family === 'IPv4');
      for (const address of external) {
        expect(await accepts(botPort, address?.address)).toBe(false);
      }
      expect(await accepts(botPort)).toBe(true);
    } finally {
      local.ctrlC();
      await local.exited;
    }
  });
});
