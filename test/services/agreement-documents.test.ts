import type { DecidedVersion } from '../../src/domain/agreement-version';
import { agreementDocument } from '../../src/services/agreement-documents';
import { approved, sampleVersion } from '../documents/agreement-sample';
import { qualification } from '../support/check-in-flow';

function sentBack(round: number, version: number): DecidedVersion {
  const v = sampleVersion({ round, version });
  return {
    version: v,
    decision: {
      ...(approved(v).decision as NonNullable<DecidedVersion['decision']>),
      outcome: 'changes_requested',
      remark: 'x',
    },
  };
}

describe('the document of a version', () => {
  it('brings along the last approved version of each earlier round only', () => {
    const r1v1 = sentBack(1, 1);
    const r1v2 = approved(sampleVersion({ round: 1, version: 2 }));
    const r2v1 = approved(sampleVersion({ round: 2, kind: 'tussentijds', version: 1 }));
    const r2v2 = { version: sampleVersion({ round: 2, kind: 'tussentijds', version: 2 }) };
    const r3v1 = approved(sampleVersion({ round: 3, kind: 'eind', version: 1 }));
    const all = [r1v1, r1v2, r2v1, r2v2, r3v1];

    const second = agreementDocument(all, r2v2, qualification, 'Europe/Amsterdam');
    expect(second.shown).toBe(r2v2);
    // Round 2's own earlier version and the later round 3 are not columns of this document.
    expect(second.earlierRounds).toEqual([r1v2.version]);

    expect(agreementDocument(all, r3v1, qualification, 'Europe/Amsterdam').earlierRounds).toEqual([
      r1v2.version,
      r2v1.version,
    ]);
    expect(agreementDocument(all, r1v1, qualification, 'Europe/Amsterdam').earlierRounds).toEqual([]);
  });
});
