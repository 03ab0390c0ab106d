import { runRemindersCli } from '../../src/cli/reminders';
import { freshStore, storageConnectionString } from '../support/bot-harness';
import { SWEEP_NOW, seedReminderScenario } from '../support/reminder-scenario';

async function run(prefix: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRemindersCli(
    args,
    { STORAGE_CONNECTION_STRING: storageConnectionString(), TABLE_PREFIX: prefix, LOG_LEVEL: 'silent' },
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out, err: err.join('\n') };
}

describe('npm run reminders -- sweep --dry-run', () => {
  it('prints one line per due reminder with kind, person, placement and reason, and sends nothing', async () => {
    const store = await freshStore();
    await seedReminderScenario(store, 'http://127.0.0.1:9/', 8);
    const { code, out } = await run(
      store.tablePrefix,
      'sweep',
      '--dry-run',
      '--now',
      SWEEP_NOW.toISOString(),
    );
    expect(code).toBe(0);
    expect(out).toContain(
      'part_open | student Student 0 | Student 0 @ Bedrijf 0 | student part not finished since 2026-11-26 (3 days; reminder 1 of 3) | rung: persoon',
    );
    expect(out).toContain(
      'agreement_waiting | student Student 1 | Student 1 @ Bedrijf 1 | agreement to confirm since 2026-11-22 (7 days; reminder 2 of 3) | rung: persoon',
    );
    expect(out.some((line) => line.startsWith('approval_pending | supervisor Begeleider'))).toBe(true);
    expect(out.some((line) => line.startsWith('unreachable | trainer Trainer 0'))).toBe(true);
    expect(out.at(-1)).toMatch(/^\d+ herinnering\(en\) nu verschuldigd/);

    // Asked for a Saturday, nothing is due: no sends outside working time.
    const saturday = await run(store.tablePrefix, 'sweep', '--dry-run', '--now', '2026-11-28T10:00:00Z');
    expect(saturday.out.at(-1)).toMatch(/^0 herinnering\(en\) nu verschuldigd/);
  });

  it('explains a bad time or command', async () => {
    expect((await run('x', 'sweep', '--now', 'morgen')).err).toContain("--now 'morgen' is geen tijd");
    expect((await run('x', 'send')).err).toContain('npm run reminders -- sweep --dry-run');
    expect((await run('x', 'sweep', '--fast')).err).toContain('Onbekende optie: --fast');
  });
});
