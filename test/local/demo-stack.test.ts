import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { watch } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/local/azurite';
import { DEMO_PEOPLE, demoPlacement } from '../../src/local/demo';
import { type LocalStack, startLocalStack } from '../../src/local/run-local';
import { createLogger } from '../../src/logger';
import { KeyHasher } from '../../src/storage/keys';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { TableStore } from '../../src/storage/table-store';
import { storageConnectionString, uniqueTablePrefix } from '../support/bot-harness';

jest.setTimeout(120_000);

const prefix = uniqueTablePrefix();
// Local mode: no storage setting, so mail goes to local mode's own catcher.
const config = loadConfig({ PORT: '0', TABLE_PREFIX: prefix, LOG_LEVEL: 'silent', REMINDERS: 'off' });
const dataDir = mkdtempSync(path.join(tmpdir(), 'bpv-demo-stack-'));
const mailDir = path.join(dataDir, 'mail');
const stacks: LocalStack[] = [];

async function start(playgroundPorts?: { coordinator: number }): Promise<LocalStack> {
  const stack = await startLocalStack({
    config: { ...config, host: '127.0.0.1' },
    logger: createLogger('silent'),
    connectionString: storageConnectionString(),
    workDir: path.join(dataDir, 'playground'),
    mailDir,
    ...(playgroundPorts ? { playgroundPorts } : {}),
  });
  stacks.push(stack);
  return stack;
}

afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local mode', () => {
  it('keeps what was imported for the demo placement across restarts, writes caught mails whole, and has a coordinator tab', async () => {
    const first = await start();
    const store = new TableStore(storageConnectionString(), prefix, KeyHasher.keyed(config.emailHashKey));
    const placements = new PlacementRepository(store);
    // The office imports the demo placement with a coordinator of its own and a trainer by e-mail.
    const demo = demoPlacement(new Date());
    const { id } = await placements.importPlacement({
      ...demo,
      coordinatorEmail: 'andere.coordinator@roc.example.org',
      trainerContact: 'email',
    });
    await first.stop();

    // `npm start` again, now with the coordinator's Playground tab.
    const second = await start({ coordinator: await freePort() });
    const kept = await placements.get(id);
    expect(kept?.coordinatorEmail).toBe('andere.coordinator@roc.example.org');
    expect(kept?.trainerContact).toBe('email');
    expect(second.playgrounds.coordinator?.url).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+/);

    // The trainer asks for a link: the mail lands in the mail folder, whole and readable.
    const watcher = watch(mailDir);
    await fetch(`${second.botUrl}/praktijkopleider/nieuwe-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: DEMO_PEOPLE.trainer.email }).toString(),
    });
    const written = () => readdirSync(mailDir).filter((f) => f.endsWith('.txt'));
    if (written().length === 0) {
      for await (const _ of watcher) if (written().length > 0) break;
    }
    const [file] = written();
    const text = readFileSync(path.join(mailDir, file as string), 'utf8');
    expect(text).toContain(`Aan: ${DEMO_PEOPLE.trainer.email}`);
    expect(text).toContain('Onderwerp: Afsprakenlijst BPV: Je nieuwe link naar de afsprakenlijst');
    expect(text).toContain(`Antwoord naar: ${DEMO_PEOPLE.supervisor.email}`);
    expect(text).toContain('Deze link is alleen voor jou');
    expect(text).toContain('Met vriendelijke groet,\nBPV-bureau');
    expect(readdirSync(mailDir).some((f) => f.endsWith('.eml'))).toBe(true);
  });
});
