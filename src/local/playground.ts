import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { projectRoot } from '../project-root';

/**
 * Launcher for the Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`), the local
 * Teams emulator used by the browser tests. See docs/testing.md (the Agents Playground section) for
 * what it sends and how to drive its web UI.
 */

/** File name the playground reads from its working directory (or M365_AGENTS_PLAYGROUND_CONFIG_PATH). */
export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';

/** The playground's schema demands exactly this many entries in `users` (besides `currentUser`). */
export const PLAYGROUND_OTHER_USERS = 5;

/** A mocked tenant user; what `TeamsInfo.getMember` returns for `id`. */
export interface PlaygroundUser {
  /** Channel account id: `activity.from.id`, and the only key `TeamsInfo.getMember` resolves. */
  id: string;
  aadObjectId: string;
  /** Display name (max 256 characters). */
  name: string;
  givenName: string;
  surname: string;
  email: string;
  /** Written as the yml's (misspelled) `userPrincipleName`; defaults to `email`. */
  userPrincipalName?: string;
}

/** Tenant, bot and conversation ids for the generated config; each has a fixed default. */
export interface PlaygroundConfigOptions {
  tenantId?: string;
  botId?: string;
  /** Max 42 characters. */
  botName?: string;
  /**
   * `conversation.id` of the personal chat between `currentUser` and the bot; defaults to one derived
   * from the user's id, so several playgrounds (one per user) against one bot don't share a conversation.
   */
  personalChatId?: string;
  groupChatId?: string;
  teamId?: string;
}

export const PLAYGROUND_DEFAULTS = {
  tenantId: '00000000-0000-4000-8000-00000000a001',
  botId: '28:00000000-0000-4000-8000-00000000b001',
  botName: 'Playground Bot',
  groupChatId: 'playground-group-chat',
  teamId: 'playground-team',
} as const satisfies Required<Omit<PlaygroundConfigOptions, 'personalChatId'>>;

/** The default personal chat `conversation.id` for `user`. */
export function defaultPersonalChatId(user: Pick<PlaygroundUser, 'id'>): string {
  return `playground-personal:${user.id.replace(/[^A-Za-z0-9:._-]/g, '-')}`;
}

type YamlValue = string | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/**
 * A YAML double-quoted scalar. JSON string syntax is a subset of it; the characters YAML reads as line
 * breaks or a byte-order mark, which JSON.stringify leaves raw, are escaped as well.
 */
function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u0085\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Block-style YAML for plain strings, lists and maps. Keys must be plain identifiers. */
function yamlLines(value: YamlValue, indent: string): string[] {
  if (typeof value === 'string') return [`${indent}${yamlString(value)}`];
  if (Array.isArray(value)) {
    return (value as readonly YamlValue[]).flatMap((item) => {
      const lines = yamlLines(item, `${indent}  `);
      const [first = '', ...rest] = lines;
      return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
    });
  }
  return Object.entries(value as { readonly [key: string]: YamlValue }).flatMap(([key, child]) => {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) throw new Error(`Unsupported YAML key: ${key}`);
    if (typeof child === 'string') return [`${indent}${key}: ${yamlString(child)}`];
    if (Array.isArray(child) && child.length === 0) return [`${indent}${key}: []`];
    return [`${indent}${key}:`, ...yamlLines(child, `${indent}  `)];
  });
}

function userEntry(user: PlaygroundUser): YamlValue {
  return {
    id: user.id,
    name: user.name,
    userPrincipleName: user.userPrincipalName ?? user.email,
    aadObjectId: user.aadObjectId,
    givenName: user.givenName,
    surname: user.surname,
    email: user.email,
  };
}

function fillerUser(n: number): PlaygroundUser {
  const hex = n.toString(16).padStart(12, '0');
  return {
    id: `playground-filler-${n}`,
    aadObjectId: `00000000-0000-4000-8000-${hex}`,
    name: `Filler User ${n}`,
    givenName: 'Filler',
    surname: `User ${n}`,
    email: `filler${n}@playground.invalid`,
  };
}

/**
 * Writes a valid `.m365agentsplayground.yml` into `dir` and returns its path. `others` (at most five) are
 * padded with generic fake users to the exactly-five the playground's schema requires.
 */
