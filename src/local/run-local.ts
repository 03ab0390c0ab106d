import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { projectRoot } from '../project-root';
import { loadQualificationCatalog } from '../qualifications/catalog';
import { startBot } from '../server';
import { PlacementRepository } from '../storage/placement-repository';
import { TableStore } from '../storage/table-store';
import { DEMO_PEOPLE, type DemoPerson, demoPlacement } from './demo';
import { ensureLocalAzurite } from './local-storage';
import { type PlaygroundUser, startPlayground } from './playground';

/** The Playground ports of the three demo roles. */
export const PLAYGROUND_PORTS = { student: 56150, trainer: 56151, supervisor: 56152 } as const;

function playgroundUser(person: DemoPerson): PlaygroundUser {
  return {
    id: `29:${person.aadObjectId}`,
    aadObjectId: person.aadObjectId,
    name: `${person.givenName} ${person.surname}`,
    givenName: person.givenName,
    surname: person.surname,
    email: person.email,
  };
}

/**
 * `npm start` without settings: Azurite with data under `.data/`, the demo placement, the bot on
 * loopback, and one Agents Playground per demo role. Ctrl-C stops all of it.
 */
export async function runLocal(config: Config, logger: Logger): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'stopping' }, 'stopping local mode');
    void stopAll().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  try {
    const storage = await ensureLocalAzurite();
    if (storage.azurite) stops.push(() => storage.azurite?.stop() ?? Promise.resolve());

    const qualifications = loadQualificationCatalog();
    const store = new TableStore(storage.connectionString, config.tablePrefix);
    await store.ensureTables();
    const seeded = await new PlacementRepository(store).importPlacement(demoPlacement(new Date()));
    logger.info({ event: 'demo_seeded', outcome: seeded.outcome }, 'demo placement ready');

    const bot = await startBot({
      config,
      connectionString: storage.connectionString,
      logger,
      qualifications,
    });
    stops.push(() => bot.close());

    if (!config.playground) {
      process.stdout.write(`\nBot: ${bot.url}/api/messages (Playgrounds off)\n`);
      return;
    }
    const people = [DEMO_PEOPLE.student, DEMO_PEOPLE.trainer, DEMO_PEOPLE.supervisor].map(playgroundUser);
    const lines: string[] = [];
    for (const role of ['student', 'trainer', 'supervisor'] as const) {
      const user = playgroundUser(DEMO_PEOPLE[role]);
      const workDir = path.join(projectRoot(), '.data', 'playground', role);
      mkdirSync(workDir, { recursive: true });
      const playground = await startPlayground({
        port: PLAYGROUND_PORTS[role],
        botEndpoint: `${bot.url}/api/messages`,
        workDir,
        user,
        others: people.filter((p) => p.id !== user.id),
      });
      stops.push(() => playground.stop());
      lines.push(`  ${role.padEnd(11)} ${user.name.padEnd(18)} ${playground.url}`);
    }
    process.stdout.write(
      `\nBPV bot is running. Open one tab per role:\n${lines.join('\n')}\nCtrl-C stops everything.\n`,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
}
