import {
  answerStep,
  CheckInError,
  type CheckInRound,
  checkInSteps,
  completePart,
  confirmAgreement,
  differences,
  MAX_TEXT_LENGTH,
  openRound,
  overLongTexts,
  resumeStep,
  sendBackAgreement,
  settleAgreement,
} from '../../src/domain/check-in';
import { allWerkprocessen } from '../../src/domain/qualification';
import { TransitionError } from '../../src/domain/round-state';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';

const q = loadQualificationCatalog().require('ict-beheerder');
const steps = checkInSteps(q);
const codes = allWerkprocessen(q).map((w) => w.code);
const now = new Date('2026-09-10T08:00:00Z');
const fresh = () => openRound({ placementId: 'p', number: 1, kind: 'start', qualificationId: q.id, now });

function fill(
  round: CheckInRound,
  role: 'student' | 'trainer',
  level: (code: string) => string,
): CheckInRound {
  let r = round;
  steps.forEach((step, stepIndex) => {
    const input =
      step.kind === 'werkproces'
        ? { level: level(step.werkproces.code) }
        : { text: `werk ${step.kerntaakCode}` };
    r = answerStep(r, q, { role, stepIndex, input, navigation: 'next' });
  });
  return r;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CheckInError) return error.reason;
    if (error instanceof TransitionError) return `transition:${error.reason}`;
    throw error;
  }
  return 'accepted';
}

describe('check-in steps', () => {
  it('has 17 werkprocessen and 4 werkzaamheden steps, each kerntaak closed by its werkzaamheden', () => {
    expect(steps).toHaveLength(21);
    expect(steps.map((s) => (s.kind === 'werkproces' ? s.werkproces.code : `K${s.kerntaakCode}`))).toEqual([
      ...['1.1', '1.2', '1.3', '1.4', '1.5', 'K1'],
      ...['2.1', '2.2', '2.3', '2.4', 'K2'],
      ...['3.1', '3.2', '3.3', '3.4', '3.5', 'K3'],
      ...['4.1', '4.2', '4.3', 'K4'],
    ]);
  });
});

describe('answering', () => {
  it.each([
    ['next without a level', { input: {}, navigation: 'next' as const }, 'level_required'],
    ['an unknown level', { input: { level: 'Expert' }, navigation: 'next' as const }, 'invalid_level'],
    [
      'a note of 501 characters',
      { input: { level: 'G', note: 'x'.repeat(501) }, navigation: 'next' as const },
      'note_too_long',
    ],
    ['a stale card', { input: { level: 'G' }, navigation: 'next' as const, rev: 7 }, 'stale'],
    [
      'a step that does not exist',
      { input: { level: 'G' }, navigation: 'next' as const, stepIndex: 40 },
      'unknown_step',
    ],
    ['back without a level', { input: {}, navigation: 'back' as const }, 'accepted'],
    [
      'later with a note but no level',
      { input: { note: 'vragen aan PO' }, navigation: 'stay' as const },
      'level_required',
    ],
    [
      'a note of 500 characters',
      { input: { level: 'G', note: 'x'.repeat(500) }, navigation: 'next' as const },
      'accepted',
    ],
  ])('%s → %s', (_name, command, expected) => {
    expect(refusal(() => answerStep(fresh(), q, { role: 'student', stepIndex: 0, ...command }))).toBe(
      expected,
    );
  });

  it('refuses werkzaamheden text over 2000 characters', () => {
    expect(
      refusal(() =>
        answerStep(fresh(), q, {
          role: 'student',
          stepIndex: 5,
          input: { text: 'y'.repeat(2001) },
          navigation: 'next',
        }),
      ),
    ).toBe('text_too_long');
  });

  it('moves the cursor forward, back, or keeps it, and bumps only that part’s rev', () => {
    const a = answerStep(fresh(), q, {
      role: 'trainer',
      stepIndex: 0,
      input: { level: 'Bk' },
      navigation: 'next',
    });
    expect(a.parts.trainer).toMatchObject({ cursor: 1, rev: 1, answers: { '1.1': { level: 'Bk' } } });
    expect(a.parts.student.rev).toBe(0);
    const b = answerStep(a, q, { role: 'trainer', stepIndex: 1, input: {}, navigation: 'back' });
    expect(b.parts.trainer.cursor).toBe(0);
    const c = answerStep(b, q, { role: 'trainer', stepIndex: 0, input: { level: 'G' }, navigation: 'stay' });
    expect(c.parts.trainer).toMatchObject({ cursor: 0, answers: { '1.1': { level: 'G' } } });
  });

  it('resumes at the first werkproces without an answer', () => {
    let r = fresh();
    for (let i = 0; i < 3; i++)
      r = answerStep(r, q, { role: 'student', stepIndex: i, input: { level: 'G' }, navigation: 'next' });
    expect(resumeStep(r.parts.student, q)).toBe(3);
    r = fill(r, 'student', () => 'G');
    expect(resumeStep(r.parts.student, q)).toBe(steps.length);
  });
});

