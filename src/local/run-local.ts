import { mkdirSync, writeFileSync } from 'node:fs';
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
import { MailCatcher } from './mail-catcher';
import { type PlaygroundHandle, type PlaygroundUser, startPlayground } from './playground';

export type DemoRole = keyof typeof DEMO_PEOPLE;
const DEMO_ROLES: readonly DemoRole[] = ['student', 'trainer', 'supervisor'];

/** The Playground ports of the three demo roles. */
export const PLAYGROUND_PORTS: Readonly<Record<DemoRole, number>> = {
  student: 56150,
  trainer: 56151,
  supervisor: 56152,
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
  /** Playground port per role (and the office's, optional); none are started when omitted. */
  playgroundPorts?: Readonly<Record<DemoRole, number>> & { readonly office?: number };
  /** Where each Playground keeps its config and log. */
  workDir: string;
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
    const seeded = await new PlacementRepository(store).importPlacement(demoPlacement(today));
    logger.info({ event: 'demo_seeded', outcome: seeded.outcome }, 'demo placement ready');

    // The demo office member is the office here; the demo file sits ready for its tab.
    const demoCsv = path.join(options.workDir, 'demo-stages.csv');
    mkdirSync(options.workDir, { recursive: true });
    writeFileSync(demoCsv, demoPlacementsCsv(today));
    const office = { ...config.office, users: [...config.office.users, DEMO_OFFICE.aadObjectId] };
    const bot = await startBot({
      config: { ...(await withMailCatcher(config, stops)), office },
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
      const tabs: DemoTab[] = [...DEMO_ROLES, ...(options.playgroundPorts.office ? ['office' as const] : [])];
      for (const role of tabs) {
        const user = playgroundUser(role === 'office' ? DEMO_OFFICE : DEMO_PEOPLE[role]);
        const workDir = path.join(options.workDir, role);
        mkdirSync(workDir, { recursive: true });
        const playground = await startPlayground({
          port: (role === 'office' ? options.playgroundPorts.office : options.playgroundPorts[role]) ?? 0,
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
 * every mail and prints its subject and links here, so the trainer's page can be tried.
 */
async function withMailCatcher(config: Config, stops: [string, () => Promise<void>][]): Promise<Config> {
  if (config.mail.transport !== 'local') return config;
  const catcher = await MailCatcher.start();
  stops.push(['mail catcher', () => catcher.stop()]);
  catcher.onMail((mail) =>
    process.stdout.write(
      `\nE-mail (lokaal opgevangen): ${mail.subject}\n${mail.links.map((l) => `  ${l}`).join('\n')}\n`,
    ),
  );
  return {
    ...config,
    mail: { transport: 'smtp', smtpUrl: catcher.url, from: 'BPV-afspraken <bpv@localhost>' },
  };
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
