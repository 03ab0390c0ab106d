/**
 * Storage requests per card action, counted by a loopback proxy in front of Azurite's table
 * endpoint (a batch is one request): the bot of test/support/bot-harness.ts, in this process,
 * driven through the same flows as test/bot/storage-requests.test.ts; "nothing kept" clicks come
 * after the bot forgot the placements it keeps for 30 s, as for a person who read the card longer.
 */
import { BotHarness } from '../test/support/bot-harness';
import { openList, placementWithPeople, startCard, submitRound } from '../test/support/check-in-flow';
import { brief, CountingProxy } from '../test/support/counting-proxy';
import { endpointPort, throughPort } from '../test/support/endpoints';

export interface ActionCount {
  readonly action: string;
  /** The requests, as `METHOD table`, oldest first. */
  readonly requests: readonly string[];
}

export async function countStorageRequests(connectionString: string): Promise<ActionCount[]> {
  const proxy = new CountingProxy('127.0.0.1', endpointPort(connectionString));
  await proxy.start();
  const harness = await BotHarness.start({
    connectionString: throughPort(connectionString, proxy.port),
  });
  // The reminders table holds the rate share's claims, renewed every 2 s whatever the bot does:
  // those requests are not the action's.
  const take = () =>
    proxy
      .take()
      .map((r) => brief(r, harness.tablePrefix))
      .filter((r) => !r.endsWith(' reminders'));
  const counts: ActionCount[] = [];
  try {
    const { student } = await placementWithPeople(harness);
    take();
    const first = await startCard(student);
    counts.push({ action: 'typed `start` (first of the day)', requests: take() });
    const second = (await student.click(first, 'Volgende', { level: 'Bk' })).card;
    counts.push({ action: 'werkproces click (round 1)', requests: take() });
    // A person who read the card for a minute: the bot kept nothing of the placement.
    harness.forget();
    await student.click(second, 'Volgende', { level: 'G' });
    counts.push({ action: 'werkproces click (round 1), nothing kept', requests: take() });
    await student.say('start');
    counts.push({ action: 'typed `start` (again)', requests: take() });

    const people = await placementWithPeople(harness);
    const { trainer, supervisor } = people;
    await submitRound(people);
    const summary = await openList(supervisor);
    take();
    await supervisor.click(summary, 'Goedkeuren');
    const approval = take();
    const followUps = approval.slice(2);
    counts.push({ action: 'approval click (before its follow-ups)', requests: approval.slice(0, 2) });
    counts.push({ action: 'approval click: its follow-ups (notices, redraws)', requests: followUps });

    await trainer.say('start');
    const step = (await trainer.click(trainer.lastCard(), 'Volgende ronde nu starten')).card;
    take();
    const next = (await trainer.click(step, 'Volgende', { level: 'G' })).card;
    counts.push({ action: 'werkproces click (round 2)', requests: take() });
    harness.forget();
    await trainer.click(next, 'Volgende', { level: 'G' });
    counts.push({ action: 'werkproces click (round 2), nothing kept', requests: take() });
    return counts;
  } finally {
    await harness.stop();
    await proxy.stop();
  }
}
