import { checkInSteps, type PartRole } from '../../src/domain/check-in';
import type { Role } from '../../src/domain/placement';
import { itemKey } from '../../src/domain/reminders';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';
import type { Actor } from '../../src/services/check-in/actor';
import { answerStep } from '../../src/services/check-in/answer-step';
import { confirmAgreement } from '../../src/services/check-in/confirm-agreement';
import { approveAgreement, requestAgreementChanges } from '../../src/services/check-in/decide-agreement';
import { finishPart } from '../../src/services/check-in/finish-part';
import { ensureRounds } from '../../src/services/check-in/open-check-in';
import type { RoundResult } from '../../src/services/check-in/outcome';
import { placementStatus } from '../../src/services/check-in/placement-status';
import type { CheckInDeps } from '../../src/services/check-in/ports';
import { reopenAgreement } from '../../src/services/check-in/reopen-agreement';
import { settleAgreement } from '../../src/services/check-in/settle-agreement';
import { NotYoursError } from '../../src/services/errors';
import { storedQualificationCatalog } from '../../src/services/qualification-catalog';
import { snoozeReminders } from '../../src/services/snooze-reminders';
import { CardRepository } from '../../src/storage/card-repository';
import { ConversationRepository } from '../../src/storage/conversation-repository';
import { ReminderRepository } from '../../src/storage/reminder-repository';
import { RoundRepository } from '../../src/storage/round-repository';
import { freshStore } from '../support/bot-harness';
import { boundPlacement } from '../support/bound-placement';
import { BusyNeighbour } from './busy-neighbour';

const qualifications = loadQualificationCatalog();
const q = qualifications.require('ict-beheerder');
const now = new Date('2026-09-07T09:00:00Z');

const placement = boundPlacement('c'.repeat(32));

// Each action a second after the one before, as people click: the audit trail is ordered by time.
let clock = now.getTime();
function actor(role: Role): Actor {
  clock += 1000;
  return {
    aadObjectId: placement[role].aadObjectId ?? '',
    memberships: [{ placement, role }],
    now: new Date(clock),
  };
}

const address = { placementId: placement.id, round: 1 };

function changed(result: RoundResult) {
  if (result.outcome !== 'changed') throw new Error(`expected a change, got ${result.outcome}`);
  return result;
}

/** Goes through every step of a part through the use case, as the cards would, and finishes it. */
async function fillPart(deps: CheckInDeps, role: PartRole, level: string): Promise<RoundResult> {
  let rev = 0;
  for (const [stepIndex, step] of checkInSteps(q).entries()) {
    const input = step.kind === 'werkproces' ? { level } : { text: `Werk bij ${step.kerntaakCode}` };
    const result = changed(
      await answerStep(deps, actor(role), { ...address, role, rev, stepIndex, navigation: 'next', input }),
    );
    rev = result.round.parts[role].rev;
  }
  return finishPart(deps, actor(role), { ...address, role, rev });
}

async function depsOnAzurite(): Promise<CheckInDeps & { reminders: ReminderRepository }> {
  const store = await freshStore();
  return {
    rounds: new RoundRepository(store),
    cards: new CardRepository(store),
    conversations: new ConversationRepository(store),
    qualifications: storedQualificationCatalog(qualifications, undefined),
    schedule: { finalRoundDaysBeforeEnd: 14, timeZone: 'Europe/Amsterdam' },
    reminders: new ReminderRepository(store),
  };
}

