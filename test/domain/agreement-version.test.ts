import {
  type AgreementVersion,
  AgreementVersionError,
  agreedContent,
  agreementVersion,
  changesSince,
  previousVersion,
  versionDecision,
} from '../../src/domain/agreement-version';
import {
  answerStep,
  approveRound,
  type CheckInRound,
  checkInSteps,
  completePart,
  confirmAgreement,
  openRound,
  reopenApproved,
  requestChanges,
  settleAgreement,
} from '../../src/domain/check-in';
import type { Placement } from '../../src/domain/placement';
import { allWerkprocessen } from '../../src/domain/qualification';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';

const q = loadQualificationCatalog().require('ict-beheerder');
const steps = checkInSteps(q);
const codes = allWerkprocessen(q).map((w) => w.code);
const at = (minute: number) => new Date(Date.UTC(2026, 8, 10, 8, minute));
const STUDENT = 'aad-student';
const TRAINER = 'aad-trainer';
const SUPERVISOR = 'aad-supervisor';

const placement: Placement = {
  id: 'p',
  student: { email: 's@example.org', name: 'Sanne Jansen', aadObjectId: STUDENT },
  trainer: { email: 't@example.org', name: 'Pieter de Vries', aadObjectId: TRAINER },
  supervisor: { email: 'b@example.org', name: 'Fatima El Amrani', aadObjectId: SUPERVISOR },
  company: 'Voorbeeld ICT B.V.',
  qualificationId: q.id,
  startDate: '2026-09-01',
  endDate: '2027-06-30',
};

function fill(round: CheckInRound, role: 'student' | 'trainer'): CheckInRound {
  let r = round;
  steps.forEach((step, stepIndex) => {
    const input =
      step.kind === 'werkproces'
        ? {
            level: step.werkproces.code === '3.5' ? 'nvt' : 'G',
            ...(role === 'student' ? { note: `noot ${step.werkproces.code}` } : {}),
          }
        : { text: `werk ${step.kerntaakCode}` };
    r = answerStep(r, q, { role, stepIndex, input, navigation: 'next' });
  });
  return completePart(r, q, { role, now: at(1) });
}

const agreed = (round: CheckInRound) => ({
  levels: { ...(round.agreement?.levels ?? {}) } as Record<string, string | undefined>,
  texts: { ...(round.agreement?.texts ?? {}) } as Record<string, string | undefined>,
});

/** A round submitted once: both filled in, the trainer settled, the student confirmed. */
function submitted(): CheckInRound {
  let r = openRound({ placementId: 'p', number: 1, kind: 'start', qualificationId: q.id, now: at(0) });
  r = fill(fill(r, 'student'), 'trainer');
  r = settleAgreement(r, q, { ...agreed(r), by: TRAINER, now: at(2) });
  return confirmAgreement(r, { now: at(3) });
}

const snapshot = (round: CheckInRound, minute: number) =>
  agreementVersion({
    round,
    placement,
    qualification: q,
    confirmed: { by: STUDENT, at: at(minute).toISOString() },
  });

describe('an agreement version', () => {
  it('holds the header, the 17 agreed levels, werkzaamheden, notes, who settled and confirmed, and when', () => {
    const v1 = snapshot(submitted(), 3);
    expect(v1).toMatchObject({
      placementId: 'p',
      round: 1,
      kind: 'start',
      version: 1,
      header: {
        company: 'Voorbeeld ICT B.V.',
        studentName: 'Sanne Jansen',
        trainerName: 'Pieter de Vries',
        supervisorName: 'Fatima El Amrani',
        qualificationId: 'ict-beheerder',
        startDate: '2026-09-01',
        endDate: '2027-06-30',
      },
      settled: { by: TRAINER, at: at(2).toISOString() },
      confirmed: { by: STUDENT, at: at(3).toISOString() },
      submittedAt: at(3).toISOString(),
    });
    expect(Object.keys(v1.levels)).toEqual(codes);
    expect(v1.levels['3.5']).toBe('nvt');
    // Both parts wrote the same text, so the agreement starts from it once.
    expect(v1.werkzaamheden).toEqual({ '1': 'werk 1', '2': 'werk 2', '3': 'werk 3', '4': 'werk 4' });
    expect(Object.keys(v1.notes.student)).toEqual(codes);
    expect(v1.notes.trainer).toEqual({});
  });

  it('is made only from a submitted round', () => {
    const round = submitted();
    const settling = requestChanges(round, { version: 1, by: SUPERVISOR, remark: 'x', now: at(4) });
    expect(() => snapshot(settling, 5)).toThrow(AgreementVersionError);
  });
});

