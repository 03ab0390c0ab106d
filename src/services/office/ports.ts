/** Where a placements preview stands: shown, being written, written. */
export type PreviewState = 'previewed' | 'importing' | 'imported' | 'stale';

/** A preview of an uploaded placements file, as stored until it is imported or replaced. */
export interface StoredPreview {
  readonly id: string;
  /** The office member who sent the file. */
  readonly aadObjectId: string;
  readonly state: PreviewState;
  /** The import plan's fingerprint when the preview was made. */
  readonly fingerprint: string;
  /** ISO timestamp. */
  readonly createdAt: string;
  /** The outcome card's facts once imported (JSON), so a second click shows the same. */
  readonly outcome?: string;
}

/**
 * The office's working storage: uploaded files until they are imported, the previews of them, the
 * one current preview, confirmations waiting for a click, and the office's audit trail. Writes of a
 * preview carry the ETag they read: of two clicks at once, one moves it on.
 */
export interface OfficeStore {
  /** Keeps a file (chunked) under `id`. */
  saveFile(id: string, bytes: Uint8Array): Promise<void>;
  readFile(id: string): Promise<Uint8Array | undefined>;
  deleteFile(id: string): Promise<void>;
  /** Saves a new preview and makes it the current one: every earlier preview is stale from now on. */
  savePreview(preview: StoredPreview): Promise<void>;
  preview(id: string): Promise<{ preview: StoredPreview; etag: string } | undefined>;
  /** The id of the current preview, if any. */
  currentPreview(): Promise<string | undefined>;
  /** Moves a preview on, provided nobody wrote it since `etag`; false when someone did. */
  updatePreview(preview: StoredPreview, etag: string): Promise<boolean>;
  /** A confirmation card's pending action, until clicked or expired; expired ones (before `now`) are cleared. */
  savePending(id: string, pending: PendingAction, now: Date): Promise<void>;
  /** Removes and returns it; undefined when unknown or already taken (of two clicks, one gets it). */
  takePending(id: string): Promise<PendingAction | undefined>;
  /** One line of the office's audit trail; ids and counts only. */
  audit(entry: OfficeAuditEntry): Promise<void>;
  /** The office's audit trail, oldest first. */
  auditTrail(): Promise<OfficeAuditEntry[]>;
}

/** An action the office asked for and must confirm: erase a person, or move them to a new account. */
export interface PendingAction {
  readonly kind: 'erase' | 'rebind';
  /** The person's address, kept only until the click (or expiry). */
  readonly email: string;
  /** The office member who asked: only they can confirm. */
  readonly aadObjectId: string;
  /** ISO timestamp. */
  readonly expiresAt: string;
}

/** A line of the office's audit trail: who (Entra id), what, about whom (key of the address), counts. */
export interface OfficeAuditEntry {
  readonly at: string;
  readonly actorId: string;
  readonly action: 'placements_imported' | 'person_erased' | 'account_rebound' | 'export_issued';
  /** The keyed hash of the person's address, for erase and rebind. */
  readonly emailKey?: string;
  readonly detail: Readonly<Record<string, number | string>>;
}
