import type { PlacementInput } from '../domain/placement';

/** A demo person: the placement's data plus the Entra identity the local Playground pretends to have. */
export interface DemoPerson {
  readonly aadObjectId: string;
  readonly givenName: string;
  readonly surname: string;
  readonly email: string;
}

/** The people of the demo placement and its BPV coordinator, each driving one Playground tab. */
export const DEMO_PEOPLE = {
  student: {
    aadObjectId: '00000000-0000-4000-8000-000000000101',
    givenName: 'Sanne',
    surname: 'Jansen',
    email: 'sanne.jansen@student.example.org',
  },
  trainer: {
    aadObjectId: '00000000-0000-4000-8000-000000000102',
    givenName: 'Pieter',
    surname: 'de Vries',
    email: 'pieter.devries@voorbeeldict.example.org',
  },
  supervisor: {
    aadObjectId: '00000000-0000-4000-8000-000000000103',
    givenName: 'Fatima',
    surname: 'El Amrani',
    email: 'fatima.elamrani@roc.example.org',
  },
  coordinator: {
    aadObjectId: '00000000-0000-4000-8000-000000000104',
    givenName: 'Kees',
    surname: 'Bakker',
    email: 'kees.bakker@roc.example.org',
  },
} as const satisfies Record<string, DemoPerson>;

/** A member of the BPV office, in a fourth Playground tab: named as office in local mode. */
export const DEMO_OFFICE = {
  aadObjectId: '00000000-0000-4000-8000-000000000109',
  givenName: 'Ilse',
  surname: 'Bakker',
  email: 'ilse.bakker@roc.example.org',
} as const satisfies DemoPerson;

/** The demo placement as the student system exports it: the file the office tab can send. */
export function demoPlacementsCsv(today: Date): string {
  const p = demoPlacement(today);
  return [
    'student_email,student_name,trainer_email,trainer_name,supervisor_email,supervisor_name,company,qualification,start_date,end_date',
    [
      p.student.email,
      p.student.name,
      p.trainer.email,
      p.trainer.name,
      p.supervisor.email,
      p.supervisor.name,
      p.company,
      p.qualificationId,
      p.startDate,
      p.endDate,
    ].join(','),
    '',
  ].join('\n');
}

const fullName = (person: DemoPerson) => `${person.givenName} ${person.surname}`;

/** The demo placement that `npm start` seeds once; what is imported for it later is kept. */
export function demoPlacement(today: Date): PlacementInput {
  const year = today.getUTCMonth() >= 7 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  return {
    student: { email: DEMO_PEOPLE.student.email, name: fullName(DEMO_PEOPLE.student) },
    trainer: { email: DEMO_PEOPLE.trainer.email, name: fullName(DEMO_PEOPLE.trainer) },
    supervisor: { email: DEMO_PEOPLE.supervisor.email, name: fullName(DEMO_PEOPLE.supervisor) },
    company: 'Voorbeeld ICT B.V.',
    qualificationId: 'ict-beheerder',
    startDate: `${year}-09-01`,
    endDate: `${year + 1}-06-30`,
    coordinatorEmail: DEMO_PEOPLE.coordinator.email,
  };
}