export function writePlaygroundConfig(
  dir: string,
  currentUser: PlaygroundUser,
  others: readonly PlaygroundUser[],
  options: PlaygroundConfigOptions = {},
): string {
  if (others.length > PLAYGROUND_OTHER_USERS) {
    throw new Error(
      `The playground takes at most ${PLAYGROUND_OTHER_USERS} other users, got ${others.length}`,
    );
  }
  const users = [...others];
  const taken = new Set([currentUser.id, ...others.map((u) => u.id)]);
  if (taken.size !== others.length + 1) throw new Error('Playground user ids must be unique');
  for (let n = 1; users.length < PLAYGROUND_OTHER_USERS; n++) {
    const filler = fillerUser(n);
    if (!taken.has(filler.id)) users.push(filler);
  }
  const o = {
    tenantId: options.tenantId ?? PLAYGROUND_DEFAULTS.tenantId,
    botId: options.botId ?? PLAYGROUND_DEFAULTS.botId,
    botName: options.botName ?? PLAYGROUND_DEFAULTS.botName,
    personalChatId: options.personalChatId ?? defaultPersonalChatId(currentUser),
    groupChatId: options.groupChatId ?? PLAYGROUND_DEFAULTS.groupChatId,
    teamId: options.teamId ?? PLAYGROUND_DEFAULTS.teamId,
  };
  const conversationIds = new Set([o.personalChatId, o.groupChatId, o.teamId]);
  if (conversationIds.size !== 3) throw new Error('Playground chat and team ids must be unique');

  const config: YamlValue = {
    version: '0.1.1',
    tenantId: o.tenantId,
    bot: { id: o.botId, name: o.botName },
    currentUser: userEntry(currentUser),
    users: users.map(userEntry),
    personalChat: { id: o.personalChatId },
    groupChat: { id: o.groupChatId, name: 'Group Chat' },
    team: { id: o.teamId, name: 'Team', aadGroupId: '00000000-0000-4000-8000-00000000c001', channels: [] },
  };
  const file = path.join(dir, PLAYGROUND_CONFIG_FILE);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `# Generated by src/local/playground.ts\n${yamlLines(config, '').join('\n')}\n`);
  return file;
}

export interface PlaygroundOptions {
  /** Port for the playground UI and its mocked connector; 0 lets it pick one. */
  port: number;
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Working directory; receives the yml and the playground's log (devTools/m365agentsplayground.log). */
  workDir: string;
  user: PlaygroundUser;
  others: readonly PlaygroundUser[];
  config?: PlaygroundConfigOptions;
  /** Extra environment for the playground process, e.g. `{ TZ: 'Europe/Amsterdam' }` (sets localTimezone). */
  env?: Readonly<Record<string, string>>;
  /** How long to wait for readiness before giving up; default 30 s. */
  timeoutMs?: number;
}

export interface PlaygroundHandle {
  /** Web UI, e.g. http://127.0.0.1:56150 (it listens on loopback only). */
  readonly url: string;
  /** The port actually bound: the playground silently falls back to a random one if `port` is taken. */
  readonly port: number;
  /** `conversation.id` of the personal chat, for installApp(). */
  readonly personalChatId: string;
  readonly configPath: string;
  /** The playground's own log; with a non-TTY stdout everything except the ready line goes here. */
  readonly logPath: string;
  /** Everything the process printed on stdout/stderr so far. */
  output(): string;
  stop(): Promise<void>;
  /** Ends it at once (SIGKILL), for a second Ctrl-C; resolves when it is gone. */
  kill(): Promise<void>;
}

const READY_LINE = /Listening on (\d+)/;

/**
 * The Playground offers no option for its address and listens on every interface, which would
 * let anyone on the network act as the demo's users. Loaded with `--require` before it, this makes
 * a listen without an address bind to loopback, as the bot does in local mode.
 */
const LOOPBACK_PRELOAD = `'use strict';
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (first && typeof first === 'object' && 'port' in first && first.host === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
`;
export const PLAYGROUND_HOST = '127.0.0.1';
const MAX_OUTPUT = 64 * 1024;

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Signals the child's process group (it is spawned detached), falling back to the child alone. */
function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** GET the playground's `/_debug/ping`: 'up' (pong), 'broken' (backend not mounted) or 'down'. */
function ping(port: number): Promise<'up' | 'broken' | 'down'> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_debug/ping', timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(res.statusCode === 200 && body === 'pong' ? 'up' : 'broken'));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve('down'));
  });
}

function readLog(logPath: string): string {
  try {
    return existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
  } catch {
    return '';
  }
}

