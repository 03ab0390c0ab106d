import type { Placement } from '../../src/domain/placement';

/** A September–June ICT-beheerder placement whose three people are bound to their Entra ids. */
export function boundPlacement(id: string): Placement {
  return {
    id,
    student: { email: 'student@school.example', name: 'Sam Student', aadObjectId: 'aad-student' },
    trainer: { email: 'trainer@bedrijf.example', name: 'Tess Trainer', aadObjectId: 'aad-trainer' },
    supervisor: { email: 'begeleider@school.example', name: 'Bo Begeleider', aadObjectId: 'aad-supervisor' },
    company: 'Bedrijf BV',
    qualificationId: 'ict-beheerder',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
  };
}
