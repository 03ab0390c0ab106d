import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPlacementsCli } from '../../src/cli/placements';
// What the npm scripts preload in a checkout: commands without storage settings use its own Azurite.
import '../../src/local/commands';
import { ensureLocalAzurite, type LocalStorage } from '../../src/local/local-storage';

jest.setTimeout(90_000);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'placements.csv');
let root: string;
const running: LocalStorage[] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'bpv-checkouts-'));
});

afterEach(async () => {
  for (const storage of running.splice(0)) await storage.azurite?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function ensure(dataDir: string): Promise<LocalStorage> {
  const storage = await ensureLocalAzurite(dataDir);
  running.push(storage);
  return storage;
}

/** `npm run placements` in a checkout whose local data lives in `dataDir`. */
async function placements(dataDir: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlacementsCli(
    args,
    { LOCAL_DATA_DIR: dataDir },
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const keptPorts = (dataDir: string) =>
  JSON.parse(readFileSync(path.join(dataDir, 'azurite-ports.json'), 'utf8')) as {
    tablePort: number;
    queuePort: number;
    owner: string;
  };

describe("each checkout's own Azurite", () => {
  it('gives a second data folder ports of its own and keeps its data apart', async () => {
    const first = path.join(root, 'first', '.data');
    const second = path.join(root, 'second', '.data');
    const a = await ensure(first);
    const b = await ensure(second);
    expect([a.state, b.state]).toEqual(['started', 'started']);
    expect(new Set([a.tablePort, a.queuePort, b.tablePort, b.queuePort]).size).toBe(4);

    // The command of the first checkout attaches to its running Azurite, and says so.
    const imported = await placements(first, 'import', FIXTURE);
    expect(imported.code).toBe(0);
    expect(imported.err).toContain(`Opslag: de Azurite van ${first}, die al draait (blijft draaien)`);
    expect((await placements(first, 'list')).out).toMatch(/[1-9]\d* stage\(s\)/);
    // The second checkout sees none of it.
    expect((await placements(second, 'list')).out).toBe('0 stage(s)');
  });

  it('reuses its kept ports and data on the next start, and uses a running one without stopping it', async () => {
    const dataDir = path.join(root, '.data');
    const first = await ensure(dataDir);
    expect((await placements(dataDir, 'import', FIXTURE)).code).toBe(0);
    await first.azurite?.stop();

    const again = await ensure(dataDir);
    expect(again.state).toBe('started');
    expect([again.tablePort, again.queuePort]).toEqual([first.tablePort, first.queuePort]);
    expect((await placements(dataDir, 'list')).out).toMatch(/[1-9]\d* stage\(s\)/);

    const shared = await ensure(dataDir);
    expect(shared.state).toBe('running');
    expect(shared.azurite).toBeUndefined();
    expect(shared.connectionString).toBe(again.connectionString);
  });

  it("never attaches to another checkout's Azurite on its kept ports: it moves to new ones", async () => {
    const mine = path.join(root, 'mine', '.data');
    const theirs = path.join(root, 'theirs', '.data');
    const other = await ensure(theirs);
    expect((await placements(theirs, 'import', FIXTURE)).code).toBe(0);
    // This checkout kept the very ports the other one's Azurite now listens on.
    await ensure(mine).then((s) => s.azurite?.stop());
    writeFileSync(
      path.join(mine, 'azurite-ports.json'),
      JSON.stringify({ ...keptPorts(mine), tablePort: other.tablePort, queuePort: other.queuePort }),
    );

    const result = await placements(mine, 'list');
    expect(result.out).toBe('0 stage(s)');
    expect(result.err).toContain('gestart op nieuwe poorten (de bewaarde waren bezet)');
    expect(keptPorts(mine).tablePort).not.toBe(other.tablePort);
  });

  it('moves to new ports when another program holds its kept ones', async () => {
    const dataDir = path.join(root, '.data');
    await ensure(dataDir).then((s) => s.azurite?.stop());
    const kept = keptPorts(dataDir);
    const squatter: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(kept.tablePort, '127.0.0.1', resolve));
    try {
      const moved = await ensure(dataDir);
      expect(moved.state).toBe('moved');
      expect(moved.tablePort).not.toBe(kept.tablePort);
      expect(keptPorts(dataDir)).toMatchObject({ tablePort: moved.tablePort, owner: kept.owner });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