describe('check-in use cases against Azurite, through the ports the services declare', () => {
  it('goes from two parts to an approval and a reopened, resubmitted version, saying each time who must be told what', async () => {
    const deps = await depsOnAzurite();
    await ensureRounds(deps, actor('student'));

    const studentDone = changed(await fillPart(deps, 'student', 'G'));
    expect(studentDone.tell).toEqual([]);
    expect(studentDone.round.state).toBe('open');

    const bothDone = changed(await fillPart(deps, 'trainer', 'Bk'));
    expect(bothDone.round.state).toBe('settling');
    expect(bothDone.tell).toEqual([
      { role: 'student', aadObjectId: 'aad-student', about: 'agreement_ready' },
    ]);

    const settled = changed(
      await settleAgreement(deps, actor('trainer'), {
        ...address,
        rev: bothDone.round.rev,
        levels: Object.fromEntries(q.kerntaken.flatMap((k) => k.werkprocessen.map((w) => [w.code, 'G']))),
        texts: { [q.kerntaken[0]?.code ?? '']: 'Afgesproken werk' },
      }),
    );
    expect(settled.tell.map((m) => [m.role, m.about])).toEqual([['student', 'settled']]);
    expect(settled.events.map((e) => e.event)).toEqual(['settled']);

    const confirmed = changed(
      await confirmAgreement(deps, actor('student'), { ...address, rev: settled.round.rev }),
    );
    expect(confirmed.round.version).toBe(1);
    expect(confirmed.events.map((e) => e.event)).toEqual(['confirmed', 'submitted']);
    expect(confirmed.tell.map((m) => [m.role, m.about])).toEqual([
      ['trainer', 'submitted'],
      ['supervisor', 'review'],
    ]);
    // The same "akkoord" twice counts once.
    const again = await confirmAgreement(deps, actor('student'), { ...address, rev: settled.round.rev });
    expect(again.outcome).toBe('unchanged');

    await expect(approveAgreement(deps, actor('trainer'), { ...address, version: 1 })).rejects.toBeInstanceOf(
      NotYoursError,
    );
    const approved = changed(await approveAgreement(deps, actor('supervisor'), { ...address, version: 1 }));
    expect(approved.round.state).toBe('approved');
    expect(approved.round.decisions).toEqual([
      { outcome: 'approved', by: 'aad-supervisor', at: approved.events[0]?.at, version: 1 },
    ]);
    expect(approved.tell.map((m) => [m.role, m.about])).toEqual([
      ['student', 'approved'],
      ['trainer', 'approved'],
    ]);
    expect((await approveAgreement(deps, actor('supervisor'), { ...address, version: 1 })).outcome).toBe(
      'unchanged',
    );
    const late = await requestAgreementChanges(deps, actor('supervisor'), {
      ...address,
      version: 1,
      remark: 'x',
    });
    expect(late).toMatchObject({ outcome: 'refused', reason: 'wrong_state' });

    const reopened = changed(
      await reopenAgreement(deps, actor('trainer'), { ...address, rev: approved.round.rev }),
    );
    expect(reopened.round.state).toBe('settling');
    expect(reopened.tell.map((m) => [m.role, m.about])).toEqual([
      ['student', 'withdrawn'],
      ['supervisor', 'withdrawn'],
    ]);
    const resettled = changed(
      await settleAgreement(deps, actor('trainer'), {
        ...address,
        rev: reopened.round.rev,
        levels: reopened.round.agreement?.levels ?? {},
        texts: reopened.round.agreement?.texts ?? {},
      }),
    );
    const resubmitted = changed(
      await confirmAgreement(deps, actor('student'), { ...address, rev: resettled.round.rev }),
    );
    expect(resubmitted.round.version).toBe(2);
    expect(resubmitted.tell.find((m) => m.role === 'supervisor')?.about).toBe('resubmitted');

    const [status] = await placementStatus(deps, [{ placement, role: 'supervisor' }]);
    expect(status).toMatchObject({
      awaitsReview: true,
      waitingOn: ['supervisor'],
      unreachable: ['student', 'trainer'],
    });
    expect(status?.trail.map((e) => e.event)).toEqual(['settled', 'confirmed', 'submitted']);
  });

  it('refuses an answer from a card drawn before the last save, and keeps the stored round', async () => {
    const deps = await depsOnAzurite();
    await ensureRounds(deps, actor('student'));
    const command = { ...address, role: 'student' as const, stepIndex: 0, navigation: 'next' as const };
    changed(await answerStep(deps, actor('student'), { ...command, rev: 0, input: { level: 'G' } }));
    const stale = await answerStep(deps, actor('student'), { ...command, rev: 0, input: { level: 'Bk' } });
    expect(stale).toMatchObject({ outcome: 'refused', reason: 'stale' });
    const code = q.kerntaken[0]?.werkprocessen[0]?.code ?? '';
    expect(stale.round.parts.student.answers[code]?.level).toBe('G');
  });

  it('gives up after its retries when someone else keeps changing the round, and says so instead of failing', async () => {
    const deps = await depsOnAzurite();
    await ensureRounds(deps, actor('student'));
    const busy = new BusyNeighbour(deps.rounds as RoundRepository);
    busy.busy = true;
    const result = await answerStep({ ...deps, rounds: busy }, actor('student'), {
      ...address,
      role: 'student',
      rev: 0,
      stepIndex: 0,
      navigation: 'next',
      input: { level: 'G' },
    });
    expect(result).toMatchObject({ outcome: 'refused', reason: 'conflict' });
    expect(busy.writes).toBeGreaterThanOrEqual(5);
    expect((await deps.rounds.get(placement.id, 1))?.round.parts.student.answers).toEqual({});
  });

  it('snoozes only reminders meant for the actor, and stores nothing when one of them is someone else’s', async () => {
    const deps = await depsOnAzurite();
    const mine = itemKey(placement.id, 1, 'part_open', 'student', now.toISOString());
    const theirs = itemKey(placement.id, 1, 'part_open', 'trainer', now.toISOString());
    await expect(
      snoozeReminders(deps, actor('student'), [
        { placementId: placement.id, itemKey: mine },
        { placementId: placement.id, itemKey: theirs },
      ]),
    ).rejects.toBeInstanceOf(NotYoursError);
    expect((await deps.reminders.scan()).snoozes.size).toBe(0);

    const student = actor('student');
    const { until } = await snoozeReminders(deps, student, [{ placementId: placement.id, itemKey: mine }]);
    expect(until.getTime() - student.now.getTime()).toBe(7 * 24 * 60 * 60 * 1000);
    expect((await deps.reminders.scan()).snoozes.get(placement.id)?.get(mine)).toBe(until.toISOString());
  });
});
