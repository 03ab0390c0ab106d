import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { loadQualificationCatalog } from '../qualifications/catalog';
import { startBot } from '../server';
import { KeyHasher } from '../storage/keys';
import { PlacementRepository } from '../storage/placement-repository';
import { connectionStringTarget } from '../storage/storage-target';
import { TableStore } from '../storage/table-store';
import { DEMO_OFFICE, DEMO_PEOPLE, type DemoPerson, demoPlacement, demoPlacementsCsv } from './demo';
import { startLocaleRelay } from './demo-locale-relay';
import { describeLocalStorage, ensureLocalAzurite, localDataDir } from './local-storage';
import { type CaughtMail, MailCatcher } from './mail-catcher';
import { type PlaygroundHandle, type PlaygroundUser, startPlayground } from './playground';

export type DemoRole = keyof typeof DEMO_PEOPLE;
const DEMO_ROLES: readonly DemoRole[] = ['student', 'trainer', 'supervisor', 'coordinator'];

/** The Playground ports of the demo roles. */
export const PLAYGROUND_PORTS: Readonly<Record<DemoRole, number>> = {
  student: 56150,
  trainer: 56151,
  supervisor: 56152,
  coordinator: 56153,
};

/** The Playground port of the BPV office's tab. */
export const OFFICE_PLAYGROUND_PORT = 56159;

/** A Playground tab: one of the demo placement's people, or the BPV office. */
export type DemoTab = DemoRole | 'office';

export function playgroundUser(person: DemoPerson): PlaygroundUser {
  return {
    id: `29:${person.aadObjectId}`,
    aadObjectId: person.aadObjectId,
    name: `${person.givenName} ${person.surname}`,
    givenName: person.givenName,
    surname: person.surname,
    email: person.email,
  };
}

export interface LocalStackOptions {
  config: Config;
  logger: Logger;
  connectionString: string;
  /** Playground port per role (and the office's); a role without one gets no Playground, and none start when omitted. */
  playgroundPorts?: Readonly<Partial<Record<DemoRole, number>>> & { readonly office?: number };
  /** Where each Playground keeps its config and log. */
  workDir: string;
  /** Where local mode's mail catcher writes each mail in full; not written when omitted. */
  mailDir?: string;
  now?: () => Date;
}

/** The bot, the demo placement and (optionally) one Playground per demo role. */
export interface LocalStack {
  readonly botUrl: string;
  readonly playgrounds: Partial<Record<DemoTab, PlaygroundHandle>>;
  /** The demo placements as a CSV file, for the office tab to send. */
  readonly demoCsv: string;
  /** Stops in reverse order of start: the Playgrounds, then the bot (its schedules, then its server). */
  stop(): Promise<void>;
  /** Ends the Playgrounds at once (the bot ends with the process); resolves when they are gone. */
  kill(): Promise<void>;
}

/** Seeds the demo placement (idempotently) and starts the bot and the Playgrounds on the given storage. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { config, logger } = options;
  const stops: [part: string, stop: () => Promise<void>][] = [];
  const kills: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const [part, fn] of stops.splice(0).reverse()) {
      await fn().catch(() => undefined);
      logger.debug({ event: 'stopped', part }, `${part} stopped`);
    }
  };
  const kill = async () => {
    await Promise.all(kills.splice(0).map((fn) => fn()));
  };
  try {
    const qualifications = loadQualificationCatalog();
    const store = new TableStore(
      options.connectionString,
      config.tablePrefix,
      KeyHasher.keyed(config.emailHashKey),
    );
    await store.ensureTables();
    const today = options.now?.() ?? new Date();
    const demo = demoPlacement(today);
    const placements = new PlacementRepository(store);
    // Seeded once: what the office imported for it since (a coordinator, the trainer's contact) stays.
    const demoId = store.keys.placementKey(demo.student.email, demo.qualificationId, demo.startDate);
    const outcome = (await placements.get(demoId))
      ? 'kept'
      : (await placements.importPlacement(demo)).outcome;
    logger.info({ event: 'demo_seeded', outcome }, 'demo placement ready');

    // The demo office member is the office here; the demo file sits ready for its tab.
    const demoCsv = path.join(options.workDir, 'demo-stages.csv');
    mkdirSync(options.workDir, { recursive: true });
    writeFileSync(demoCsv, demoPlacementsCsv(today));
    const office = { ...config.office, users: [...config.office.users, DEMO_OFFICE.aadObjectId] };
    const bot = await startBot({
      config: { ...(await withMailCatcher(config, stops, options.mailDir)), office },
      storage: connectionStringTarget(options.connectionString),
      logger,
      qualifications,
      ...(options.now ? { now: options.now } : {}),
    });
    stops.push(['bot', () => bot.close()]);

    const playgrounds: Partial<Record<DemoTab, PlaygroundHandle>> = {};
    if (options.playgroundPorts) {
      const relay = await startLocaleRelay(`${bot.url}/api/messages`, config.demoLocale);
      stops.push(['locale relay', () => relay.close()]);
      const people = DEMO_ROLES.map((role) => playgroundUser(DEMO_PEOPLE[role]));
      const ports = options.playgroundPorts;
      const tabs: DemoTab[] = [...DEMO_ROLES, 'office'];
      for (const role of tabs) {
        const port = role === 'office' ? ports.office : ports[role];
        if (port === undefined) continue;
        const user = playgroundUser(role === 'office' ? DEMO_OFFICE : DEMO_PEOPLE[role]);
        const workDir = path.join(options.workDir, role);
        mkdirSync(workDir, { recursive: true });
        const playground = await startPlayground({
          port,
          botEndpoint: relay.url,
          workDir,
          user,
          others: people.filter((p) => p.id !== user.id),
          config: { botName: 'BPV-afspraken' },
        });
        stops.push([`playground ${role}`, () => playground.stop()]);
        kills.push(() => playground.kill());
        playgrounds[role] = playground;
      }
    }
    return { botUrl: bot.url, playgrounds, demoCsv, stop, kill };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Local mode's mail: unless `MAIL_TRANSPORT` says otherwise, an SMTP server on loopback catches
 * every mail, prints its subject and links here, and writes it whole into `mailDir` (the plain
 * text to read, the `.eml` to open in a mail program), so the trainer's page can be tried and a
 * newcomer can read what the trainer received.
 */