describe('approve, request changes and reopen', () => {
  it('approve: the decision record names the version, the supervisor and the time', () => {
    const round = approveRound(submitted(), { version: 1, by: SUPERVISOR, now: at(4) });
    expect(versionDecision(round)).toEqual({
      placementId: 'p',
      round: 1,
      version: 1,
      outcome: 'approved',
      by: SUPERVISOR,
      at: at(4).toISOString(),
    });
  });

  it('request changes: the decision keeps the remark; the resubmission is version 2 and shows what changed', () => {
    const first = submitted();
    const v1 = snapshot(first, 3);
    let r = requestChanges(first, { version: 1, by: SUPERVISOR, remark: '3.5 kan wel', now: at(4) });
    expect(versionDecision(r)).toMatchObject({
      outcome: 'changes_requested',
      version: 1,
      remark: '3.5 kan wel',
    });
    const draft = agreed(r);
    r = settleAgreement(r, q, {
      levels: { ...draft.levels, '3.5': 'G' },
      texts: { ...draft.texts, '4': 'Servicedesk op dinsdag' },
      by: TRAINER,
      now: at(5),
    });
    expect(changesSince(v1, agreedContent(r.agreement ?? { levels: {}, texts: {} }), q)).toEqual({
      levels: [{ code: '3.5', from: 'nvt', to: 'G' }],
      werkzaamheden: ['4'],
    });
    r = confirmAgreement(r, { now: at(6) });
    const v2 = snapshot(r, 6);
    expect(v2.version).toBe(2);
    expect(v2.settled).toEqual({ by: TRAINER, at: at(5).toISOString() });
    expect(previousVersion([v1, v2], 2)).toBe(v1);
    expect(changesSince(v1, v2, q)).toEqual({
      levels: [{ code: '3.5', from: 'nvt', to: 'G' }],
      werkzaamheden: ['4'],
    });
    // Version 1 is a value of its own: making version 2 did not touch it.
    expect(v1.levels['3.5']).toBe('nvt');
    expect(v1.werkzaamheden['4']).toBe('werk 4');
  });

  it('reopen: the next version is compared with the approved one that was reopened', () => {
    const versions: AgreementVersion[] = [];
    let r = submitted();
    versions.push(snapshot(r, 3));
    r = requestChanges(r, { version: 1, by: SUPERVISOR, remark: 'meer', now: at(4) });
    r = settleAgreement(r, q, {
      ...agreed(r),
      levels: { ...agreed(r).levels, '1.1': 'Bk' },
      by: TRAINER,
      now: at(5),
    });
    r = confirmAgreement(r, { now: at(6) });
    versions.push(snapshot(r, 6));
    r = approveRound(r, { version: 2, by: SUPERVISOR, now: at(7) });
    r = reopenApproved(r, { now: at(8) });
    expect(r.state).toBe('settling');
    r = settleAgreement(r, q, {
      ...agreed(r),
      levels: { ...agreed(r).levels, '4.3': 'Bk' },
      by: TRAINER,
      now: at(9),
    });
    r = confirmAgreement(r, { now: at(10) });
    versions.push(snapshot(r, 10));
    const base = previousVersion(versions, 3);
    expect(base?.version).toBe(2);
    expect(changesSince(base as AgreementVersion, versions[2] as AgreementVersion, q).levels).toEqual([
      { code: '4.3', from: 'G', to: 'Bk' },
    ]);
    // Each version still says what it said.
    expect(versions.map((v) => [v.levels['1.1'], v.levels['4.3']])).toEqual([
      ['G', 'G'],
      ['Bk', 'G'],
      ['Bk', 'Bk'],
    ]);
    expect(previousVersion(versions, 1)).toBeUndefined();
  });
});

describe('changes since', () => {
  const content = (
    levels: Record<string, 'Bg' | 'G' | 'Bk' | 'nvt'>,
    werkzaamheden: Record<string, string>,
  ) => ({
    levels,
    werkzaamheden,
  });

  it('lists levels in form order with old and new, and kerntaken whose text changed, added or went', () => {
    const before = content({ '4.1': 'G', '1.2': 'Bg', '2.1': 'G' }, { '1': 'a', '2': 'b' });
    const after = content({ '4.1': 'Bk', '1.2': 'G', '2.1': 'G', '3.1': 'Bk' }, { '1': 'a', '3': 'c' });
    expect(changesSince(before, after, q)).toEqual({
      levels: [
        { code: '1.2', from: 'Bg', to: 'G' },
        { code: '3.1', from: undefined, to: 'Bk' },
        { code: '4.1', from: 'G', to: 'Bk' },
      ],
      werkzaamheden: ['2', '3'],
    });
  });

  it('finds nothing between equal lists, and ignores white space around a text', () => {
    const a = content({ '1.1': 'G' }, { '1': 'tekst' });
    expect(changesSince(a, content({ '1.1': 'G' }, { '1': ' tekst\n' }), q)).toEqual({
      levels: [],
      werkzaamheden: [],
    });
  });
});
