import type { AgreementVersion, DecidedVersion } from '../../src/domain/agreement-version';
import type { RoundKind } from '../../src/domain/check-in';
import { approvedBefore } from '../../src/services/progression';

const KINDS: RoundKind[] = ['start', 'tussentijds', 'eind'];

/** A stored version of `round` with the level of 1.1 it agreed, and the decision taken on it. */
function stored(
  round: number,
  version: number,
  level: 'Bg' | 'G' | 'Bk',
  outcome?: 'approved' | 'changes_requested',
): DecidedVersion {
  const at = '2026-11-16T10:00:00.000Z';
  const v = {
    placementId: 'p',
    round,
    kind: KINDS[round - 1],
    version,
    levels: { '1.1': level },
    werkzaamheden: {},
    notes: { student: {}, trainer: {} },
    confirmed: { by: 'aad-s', at },
    submittedAt: at,
  } as unknown as AgreementVersion;
  return outcome
    ? { version: v, decision: { placementId: 'p', round, version, outcome, by: 'aad-b', at } }
    : { version: v };
}

describe('the levels agreed before a round', () => {
  it.each([
    ['none in the first round', [stored(1, 1, 'Bg', 'approved')], 1, undefined],
    ['the approved version of the round before', [stored(1, 1, 'Bg', 'approved')], 2, [1, 1, 'Bg']],
    [
      'not a version sent back, but the one approved after it',
      [stored(1, 1, 'Bg', 'changes_requested'), stored(1, 2, 'G', 'approved')],
      2,
      [1, 2, 'G'],
    ],
    [
      'after a reopened approval, the version approved last',
      [stored(1, 1, 'Bg', 'approved'), stored(1, 2, 'Bk', 'approved')],
      2,
      [1, 2, 'Bk'],
    ],
    [
      'the latest round before, not an older one nor the round itself',
      [stored(1, 1, 'Bg', 'approved'), stored(2, 1, 'G', 'approved'), stored(3, 1, 'Bk', 'approved')],
      3,
      [2, 1, 'G'],
    ],
    [
      'nothing when no earlier version was approved',
      [stored(1, 1, 'Bg', 'changes_requested'), stored(1, 2, 'G')],
      2,
      undefined,
    ],
  ] as const)('%s', (_name, versions, round, expected) => {
    const found = approvedBefore(versions, round);
    expect(found ? [found.round, found.version, found.levels['1.1']] : undefined).toEqual(expected);
  });
});
