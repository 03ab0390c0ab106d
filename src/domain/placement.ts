import { findUnsafeCharacter } from './unsafe-text';

/** The three people of a placement, as the bot knows them. */
export type Role = 'student' | 'trainer' | 'supervisor';

/** Every role, in the order the form names them. */
export const ROLES: readonly Role[] = ['student', 'trainer', 'supervisor'];

/** A person as the student system exports them: an e-mail address (their Teams UPN or mail) and a name. */
export interface Person {
  readonly email: string;
  readonly name: string;
  /** Their Entra object id, once they have written to the bot and were recognised. */
  readonly aadObjectId?: string;
}

/** A work placement (BPV): who is whose trainer and supervisor, where, for which qualification, when. */
export interface Placement {
  readonly id: string;
  readonly student: Person;
  readonly trainer: Person;
  readonly supervisor: Person;
  readonly company: string;
  readonly qualificationId: string;
  /**
   * The version of the qualification the placement started with; it keeps it when a newer version
   * is stored. Absent for placements from before qualifications had versions: version 1.
   */
  readonly qualificationVersion?: number;
  /** `YYYY-MM-DD` */
  readonly startDate: string;
  /** `YYYY-MM-DD`, after `startDate`. */
  readonly endDate: string;
  /**
   * How the trainer is reached: Teams when absent or `teams`; `email` for a trainer without a
   * Teams account in the school's tenant, who works through a web page and gets e-mail. Set by the
   * import's `trainer_contact` column, or to `email` when installing the app for them showed they
   * have no account; an import row that leaves the column empty keeps what is stored.
   */
  readonly trainerContact?: TrainerContact;
  /** The school's BPV coordinator for this placement (lower-cased e-mail), if the import names one. */
  readonly coordinatorEmail?: string;
}

/** How a trainer is reached. */
export type TrainerContact = 'teams' | 'email';

/** Whether the placement's trainer works through the web page and e-mail instead of Teams. */
export function trainerByEmail(placement: Pick<Placement, 'trainerContact'>): boolean {
  return placement.trainerContact === 'email';
}

/** The fields of a placement that an import provides; `id` is derived from them. */
export type PlacementInput = Omit<Placement, 'id'>;

/** The CSV header the coordinator's export must have, in this order. */
export const PLACEMENT_CSV_COLUMNS = [
  'student_email',
  'student_name',
  'trainer_email',
  'trainer_name',
  'supervisor_email',
  'supervisor_name',
  'company',
  'qualification',
  'start_date',
  'end_date',
] as const;

/**
 * Columns a file may add after the required ones, in any order: `trainer_contact` (`teams`, the
 * default, or `email`) and `coordinator_email`.
 */
export const PLACEMENT_CSV_OPTIONAL_COLUMNS = ['trainer_contact', 'coordinator_email'] as const;

export type PlacementCsvRow = Record<(typeof PLACEMENT_CSV_COLUMNS)[number], string> &
  Partial<Record<(typeof PLACEMENT_CSV_OPTIONAL_COLUMNS)[number], string>>;

export const MAX_NAME_LENGTH = 100;
export const MAX_COMPANY_LENGTH = 200;

const EMAIL =
  /^[^\s@<>(),;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Lower-cased, trimmed e-mail: Entra UPNs and mail addresses compare case-insensitively. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** True for a calendar date written `YYYY-MM-DD` (so 2025-02-30 is refused). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Checks one CSV row and turns it into a placement, or lists every reason it is refused
 * (in Dutch, for the coordinator who exported the file).
 */
export function validatePlacementRow(
  row: PlacementCsvRow,
  knownQualificationIds: readonly string[],
): { ok: true; placement: PlacementInput } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  for (const column of [...PLACEMENT_CSV_COLUMNS, ...PLACEMENT_CSV_OPTIONAL_COLUMNS]) {
    const unsafe = findUnsafeCharacter(row[column] ?? '');
    if (unsafe) {
      errors.push(
        `${column} bevat een onzichtbaar stuurteken (${unsafe.codePoint}, teken ${unsafe.position}); haal het weg`,
      );
    }
  }
  const person = (prefix: 'student' | 'trainer' | 'supervisor'): Person => {
    const email = normalizeEmail(row[`${prefix}_email`]);
    const name = row[`${prefix}_name`].trim();
    if (!email) errors.push(`${prefix}_email ontbreekt`);
    else if (!EMAIL.test(email)) errors.push(`${prefix}_email is geen geldig e-mailadres`);
    if (!name) errors.push(`${prefix}_name ontbreekt`);
    else if (name.length > MAX_NAME_LENGTH)
      errors.push(`${prefix}_name is langer dan ${MAX_NAME_LENGTH} tekens`);
    return { email, name };
  };
  const student = person('student');
  const trainer = person('trainer');
  const supervisor = person('supervisor');
  const emails = [student.email, trainer.email, supervisor.email].filter(Boolean);
  if (new Set(emails).size !== emails.length) {
    errors.push('deelnemer, praktijkopleider en begeleider moeten drie verschillende personen zijn');
  }
  const company = row.company.trim();
  if (!company) errors.push('company ontbreekt');
  else if (company.length > MAX_COMPANY_LENGTH)
    errors.push(`company is langer dan ${MAX_COMPANY_LENGTH} tekens`);
  const qualificationId = row.qualification.trim();
  if (!knownQualificationIds.includes(qualificationId)) {
    errors.push(
      `qualification '${qualificationId}' is onbekend (bekend: ${knownQualificationIds.join(', ')})`,
    );
  }
  const startDate = row.start_date.trim();
  const endDate = row.end_date.trim();
  if (!isIsoDate(startDate)) errors.push('start_date is geen datum in de vorm JJJJ-MM-DD');
  if (!isIsoDate(endDate)) errors.push('end_date is geen datum in de vorm JJJJ-MM-DD');
  if (isIsoDate(startDate) && isIsoDate(endDate) && endDate <= startDate) {
    errors.push('end_date moet na start_date liggen');
  }
  const contact = (row.trainer_contact ?? '').trim().toLowerCase();
  if (contact !== '' && contact !== 'teams' && contact !== 'email' && contact !== 'e-mail') {
    errors.push(`trainer_contact is '${contact}'; gebruik 'teams' of 'email' (of laat het leeg voor Teams)`);
  }
  const coordinatorEmail = normalizeEmail(row.coordinator_email ?? '');
  if (coordinatorEmail && !EMAIL.test(coordinatorEmail))
    errors.push('coordinator_email is geen geldig e-mailadres');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    placement: {
      student,
      trainer,
      supervisor,
      company,
      qualificationId,
      startDate,
      endDate,
      ...(contact === ''
        ? {}
        : { trainerContact: contact === 'teams' ? ('teams' as const) : ('email' as const) }),
      ...(coordinatorEmail ? { coordinatorEmail } : {}),
    },
  };
}

/** The person holding `role` in a placement. */
export function personIn(placement: Placement, role: Role): Person {
  return placement[role];
}