describe('completing parts and agreeing', () => {
  it('refuses to finish with werkprocessen missing, naming them', () => {
    const r = answerStep(fresh(), q, {
      role: 'student',
      stepIndex: 0,
      input: { level: 'G' },
      navigation: 'next',
    });
    expect(refusal(() => completePart(r, q, { role: 'student', now }))).toBe('incomplete');
  });

  it('moves to settling when the second part is done, starting from the trainer’s levels', () => {
    let r = fill(fresh(), 'student', () => 'G');
    r = fill(r, 'trainer', (code) => (code === '3.2' ? 'Bk' : 'G'));
    r = completePart(r, q, { role: 'student', now });
    expect(r.state).toBe('open');
    r = completePart(r, q, { role: 'trainer', now });
    expect(r.state).toBe('settling');
    expect(differences(r, q)).toEqual(['3.2']);
    expect(r.agreement?.levels['3.2']).toBe('Bk');
    expect(r.agreement?.texts['1']).toBe('werk 1');
    expect(
      refusal(() =>
        answerStep(r, q, { role: 'student', stepIndex: 0, input: { level: 'Bk' }, navigation: 'next' }),
      ),
    ).toBe('transition:wrong_state');
  });

  it('settles, sends back with a required remark, settles again, confirms and counts versions', () => {
    let r = completePart(
      completePart(
        fill(
          fill(fresh(), 'student', () => 'G'),
          'trainer',
          () => 'Bk',
        ),
        q,
        { role: 'student', now },
      ),
      q,
      {
        role: 'trainer',
        now,
      },
    );
    const levels = Object.fromEntries(codes.map((c) => [c, 'G']));
    expect(
      refusal(() =>
        settleAgreement(r, q, { levels: { ...levels, '4.3': undefined }, texts: {}, by: 'po', now }),
      ),
    ).toBe('incomplete');
    r = settleAgreement(r, q, { levels, texts: { '1': 'samen afgesproken' }, by: 'po', now });
    expect(r.state).toBe('confirming');
    expect(refusal(() => sendBackAgreement(r, { remark: '  ', now }))).toBe('remark_required');
    expect(refusal(() => sendBackAgreement(r, { remark: 'x'.repeat(1001), now }))).toBe('remark_too_long');
    expect(refusal(() => confirmAgreement(r, { rev: r.rev - 1, now }))).toBe('stale');
    r = sendBackAgreement(r, { remark: '2.1 graag Bk', now });
    expect(r).toMatchObject({ state: 'settling', remark: { by: 'student', text: '2.1 graag Bk' } });
    r = settleAgreement(r, q, { levels: { ...levels, '2.1': 'Bk' }, texts: {}, by: 'po', now });
    r = confirmAgreement(r, { now });
    expect(r.state).toBe('submitted');
    expect(r.version).toBe(1);
    expect(r.remark).toBeUndefined();
    expect(r.agreement?.levels['2.1']).toBe('Bk');
  });
});

describe('texts over their limits', () => {
  function caught(fn: () => unknown): CheckInError {
    try {
      fn();
    } catch (error) {
      if (error instanceof CheckInError) return error;
      throw error;
    }
    throw new Error('not refused');
  }

  it('names the werkproces or kerntaak a too long text belongs to', () => {
    const note = caught(() =>
      answerStep(fresh(), q, {
        role: 'student',
        stepIndex: 1,
        input: { level: 'G', note: 'x'.repeat(501) },
        navigation: 'next',
      }),
    );
    expect(note.detail).toEqual({ werkproces: '1.2', length: 501, max: 500 });
    const werkzaamheden = steps.findIndex((s) => s.kind === 'werkzaamheden');
    const text = caught(() =>
      answerStep(fresh(), q, {
        role: 'student',
        stepIndex: werkzaamheden,
        input: { text: 'y'.repeat(2001) },
        navigation: 'next',
      }),
    );
    expect(text.detail).toEqual({ kerntaak: '1', length: 2001, max: 2000 });
  });

  it('starts the agreement with the trainer’s texts, or the student’s where the trainer wrote none, and refuses one over the limit', () => {
    const long = (who: string) => who.repeat(MAX_TEXT_LENGTH);
    const textOf = (role: string, kerntaak: string) =>
      kerntaak === '2' ? long(role[0] ?? '') : kerntaak === '3' && role === 'student' ? 'alleen' : '';
    let round = fresh();
    for (const role of ['student', 'trainer'] as const) {
      steps.forEach((step, stepIndex) => {
        const input = step.kind === 'werkproces' ? { level: 'G' } : { text: textOf(role, step.kerntaakCode) };
        round = answerStep(round, q, { role, stepIndex, input, navigation: 'next' });
      });
      round = completePart(round, q, { role, now });
    }
    expect(round.agreement?.texts).toEqual({ '2': long('t'), '3': 'alleen' });
    expect(round.parts.student.texts['2']).toBe(long('s'));
    expect(overLongTexts(round.agreement)).toEqual([]);
    const texts = { ...round.agreement?.texts, '2': `${long('t')}!` };
    expect(overLongTexts({ levels: {}, texts })).toEqual([{ kerntaak: '2', length: MAX_TEXT_LENGTH + 1 }]);
    const refused = caught(() =>
      settleAgreement(round, q, { levels: round.agreement?.levels ?? {}, texts, by: 'po', now }),
    );
    expect(refused.detail).toEqual({ kerntaak: '2', length: MAX_TEXT_LENGTH + 1, max: MAX_TEXT_LENGTH });
  });
});