async function withMailCatcher(
  config: Config,
  stops: [string, () => Promise<void>][],
  mailDir: string | undefined,
): Promise<Config> {
  if (config.mail.transport !== 'local') return config;
  const catcher = await MailCatcher.start();
  stops.push(['mail catcher', () => catcher.stop()]);
  if (mailDir) mkdirSync(mailDir, { recursive: true });
  catcher.onMail((mail) => {
    const saved = mailDir ? saveCaughtMail(mailDir, mail) : undefined;
    process.stdout.write(
      `\nE-mail (lokaal opgevangen): ${mail.subject}\n${mail.links.map((l) => `  ${l}`).join('\n')}\n${
        saved ? `  Hele e-mail: ${saved}\n` : ''
      }`,
    );
  });
  return {
    ...config,
    mail: { transport: 'smtp', smtpUrl: catcher.url, from: 'BPV-bureau <bpv@localhost>' },
  };
}

/** Writes a caught mail as `<time>-<n>.txt` (headers and plain text) and `.eml` (as sent); returns the text file. */
export function saveCaughtMail(mailDir: string, mail: CaughtMail): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = path.join(mailDir, `${stamp}-${String(readdirSync(mailDir).length).padStart(4, '0')}`);
  const head = [`Van: ${mail.from}`, `Aan: ${mail.to.join(', ')}`, `Onderwerp: ${mail.subject}`];
  const replyTo = /^reply-to:\s*(.+)$/im.exec(mail.raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '')?.[1];
  if (replyTo) head.push(`Antwoord naar: ${replyTo.trim()}`);
  writeFileSync(`${base}.txt`, `${head.join('\n')}\n\n${mail.text}\n`);
  writeFileSync(`${base}.eml`, mail.raw);
  return `${base}.txt`;
}

/** A repeated signal this soon after the first belongs to the same Ctrl-C: npm passes on the one the terminal also sent. */
const SAME_KEYPRESS_MS = 500;

/**
 * `npm start` without settings: this checkout's Azurite with its data under `.data/`, the demo
 * placement, the bot on loopback, and one Agents Playground per demo role. Ctrl-C stops all of it
 * in reverse order of start, storage last; a second Ctrl-C ends it at once.
 */
export async function runLocal(config: Config, logger: Logger): Promise<void> {
  const dataDir = localDataDir(config.localDataDir);
  const storage = await ensureLocalAzurite(dataDir);
  process.stdout.write(`Storage: ${describeLocalStorage(storage)}\n`);
  let stack: LocalStack | undefined;
  let firstSignalAt: number | undefined;
  const stopNow = () => {
    // Killed processes are gone within milliseconds; the timer only guards against one that is not.
    setTimeout(() => process.exit(130), 1000).unref();
    void Promise.all([stack?.kill(), storage.azurite?.kill()]).then(() => process.exit(130));
  };
  const shutdown = () => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt >= SAME_KEYPRESS_MS) stopNow();
      return;
    }
    firstSignalAt = Date.now();
    logger.info({ event: 'stopping' }, 'stopping local mode (Ctrl-C again to stop at once)');
    void (async () => {
      await stack?.stop();
      if (storage.azurite) {
        await storage.azurite.stop();
        logger.debug({ event: 'stopped', part: 'storage' }, 'storage stopped');
      }
      logger.info({ event: 'stopped' }, 'local mode stopped');
      process.exit(0);
    })();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    stack = await startLocalStack({
      config,
      logger,
      connectionString: storage.connectionString,
      workDir: path.join(dataDir, 'playground'),
      mailDir: path.join(dataDir, 'mail'),
      ...(config.playground
        ? { playgroundPorts: { ...PLAYGROUND_PORTS, office: OFFICE_PLAYGROUND_PORT } }
        : {}),
    });
  } catch (error) {
    await storage.azurite?.stop();
    throw error;
  }
  const tabs: DemoTab[] = [...DEMO_ROLES, 'office'];
  const lines = tabs.flatMap((role) => {
    const playground = stack?.playgrounds[role];
    const person = role === 'office' ? DEMO_OFFICE : DEMO_PEOPLE[role];
    return playground
      ? [`  ${role.padEnd(11)} ${playgroundUser(person).name.padEnd(18)} ${playground.url}`]
      : [];
  });
  if (stack.playgrounds.office)
    lines.push(`  (BPV-bureau: het stagebestand van de demo staat in ${stack.demoCsv})`);
  process.stdout.write(
    lines.length > 0
      ? `\nBPV bot is running. Open one tab per role:\n${lines.join('\n')}\nCtrl-C stops everything.\n`
      : `\nBPV bot is running at ${stack.botUrl}/api/messages (Playgrounds off). Ctrl-C stops it.\n`,
  );
}
