import {
  parseQualification,
  type Qualification,
  QualificationDataError,
  qualificationData,
  qualificationDigest,
  werkprocesCount,
} from '../domain/qualification';
import {
  type FormProblem,
  QualificationFormError,
  readQualificationForm,
} from '../domain/qualification-form';
import { FormFileError, formText } from '../qualifications/form-text';
import type { QualificationCatalog } from './qualification-catalog';
import {
  MAX_STORED_QUALIFICATION_CHARS,
  type QualificationStore,
  QualificationVersionTakenError,
} from './qualification-ports';

/** The largest form file read: the school's forms are a few pages; anything larger is not one. */
export const DEFAULT_FORM_MAX_BYTES = 5 * 1024 * 1024;

/** What changed from the stored version to the one previewed, by werkproces and kerntaak code. */
export interface QualificationChanges {
  readonly addedKerntaken: readonly string[];
  readonly removedKerntaken: readonly string[];
  readonly retitledKerntaken: readonly string[];
  readonly addedWerkprocessen: readonly string[];
  readonly removedWerkprocessen: readonly string[];
  /** Werkprocessen whose title or omschrijving changed. */
  readonly changedWerkprocessen: readonly string[];
  /** True when the levels, criteria or the not-applicable option differ. */
  readonly scaleChanged: boolean;
  /** True when the name, form title or crebo differ. */
  readonly headerChanged: boolean;
}

/** A form read and checked, not stored: what {@link saveQualification} will store when confirmed. */
export interface QualificationPreview {
  readonly qualification: Qualification;
  /** The version it becomes when saved. */
  readonly version: number;
  /** The newest version when the preview was made (0: the id is new). Saving refuses when it moved on. */
  readonly basedOn: number;
  /** Changes from version {@link basedOn}; absent for a new qualification. */
  readonly changes?: QualificationChanges;
  /** The content's digest: saving stores exactly this content. */
  readonly digest: string;
}

export type PreviewOutcome =
  | { readonly kind: 'preview'; readonly preview: QualificationPreview }
  /** The form says the same as the newest stored (or built-in) version: nothing to save. */
  | { readonly kind: 'unchanged'; readonly version: number; readonly qualification: Qualification }
  /** The form cannot be read: where, and what was expected. */
  | { readonly kind: 'unreadable'; readonly problems: readonly FormProblem[] };

export interface PreviewDeps {
  readonly qualifications: Pick<QualificationCatalog, 'newest'>;
}

/**
 * Reads a form file (`.txt`, `.pdf`, `.docx`) into a qualification and says what saving it would
 * do: a new qualification, a new version (with what changed), or nothing (the same as the newest).
 * Writes nothing.
 */
export async function previewQualificationForm(
  deps: PreviewDeps,
  input: { bytes: Uint8Array; fileName: string; id?: string; maxBytes?: number },
): Promise<PreviewOutcome> {
  const maxBytes = input.maxBytes ?? DEFAULT_FORM_MAX_BYTES;
  if (input.bytes.byteLength > maxBytes) {
    return unreadable(
      `het bestand is ${megabytes(input.bytes.byteLength)} MB; een formulier mag hoogstens ${megabytes(maxBytes)} MB zijn`,
    );
  }
  let qualification: Qualification;
  try {
    const text = await formText(input.bytes, input.fileName);
    qualification = readQualificationForm(text, input.id === undefined ? {} : { id: input.id });
  } catch (error) {
    if (error instanceof QualificationFormError) return { kind: 'unreadable', problems: error.problems };
    if (error instanceof FormFileError) return unreadable(error.message);
    throw error;
  }
  if (JSON.stringify(qualificationData(qualification)).length > MAX_STORED_QUALIFICATION_CHARS) {
    return unreadable('het formulier is te lang om op te slaan; is het wel één afsprakenlijst?');
  }
  const newest = await deps.qualifications.newest(qualification.id);
  const digest = qualificationDigest(qualification);
  if (newest && qualificationDigest(newest.qualification) === digest) {
    return { kind: 'unchanged', version: newest.version, qualification: newest.qualification };
  }
  const basedOn = newest?.version ?? 0;
  return {
    kind: 'preview',
    preview: {
      qualification,
      version: basedOn + 1,
      basedOn,
      ...(newest ? { changes: qualificationChanges(newest.qualification, qualification) } : {}),
      digest,
    },
  };
}

function unreadable(message: string): PreviewOutcome {
  return { kind: 'unreadable', problems: [{ line: 0, message }] };
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toLocaleString('nl-NL', { maximumFractionDigits: 1 });
}