/** The log's `error` lines (e.g. "Reason: ConfigFileParseError ...") first, then the whole log. */
function summarizeLog(logPath: string): string {
  const log = readLog(logPath).trim();
  const errors = log.split('\n').filter((line) => line.startsWith('error '));
  return errors.length > 0 ? `${errors.join('\n')}\n--- full log ---\n${log}` : log;
}

/**
 * Writes the config into `workDir`, spawns `agentsplayground` there and resolves once its HTTP server and
 * backend are up (the "Listening on <port>" stdout line, then `/_debug/ping` answering "pong"). Rejects,
 * with the captured output and log, if it exits first (e.g. an invalid yml) or is not ready in time.
 */
export function startPlayground(opts: PlaygroundOptions): Promise<PlaygroundHandle> {
  const configPath = writePlaygroundConfig(opts.workDir, opts.user, opts.others, opts.config);
  const logPath = path.join(opts.workDir, 'devTools', 'm365agentsplayground.log');
  const personalChatId = opts.config?.personalChatId ?? defaultPersonalChatId(opts.user);
  const preload = path.join(opts.workDir, 'loopback.cjs');
  writeFileSync(preload, LOOPBACK_PRELOAD);
  const cli = path.join(projectRoot(), 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const args = [
    ...['--require', preload, cli],
    ...['-e', opts.botEndpoint, '-c', 'msteams', '-p', String(opts.port), '--disable-telemetry'],
  ];
  const child = spawn(process.execPath, args, {
    cwd: opts.workDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Without this it tries to open the UI in a desktop browser.
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: logPath,
      ...opts.env,
    },
  });

  let output = '';
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);

  // Don't leave an orphan behind if the test process exits without calling stop().
  const killOnExit = () => {
    if (isRunning(child)) signalTree(child, 'SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      process.off('exit', killOnExit);
      if (!isRunning(child)) {
        resolve();
        return;
      }
      const timer = setTimeout(() => signalTree(child, 'SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      signalTree(child, 'SIGTERM');
    });
    return stopping;
  };

  return new Promise<PlaygroundHandle>((resolve, reject) => {
    let settled = false;
    const describe = (why: string) =>
      new Error(
        `agentsplayground ${why}\n--- output ---\n${output.trim()}\n--- ${logPath} ---\n${summarizeLog(logPath)}`,
      );
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void stop().then(() => reject(error));
    };
    const deadline = setTimeout(
      () => fail(describe(`was not ready within ${opts.timeoutMs ?? 30_000} ms`)),
      opts.timeoutMs ?? 30_000,
    );

    child.once('error', (error) => fail(describe(`could not be started: ${error.message}`)));
    // A rejected yml still prints the ready line first, then logs the reason and exits with code 1.
    child.once('exit', (code, signal) => fail(describe(`exited early (code ${code}, signal ${signal})`)));

    const awaitBackend = async (port: number) => {
      for (;;) {
        if (settled || !isRunning(child)) return;
        const state = await ping(port);
        if (state === 'up') break;
        // 'broken': the config was rejected and the process is about to exit(1); the exit handler reports it.
        await new Promise((r) => setTimeout(r, state === 'broken' ? 250 : 100));
      }
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      child.stdout?.off('data', onReadyLine);
      resolve({
        url: `http://${PLAYGROUND_HOST}:${port}`,
        port,
        personalChatId,
        configPath,
        logPath,
        output: () => output,
        stop,
        kill: () => {
          process.off('exit', killOnExit);
          if (!isRunning(child)) return Promise.resolve();
          const exited = new Promise<void>((done) => child.once('exit', () => done()));
          signalTree(child, 'SIGKILL');
          return exited;
        },
      });
    };

    const onReadyLine = () => {
      const match = READY_LINE.exec(output);
      if (!match?.[1]) return;
      child.stdout?.off('data', onReadyLine);
      void awaitBackend(Number(match[1]));
    };
    child.stdout?.on('data', onReadyLine);
  });
}

/**
 * Sends the installationUpdate (action "add") and conversationUpdate (membersAdded: user + bot) that the
 * web UI sends on every page load, or that "Mock an Activity > Install application" sends. For tests
 * that talk to the bot without a browser.
 */
export function installApp(url: string, conversationId: string): Promise<void> {
  const target = new URL(`/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`installation for ${conversationId} failed: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}
