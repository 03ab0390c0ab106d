import { loadConfig } from '../../src/config';
import type { Placement } from '../../src/domain/placement';
import { itemKey } from '../../src/domain/reminders';
import {
  type LedgerEntry,
  type PlannedReminder,
  planReminders,
  type ReminderDeps,
  stillDue,
} from '../../src/services/reminders';
import { reminderRules, reminderStores } from '../../src/wiring/reminders';
import { freshStore } from '../support/bot-harness';
import { SWEEP_NOW, seedReminderScenario } from '../support/reminder-scenario';

/** The reminder use cases on Azurite, as the scheduler calls them: what is due, and whether it still is. */
async function setUp(): Promise<{ deps: ReminderDeps; placement: Placement }> {
  const store = await freshStore();
  // One list waiting 8 days for the student's "akkoord": the student is reminded, the trainer asked.
  const { placements } = await seedReminderScenario(store, 'http://127.0.0.1:9', 1, { group: 1 });
  const deps = { ...reminderStores(store), rules: reminderRules(loadConfig({}).reminders) };
  return { deps, placement: placements[0] as Placement };
}

const queued = (r: PlannedReminder): LedgerEntry => ({
  placementId: r.placementId,
  key: r.key,
  itemKey: r.itemKey,
  kind: r.kind,
  role: r.role,
  round: r.round,
  step: r.step,
  status: 'queued',
  queuedAt: SWEEP_NOW.toISOString(),
});

describe('planning reminders', () => {
  it('plans the student’s reminder for the student and the request to nudge them for the trainer', async () => {
    const { deps, placement } = await setUp();
    const plan = await planReminders(deps, SWEEP_NOW);
    expect(plan.failures).toEqual([]);
    expect(plan.failed).toBe(0);
    expect(plan.roundsToOpen).toEqual([]);
    const planned = plan.reminders.map((r) => ({
      kind: r.kind,
      role: r.role,
      rung: r.rung,
      to: r.recipient,
    }));
    expect(planned).toEqual(
      expect.arrayContaining([
        { kind: 'agreement_waiting', role: 'student', rung: undefined, to: placement.student.aadObjectId },
        {
          kind: 'agreement_waiting',
          role: 'student',
          rung: 'other_party',
          to: placement.trainer.aadObjectId,
        },
      ]),
    );
    expect(planned).toHaveLength(2);
  });
});

describe('whether a queued reminder is still due', () => {
  it('sends it to the person the placement names, with the working days it has been open', async () => {
    const { deps, placement } = await setUp();
    const plan = await planReminders(deps, SWEEP_NOW);
    const own = plan.reminders.find((r) => !r.rung) as PlannedReminder;
    const decide = await stillDue(deps, own.recipient, SWEEP_NOW);
    const decision = await decide(queued(own));
    expect(decision.outcome).toBe('send');
    if (decision.outcome !== 'send') return;
    expect(decision.toSend.placement.id).toBe(placement.id);
    expect(decision.toSend.round.state).toBe('confirming');
    expect(decision.toSend.workingDays).toBe(6);
    expect(decision.toSend.history).toBeUndefined();
  });

  it('calls a reminder unreachable in a message for someone else, or for a person whose chat is gone', async () => {
    const { deps, placement } = await setUp();
    const plan = await planReminders(deps, SWEEP_NOW);
    const nudge = plan.reminders.find((r) => r.rung === 'other_party') as PlannedReminder;
    const student = placement.student.aadObjectId as string;
    expect(await (await stillDue(deps, student, SWEEP_NOW))(queued(nudge))).toEqual({
      outcome: 'unreachable',
    });
    const own = plan.reminders.find((r) => !r.rung) as PlannedReminder;
    await deps.conversations.markInactive(student, 'http_403', SWEEP_NOW);
    expect(await (await stillDue(deps, student, SWEEP_NOW))(queued(own))).toEqual({ outcome: 'unreachable' });
  });

  it('cancels a reminder whose item was done meanwhile', async () => {
    const { deps, placement } = await setUp();
    const plan = await planReminders(deps, SWEEP_NOW);
    const own = plan.reminders.find((r) => !r.rung) as PlannedReminder;
    const stored = await deps.rounds.get(placement.id, own.round);
    if (!stored) throw new Error('round not seeded');
    await deps.rounds.save(
      { ...stored.round, state: 'approved', stateSince: SWEEP_NOW.toISOString() },
      stored.etag,
      [],
    );
    expect(await (await stillDue(deps, own.recipient, SWEEP_NOW))(queued(own))).toEqual({
      outcome: 'cancelled',
    });
  });

  it('waits with an invitation to a round the sweep has not opened yet', async () => {
    const { deps, placement } = await setUp();
    const since = SWEEP_NOW.toISOString();
    const key = `${itemKey(placement.id, 2, 'round_due', 'student', since)}|0`;
    const invitation: LedgerEntry = {
      placementId: placement.id,
      key,
      itemKey: itemKey(placement.id, 2, 'round_due', 'student', since),
      kind: 'round_due',
      role: 'student',
      round: 2,
      step: 0,
      status: 'queued',
      queuedAt: since,
    };
    const student = placement.student.aadObjectId as string;
    expect(await (await stillDue(deps, student, SWEEP_NOW))(invitation)).toEqual({ outcome: 'wait' });
  });
});
