import type { Qualification } from '../domain/qualification';

/** Which qualification, and which version of it, a placement (or an agreed version's header) uses. */
export interface QualificationRef {
  readonly qualificationId: string;
  /** Absent for placements from before qualifications had versions: those use version 1. */
  readonly qualificationVersion?: number;
}

/** One stored version of a qualification. Versions are immutable: a change is a new version. */
export interface StoredQualification {
  readonly qualification: Qualification;
  /** 1, 2, …: a built-in qualification is version 1, so its first stored version is 2. */
  readonly version: number;
  /** SHA-256 of the content (see `qualificationDigest`). */
  readonly digest: string;
  /** ISO time it was saved. */
  readonly savedAt: string;
}

/** What `list` tells of a stored version, without its content. */
export interface StoredQualificationSummary {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly kerntaken: number;
  readonly werkprocessen: number;
  readonly savedAt: string;
}

/** The longest qualification (its data as JSON, in characters) the store takes: well inside a table row's 1 MiB. */
export const MAX_STORED_QUALIFICATION_CHARS = 450_000;

/** Thrown by {@link QualificationStore.add} when that version of the qualification exists already. */
export class QualificationVersionTakenError extends Error {
  override readonly name = 'QualificationVersionTakenError';

  constructor(
    readonly id: string,
    readonly version: number,
  ) {
    super(`version ${version} of qualification ${id} exists already`);
  }
}

/** The stored versions of the qualifications the school added (Table Storage). */
export interface QualificationStore {
  /** That version, or undefined. */
  version(id: string, version: number): Promise<StoredQualification | undefined>;
  /** The highest stored version of `id`, or undefined when none is stored. */
  newest(id: string): Promise<StoredQualification | undefined>;
  /** Every stored version, by id and then version. */
  list(): Promise<StoredQualificationSummary[]>;
  /** Stores a new version; {@link QualificationVersionTakenError} when the version is taken. */
  add(entry: StoredQualification): Promise<void>;
}
