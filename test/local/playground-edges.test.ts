import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/local/azurite';
import { DEMO_PEOPLE } from '../../src/local/demo';
import { installApp, type PlaygroundHandle } from '../../src/local/playground';
import { type LocalStack, playgroundUser, startLocalStack } from '../../src/local/run-local';
import { createLogger } from '../../src/logger';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';
import { accepts, listeningAddresses } from '../support/local-process';

jest.setTimeout(120_000);

/** The demo stack of `npm start` (bot, demo placement, three Playgrounds) in `locale`, on fresh tables. */
async function startDemo(env: Record<string, string>): Promise<{ stack: LocalStack; workDir: string }> {
  const config = loadConfig({
    PORT: '0',
    STORAGE_CONNECTION_STRING: storageConnectionString(),
    TABLE_PREFIX: uniqueTablePrefix(),
    LOG_LEVEL: 'silent',
    REMINDERS: 'off',
    ...env,
  });
  const workDir = mkdtempSync(path.join(tmpdir(), 'bpv-demo-'));
  const stack = await startLocalStack({
    config: { ...config, host: '127.0.0.1' },
    logger: createLogger('silent'),
    connectionString: storageConnectionString(),
    workDir,
    playgroundPorts: { student: await freePort(), trainer: await freePort(), supervisor: await freePort() },
  });
  return { stack, workDir };
}

/** What the Playground's chat shows: every message it pushes to its web UI, as JSON text. */
class ChatStream {
  private readonly messages: string[] = [];
  private readonly waiters = new Set<() => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      this.messages.push(String(event.data));
      for (const check of [...this.waiters]) check();
    });
  }

  static async open(playground: PlaygroundHandle): Promise<ChatStream> {
    const socket = new WebSocket(
      `ws://127.0.0.1:${playground.port}/_ws_conversation/v1/conversations/stream`,
    );
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', reject, { once: true });
    });
    return new ChatStream(socket);
  }

  /** Resolves with the first message pushed (before or after the call) that matches `pattern`. */
  waitFor(pattern: RegExp): Promise<string> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.messages.find((message) => pattern.test(message));
        if (found === undefined) return;
        this.waiters.delete(check);
        resolve(found);
      };
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** What the Playground's web UI posts when the person types `text` and presses Send. */
function type(playground: PlaygroundHandle, text: string): Promise<number> {
  const user = playgroundUser(DEMO_PEOPLE.student);
  const target = new URL(
    `/_conversation/v1/conversations/${encodeURIComponent(playground.personalChatId)}/messages`,
    playground.url,
  );
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ type: 'text', text, textFormat: 'plain', from: { id: user.id } }));
  });
}

describe("the local demo's Playgrounds", () => {
  let demo: { stack: LocalStack; workDir: string } | undefined;

  afterEach(async () => {
    await demo?.stack.stop();
    if (demo) rmSync(demo.workDir, { recursive: true, force: true });
    demo = undefined;
  });

  it('speak Dutch by default, though the Playground reports en-US, and listen on loopback only', async () => {
    demo = await startDemo({});
    const student = demo.stack.playgrounds.student as PlaygroundHandle;

    for (const playground of Object.values(demo.stack.playgrounds)) {
      expect(listeningAddresses(playground.port)).toEqual(['127.0.0.1']);
      const external = Object.values(networkInterfaces())
        .flat()
        .filter((address) => address && !address.internal && address.family === 'IPv4');
      for (const address of external) expect(await accepts(playground.port, address?.address)).toBe(false);
    }

    const chat = await ChatStream.open(student);
    try {
      await installApp(student.url, student.personalChatId);
      const welcome = await chat.waitFor(/Welkom, Sanne|Welcome, Sanne/);
      expect(welcome).toContain('Welkom, Sanne');
      expect(await type(student, 'help')).toBeLessThan(300);
      expect(await chat.waitFor(/Zo werkt het|How it works/)).toContain('Zo werkt het');
    } finally {
      chat.close();
    }
  });

  it('speak English with DEMO_LOCALE=en', async () => {
    demo = await startDemo({ DEMO_LOCALE: 'en' });
    const student = demo.stack.playgrounds.student as PlaygroundHandle;
    const chat = await ChatStream.open(student);
    try {
      await installApp(student.url, student.personalChatId);
      expect(await chat.waitFor(/Welkom, Sanne|Welcome, Sanne/)).toContain('Welcome, Sanne');
    } finally {
      chat.close();
    }
  });
});