/** What differs between two versions of a qualification, by code. */
export function qualificationChanges(before: Qualification, after: Qualification): QualificationChanges {
  const kerntakenBefore = new Map(before.kerntaken.map((k) => [k.code, k]));
  const kerntakenAfter = new Map(after.kerntaken.map((k) => [k.code, k]));
  const werkprocessen = (q: Qualification) =>
    new Map(q.kerntaken.flatMap((k) => k.werkprocessen.map((w) => [w.code, w] as const)));
  const werkBefore = werkprocessen(before);
  const werkAfter = werkprocessen(after);
  const scale = (q: Qualification) => JSON.stringify([q.criteria, q.levels, q.notApplicable]);
  return {
    addedKerntaken: [...kerntakenAfter.keys()].filter((code) => !kerntakenBefore.has(code)),
    removedKerntaken: [...kerntakenBefore.keys()].filter((code) => !kerntakenAfter.has(code)),
    retitledKerntaken: [...kerntakenAfter].flatMap(([code, k]) => {
      const old = kerntakenBefore.get(code);
      return old && old.title !== k.title ? [code] : [];
    }),
    addedWerkprocessen: [...werkAfter.keys()].filter((code) => !werkBefore.has(code)),
    removedWerkprocessen: [...werkBefore.keys()].filter((code) => !werkAfter.has(code)),
    changedWerkprocessen: [...werkAfter].flatMap(([code, w]) => {
      const old = werkBefore.get(code);
      return old && (old.title !== w.title || old.omschrijving !== w.omschrijving) ? [code] : [];
    }),
    scaleChanged: scale(before) !== scale(after),
    headerChanged:
      before.title !== after.title || before.formTitle !== after.formTitle || before.crebo !== after.crebo,
  };
}

/** What the preview's Opslaan carries back: the content shown, the version it was based on, its digest. */
export interface SaveQualificationInput {
  /** The qualification as previewed (parsed again: a card payload is not trusted). */
  readonly qualification: unknown;
  readonly basedOn: number;
  readonly digest: string;
  readonly now: Date;
}

export type SaveOutcome =
  | { readonly kind: 'saved'; readonly id: string; readonly version: number; readonly title: string }
  /** This content was stored as this version already (a second click): nothing stored again. */
  | { readonly kind: 'alreadySaved'; readonly id: string; readonly version: number; readonly title: string }
  /** Another version was stored since the preview: preview again. */
  | { readonly kind: 'stale'; readonly id: string; readonly newest: number }
  /** The content is not a valid qualification or does not match its digest. */
  | { readonly kind: 'invalid' };

export interface SaveDeps {
  readonly qualifications: Pick<QualificationCatalog, 'newest'>;
  readonly store: Pick<QualificationStore, 'add' | 'version'>;
}

/**
 * Stores exactly the qualification a preview showed, as the version after the one the preview was
 * based on. A preview made before another version was stored is refused; a second click on the
 * same preview stores nothing and says it is saved.
 */
export async function saveQualification(deps: SaveDeps, input: SaveQualificationInput): Promise<SaveOutcome> {
  let qualification: Qualification;
  try {
    qualification = parseQualification(input.qualification, 'preview');
  } catch (error) {
    if (error instanceof QualificationDataError) return { kind: 'invalid' };
    throw error;
  }
  const digest = qualificationDigest(qualification);
  if (digest !== input.digest) return { kind: 'invalid' };
  const { id, title } = qualification;
  const version = input.basedOn + 1;
  const already = async (): Promise<SaveOutcome> => {
    const stored = await deps.store.version(id, version);
    if (stored?.digest === digest) return { kind: 'alreadySaved', id, version, title };
    const newest = await deps.qualifications.newest(id);
    return { kind: 'stale', id, newest: newest?.version ?? 0 };
  };
  const newest = await deps.qualifications.newest(id);
  if ((newest?.version ?? 0) !== input.basedOn) return already();
  try {
    await deps.store.add({ qualification, version, digest, savedAt: input.now.toISOString() });
  } catch (error) {
    // Two clicks at once: the second finds the version taken.
    if (error instanceof QualificationVersionTakenError) return already();
    throw error;
  }
  return { kind: 'saved', id, version, title };
}

/** Counts for a preview or a list line: kerntaken, werkprocessen. */
export function qualificationCounts(q: Qualification): { kerntaken: number; werkprocessen: number } {
  return { kerntaken: q.kerntaken.length, werkprocessen: werkprocesCount(q) };
}
