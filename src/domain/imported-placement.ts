import { type Person, type Placement, type PlacementInput, ROLES, type Role } from './placement';

/**
 * The placement an import row makes: the row's fields under `id`, keeping each role's Entra
 * binding from `existing` unless the person behind the role (their e-mail address) changed, and
 * the stored trainer contact when the row does not say one, and the stored qualification version.
 */
export function importedPlacement(
  id: string,
  input: PlacementInput,
  existing: Placement | undefined,
): Placement {
  const keep = (role: Role): Person => {
    const previous = existing?.[role];
    const aadObjectId = previous && previous.email === input[role].email ? previous.aadObjectId : undefined;
    return { ...input[role], ...(aadObjectId ? { aadObjectId } : {}) };
  };
  const trainerContact = input.trainerContact ?? existing?.trainerContact;
  // A placement keeps the qualification version it started with; a re-import does not move it on.
  const qualificationVersion = existing ? existing.qualificationVersion : input.qualificationVersion;
  const { qualificationVersion: _fromInput, ...fields } = input;
  return {
    ...fields,
    ...(qualificationVersion !== undefined ? { qualificationVersion } : {}),
    id,
    student: keep('student'),
    trainer: keep('trainer'),
    supervisor: keep('supervisor'),
    ...(trainerContact ? { trainerContact } : {}),
  };
}

/**
 * True when `a` and `b` agree on every field an import provides (company, qualification, dates,
 * each role's address and name, trainer contact, coordinator); Entra bindings are not compared, so re-importing an unchanged
 * row after someone was recognised writes nothing.
 */
export function sameImportedFields(a: Placement, b: Placement): boolean {
  return (
    a.company === b.company &&
    a.qualificationId === b.qualificationId &&
    a.startDate === b.startDate &&
    a.endDate === b.endDate &&
    a.trainerContact === b.trainerContact &&
    a.coordinatorEmail === b.coordinatorEmail &&
    ROLES.every((role) => a[role].email === b[role].email && a[role].name === b[role].name)
  );
}
