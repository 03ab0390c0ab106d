import type { AgreementVersion, DecidedVersion } from '../../src/domain/agreement-version';
import { allWerkprocessen } from '../../src/domain/qualification';
import { qualification } from '../support/check-in-flow';

const codes = allWerkprocessen(qualification).map((w) => w.code);
const cycle = ['Bg', 'G', 'Bk', 'nvt'];

/** An approved version as storage keeps it: every werkproces a level, a text for kerntaak 1, two notes. */
export function sampleVersion(overrides: Partial<AgreementVersion> = {}): AgreementVersion {
  return {
    placementId: 'p-0123456789abcdef',
    round: 1,
    kind: 'start',
    version: 1,
    header: {
      company: 'Van Dijk ICT B.V.',
      studentName: 'Sanne Jansen',
      trainerName: 'Pieter de Vries',
      supervisorName: 'Fatima El Amrani',
      qualificationId: 'ict-beheerder',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
    },
    levels: Object.fromEntries(codes.map((code, i) => [code, cycle[i % cycle.length] as string])),
    werkzaamheden: { '1': 'Servers patchen en de helpdesk bemannen.' },
    notes: { student: { '1.1': 'Eerst meelopen' }, trainer: { '2.1': 'Met een collega' } },
    settled: { by: 'trainer-oid', at: '2026-09-14T08:05:00.000Z' },
    confirmed: { by: 'student-oid', at: '2026-09-14T09:30:00.000Z' },
    submittedAt: '2026-09-14T09:30:00.000Z',
    ...overrides,
  };
}

export function approved(version: AgreementVersion, at = '2026-09-15T13:45:00.000Z'): DecidedVersion {
  return {
    version,
    decision: {
      placementId: version.placementId,
      round: version.round,
      version: version.version,
      outcome: 'approved',
      by: 'supervisor-oid',
      at,
    },
  };
}
