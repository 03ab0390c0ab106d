import { importedPlacement, sameImportedFields } from '../../src/domain/imported-placement';
import type { Placement, PlacementInput } from '../../src/domain/placement';

const input: PlacementInput = {
  student: { email: 'sanne@student.example.org', name: 'Sanne' },
  trainer: { email: 'pieter@bedrijf.example.org', name: 'Pieter de Vries' },
  supervisor: { email: 'fatima@roc.example.org', name: 'Fatima El Amrani' },
  company: 'Voorbeeld ICT B.V.',
  qualificationId: 'ict-beheerder',
  startDate: '2026-09-01',
  endDate: '2027-06-30',
};

const stored: Placement = {
  ...input,
  id: 'p1',
  student: { ...input.student, aadObjectId: 'aad-student' },
  trainer: { ...input.trainer, aadObjectId: 'aad-trainer' },
};

describe('importedPlacement', () => {
  it('is the row under its id when nothing was stored', () => {
    expect(importedPlacement('p1', input, undefined)).toEqual({ ...input, id: 'p1' });
  });

  it('keeps the Entra binding of a role whose person stayed, and drops it where the person changed', () => {
    const trainer = { email: 'joost@bedrijf.example.org', name: 'Joost' };
    const placement = importedPlacement('p1', { ...input, trainer, company: 'Nieuw B.V.' }, stored);
    expect(placement.student.aadObjectId).toBe('aad-student');
    expect(placement.trainer).toEqual(trainer);
    expect(placement.company).toBe('Nieuw B.V.');
  });
});

describe('sameImportedFields', () => {
  it("keeps the qualification version the stored placement started with; a new one takes the row's", () => {
    expect(
      importedPlacement('p1', { ...input, qualificationVersion: 3 }, undefined).qualificationVersion,
    ).toBe(3);
    const started = { ...stored, qualificationVersion: 2 };
    expect(importedPlacement('p1', { ...input, qualificationVersion: 3 }, started).qualificationVersion).toBe(
      2,
    );
    // Stored before versions existed: it stays on version 1 (no version recorded).
    expect(importedPlacement('p1', { ...input, qualificationVersion: 3 }, stored)).not.toHaveProperty(
      'qualificationVersion',
    );
    expect(
      sameImportedFields(started, importedPlacement('p1', { ...input, qualificationVersion: 3 }, started)),
    ).toBe(true);
  });

  it('ignores Entra bindings', () => {
    expect(sameImportedFields(stored, importedPlacement('p1', input, undefined))).toBe(true);
  });

  it.each([
    ['company', { company: 'Nieuw B.V.' }],
    ['qualification', { qualificationId: 'other' }],
    ['start date', { startDate: '2026-09-02' }],
    ['end date', { endDate: '2027-07-01' }],
    ['name', { supervisor: { ...input.supervisor, name: 'F. El Amrani' } }],
    ['address', { trainer: { ...input.trainer, email: 'p.devries@bedrijf.example.org' } }],
  ])('notices a different %s', (_field, change) => {
    expect(sameImportedFields(stored, { ...stored, ...change })).toBe(false);
  });
});
