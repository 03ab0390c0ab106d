import { createHash } from 'node:crypto';
import { importedPlacement, sameImportedFields } from '../domain/imported-placement';
import {
  normalizeEmail,
  type Placement,
  type PlacementCsvRow,
  type PlacementInput,
  ROLES,
  type Role,
  validatePlacementRow,
} from '../domain/placement';
import { dateRangesOverlap } from '../domain/placement-overlap';
import { ConcurrentUpdateError, StorageRefusedError, StorageUnavailableError } from './errors';
import { type CsvRecord, decodeCsv, readPlacementCsv } from './placement-csv';
import type { PlacementImportPort, RoleIndexEntry, StoredPlacement } from './placement-import-ports';

export { CsvEncodingError, CsvHeaderError } from './placement-csv';

/** What an import did, row by row; the CLI prints it for the coordinator. */
export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows refused for their content; nothing of them was written. */
  rejected: { line: number; reasons: string[] }[];
  /** Rows imported, but worth a look (an overlapping placement of the same student). */
  warnings: { line: number; message: string }[];
  /** Good rows that storage did not take, even after retries; the rest of the file went on. */
  failed: { line: number; reason: string }[];
  /** What the file asks of storage, decided before anything is written. */
  plan: ImportPlan;
}

/** What an import of a file would write, as the preview shows it. */
export interface ImportPlan {
  /** Stands for the writes planned (which placements are created or replaced): equal plans, equal fingerprints. */
  readonly fingerprint: string;
  /** Placements to create. */
  readonly created: number;
  /** Placements to replace. */
  readonly updated: number;
  /** Accepted rows whose end date lies before `today`. */
  readonly ended: number;
  /** People new to a placement (a new placement, or a role that changes hands), each once. */
  readonly newPeople: readonly { readonly email: string; readonly name: string; readonly role: Role }[];
}

/** The file changed what it would write since its preview (it was imported, or storage changed). */
export class StaleImportPlanError extends Error {
  constructor() {
    super('the import plan differs from the preview');
    this.name = 'StaleImportPlanError';
  }
}

/** Writes done so far (index rows and placements) out of those the file needs. */
export interface ImportProgress {
  readonly done: number;
  readonly total: number;
}

export interface ImportDeps {
  readonly store: PlacementImportPort;
  readonly qualificationIds: readonly string[];
  /**
   * The newest version of each qualification: a new placement starts with it and keeps it; a
   * placement already stored keeps the version it has.
   */
  readonly qualificationVersions?: ReadonlyMap<string, number>;
  /**
   * The first end date the retention period still keeps (`YYYY-MM-DD`): a row that ended before it
   * is refused, or importing an old export would bring back what the nightly purge removed.
   */
  readonly keptFrom?: string;
  /** Supervisor → coordinator, for rows that leave `coordinator_email` empty (`--coordinators`). */
  readonly coordinatorBySupervisor?: ReadonlyMap<string, string>;
  /** Called at every tenth of the writes and once at the end; not per row. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Storage requests in flight at once. */
  readonly concurrency?: number;
  /** Tries per write before a row is reported as failed. */
  readonly attempts?: number;
  /** Wait before the first retry; doubled for every further one. */
  readonly retryDelayMs?: number;
  /** Only plan: read and check everything, write nothing (the preview). */
  readonly dryRun?: boolean;
  /** Write only when the plan has this fingerprint (the preview's); else {@link StaleImportPlanError}. */
  readonly expectFingerprint?: string;
  /** The school's date, `YYYY-MM-DD`, for counting placements that have ended. */
  readonly today?: string;
}

export const DEFAULT_IMPORT_CONCURRENCY = 16;
const DEFAULT_ATTEMPTS = 5;
const DEFAULT_RETRY_DELAY_MS = 50;

interface AcceptedRow {
  readonly line: number;
  readonly id: string;
  readonly input: PlacementInput;
  /** Whether the file (or the coordinators file) says who the coordinator is; if not, the stored one stays. */
  readonly namesCoordinator: boolean;
}

interface PlannedWrite extends AcceptedRow {
  readonly existing: StoredPlacement | undefined;
  failure?: string;
}

/**
 * Imports the coordinator's CSV export (bytes are decoded strictly as UTF-8). Each row stands
 * alone: a bad row is reported with its line number and nothing of it is written, the good rows are
 * imported, and an unchanged row is not written again. Index rows go out in batches per partition
 * before their placements, with a bounded number of requests in flight; a write that meets a
 * concurrent change (412) is read again and retried, and a row that still fails is reported
 * without stopping the rest.
 */
export async function importPlacements(csv: string | Uint8Array, deps: ImportDeps): Promise<ImportReport> {
  const report: ImportReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    warnings: [],
    failed: [],
    plan: { fingerprint: '', created: 0, updated: 0, ended: 0, newPeople: [] },
  };
  const accepted = await checkRows(
    readPlacementCsv(typeof csv === 'string' ? csv : decodeCsv(csv)),
    deps.qualificationIds,
    deps.keptFrom,
    report,
    (email, qualificationId, startDate) => deps.store.placementIdFor(email, qualificationId, startDate),
  );
  const versions = deps.qualificationVersions;
  if (versions) {
    accepted.forEach((row, i) => {
      const qualificationVersion = versions.get(row.input.qualificationId);
      if (qualificationVersion !== undefined)
        accepted[i] = { ...row, input: { ...row.input, qualificationVersion } };
    });
  }
  const coordinators = deps.coordinatorBySupervisor;
  if (coordinators) {
    accepted.forEach((row, i) => {
      const coordinatorEmail = row.input.coordinatorEmail ?? coordinators.get(row.input.supervisor.email);
      if (coordinatorEmail) {
        accepted[i] = { ...row, input: { ...row.input, coordinatorEmail }, namesCoordinator: true };
      }
    });
  }
  const stored = await readStored(deps.store, accepted);
  warnAboutOverlaps(accepted, stored.byStudent, report);

  const writes: PlannedWrite[] = [];
  for (const fromFile of accepted) {
    const existing = stored.byId.get(fromFile.id);
    const kept = existing?.placement.coordinatorEmail;
    // A file without the coordinator_email column says nothing about coordinators.
    const row =
      !fromFile.namesCoordinator && kept
        ? { ...fromFile, input: { ...fromFile.input, coordinatorEmail: kept } }
        : fromFile;
    const placement = importedPlacement(row.id, row.input, existing?.placement);
    if (existing && sameImportedFields(existing.placement, placement)) report.unchanged += 1;
    else writes.push({ ...row, existing });
  }
  report.plan = planOf(writes, accepted, report, deps.today);
  if (deps.expectFingerprint !== undefined && deps.expectFingerprint !== report.plan.fingerprint) {
    throw new StaleImportPlanError();
  }
  if (deps.dryRun) {
    report.created = report.plan.created;
    report.updated = report.plan.updated;
    report.warnings.sort((a, b) => a.line - b.line);
    return report;
  }

  const writer = new Writer(deps, writes.length * (ROLES.length + 1));
  await writer.writeIndex(writes);
  await eachBounded(
    writes.filter((write) => !write.failure),
    writer.concurrency,
    async (write) => {
      const outcome = await writer.savePlacement(write);
      if (outcome !== 'failed') report[outcome] += 1;
    },
  );
  for (const write of writes)
    if (write.failure) report.failed.push({ line: write.line, reason: write.failure });
  writer.finish();
  report.warnings.sort((a, b) => a.line - b.line);
  return report;
}

function planOf(
  writes: readonly PlannedWrite[],
  accepted: readonly AcceptedRow[],
  report: ImportReport,
  today: string | undefined,
): ImportPlan {
  const hash = createHash('sha256');
  const newPeople = new Map<string, { email: string; name: string; role: Role }>();
  for (const write of [...writes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    hash.update(`${write.id}|${write.existing ? 'u' : 'c'}|${JSON.stringify(write.input)}\n`);
    for (const role of ROLES) {
      const person = write.input[role];
      if (write.existing && write.existing.placement[role].email === person.email) continue;
      if (!newPeople.has(person.email))
        newPeople.set(person.email, { email: person.email, name: person.name, role });
    }
  }
  hash.update(`unchanged ${report.unchanged}|rejected ${report.rejected.map((r) => r.line).join(',')}`);
  const created = writes.filter((w) => !w.existing).length;
  return {
    fingerprint: hash.digest('base64url'),
    created,
    updated: writes.length - created,
    ended: today ? accepted.filter((row) => row.input.endDate < today).length : 0,
    newPeople: [...newPeople.values()],
  };
}

/** Validates every row and refuses a second row for the same student and start date. */
async function checkRows(
  records: AsyncIterable<CsvRecord>,
  qualificationIds: readonly string[],
  keptFrom: string | undefined,
  report: ImportReport,
  placementKey: (studentEmail: string, qualificationId: string, startDate: string) => string,
): Promise<AcceptedRow[]> {
  const accepted: AcceptedRow[] = [];
  const firstLineOf = new Map<string, number>();
  for await (const { line, cells, columns } of records) {
    if (cells.length !== columns.length) {
      report.rejected.push({
        line,
        reasons: [`${cells.length} kolommen in plaats van ${columns.length}`],
      });
      continue;
    }
    const row = Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? ''])) as PlacementCsvRow;
    const checked = validatePlacementRow(row, qualificationIds);
    const reasons = checked.ok ? [] : [...checked.errors];
    if (checked.ok && keptFrom && checked.placement.endDate < keptFrom) {
      reasons.push(
        `end_date ${checked.placement.endDate} valt buiten de bewaartermijn (einde vóór ${keptFrom})`,
      );
    }
    const student = normalizeEmail(row.student_email);
    const start = row.start_date.trim();
    if (student && start) {
      const key = `${student}|${start}`;
      const earlier = firstLineOf.get(key);
      if (earlier === undefined) firstLineOf.set(key, line);
      else reasons.push(`zelfde student_email en start_date als regel ${earlier}`);
    }
    if (!checked.ok || reasons.length > 0) {
      report.rejected.push({ line, reasons });
      continue;
    }
    const { placement } = checked;
    accepted.push({
      line,
      id: placementKey(placement.student.email, placement.qualificationId, placement.startDate),
      input: placement,
      namesCoordinator: columns.includes('coordinator_email'),
    });
  }
  return accepted;
}

interface StoredView {
  /** Stored placements that this file imports again. */
  readonly byId: Map<string, StoredPlacement>;
  /** Other stored placements of the file's students, for the overlap check. */
  readonly byStudent: Map<string, Placement[]>;
}

/** One scan of the stored placements, keeping only what this file's rows need. */
async function readStored(store: PlacementImportPort, accepted: readonly AcceptedRow[]): Promise<StoredView> {
  const ids = new Set(accepted.map((row) => row.id));
  const students = new Set(accepted.map((row) => row.input.student.email));
  const view: StoredView = { byId: new Map(), byStudent: new Map() };
  if (accepted.length === 0) return view;
  for await (const stored of store.stored()) {
    const { placement } = stored;
    if (ids.has(placement.id)) view.byId.set(placement.id, stored);
    else if (students.has(placement.student.email)) {
      const list = view.byStudent.get(placement.student.email) ?? [];
      list.push(placement);
      view.byStudent.set(placement.student.email, list);
    }
  }
  return view;
}

/** Warns about a student's placements whose periods overlap, in the file or with stored ones. */
function warnAboutOverlaps(
  accepted: readonly AcceptedRow[],
  storedByStudent: ReadonlyMap<string, Placement[]>,
  report: ImportReport,
): void {
  const earlierInFile = new Map<string, AcceptedRow[]>();
  for (const row of accepted) {
    const student = row.input.student.email;
    const earlier = earlierInFile.get(student) ?? [];
    for (const other of earlier) {
      if (dateRangesOverlap(row.input, other.input)) {
        report.warnings.push({
          line: row.line,
          message: `overlapt met de stage van dezelfde student op regel ${other.line} (${period(other.input)})`,
        });
      }
    }
    for (const other of storedByStudent.get(student) ?? []) {
      if (dateRangesOverlap(row.input, other)) {
        report.warnings.push({
          line: row.line,
          message: `overlapt met een opgeslagen stage van dezelfde student (${period(other)}, ${other.qualificationId})`,
        });
      }
    }
    earlier.push(row);
    earlierInFile.set(student, earlier);
  }
}

function period(p: { startDate: string; endDate: string }): string {
  return `${p.startDate} t/m ${p.endDate}`;
}

/** Runs `work` over `items` with at most `limit` running at once; `work` must not throw. */
async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function isRetryable(error: unknown): boolean {
  return error instanceof ConcurrentUpdateError || error instanceof StorageUnavailableError;
}

function describeFailure(error: unknown, attempts: number): string {
  if (error instanceof ConcurrentUpdateError) {
    return `niet opgeslagen: de stage werd steeds tegelijk door iets anders gewijzigd (${attempts} pogingen); lees het bestand later opnieuw in`;
  }
  if (error instanceof StorageUnavailableError) {
    return `niet opgeslagen: de opslag was niet bereikbaar (${attempts} pogingen); lees het bestand later opnieuw in`;
  }
  if (error instanceof StorageRefusedError) {
    const answer = [error.status ?? '?', ...(error.code ? [error.code] : [])].join(' ');
    return `niet opgeslagen: de opslag weigerde de regel (${answer})`;
  }
  return `niet opgeslagen: ${error instanceof Error ? error.name : 'onbekende fout'}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The write phase: retries, progress and the counts it reports. */
class Writer {
  readonly concurrency: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private done = 0;
  private reportedTenth = 0;

  constructor(
    private readonly deps: ImportDeps,
    private readonly total: number,
  ) {
    this.concurrency = Math.max(1, deps.concurrency ?? DEFAULT_IMPORT_CONCURRENCY);
    this.attempts = Math.max(1, deps.attempts ?? DEFAULT_ATTEMPTS);
    this.retryDelayMs = deps.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  }

  /**
   * Writes the people-index rows of every planned placement before any placement, so a reader
   * never misses a role; entries of one group go in one batch. A batch that keeps failing marks
   * its rows as failed, and their placements are not written.
   */
  async writeIndex(writes: readonly PlannedWrite[]): Promise<void> {
    // Entries are made when needed; until then a row's role is one number (write index × 3 + role).
    const writeOf = (ref: number) => writes[Math.floor(ref / ROLES.length)] as PlannedWrite;
    const entryOf = (ref: number): RoleIndexEntry => {
      const write = writeOf(ref);
      const role = ROLES[ref % ROLES.length] as Role;
      return { placementId: write.id, role, email: write.input[role].email };
    };
    const byGroup = new Map<string, number[]>();
    for (let ref = 0; ref < writes.length * ROLES.length; ref++) {
      const group = this.deps.store.indexGroup(entryOf(ref));
      const list = byGroup.get(group);
      if (list) list.push(ref);
      else byGroup.set(group, [ref]);
    }
    const size = Math.max(1, this.deps.store.maxIndexBatch);
    const batches: number[][] = [];
    for (const list of byGroup.values()) {
      for (let i = 0; i < list.length; i += size) batches.push(list.slice(i, i + size));
    }
    byGroup.clear();
    await eachBounded(batches, this.concurrency, async (batch) => {
      const failure = await this.withRetries(() => this.deps.store.upsertIndex(batch.map(entryOf)));
      if (failure) for (const ref of batch) writeOf(ref).failure ??= failure;
      this.advance(batch.length);
    });
  }

  /** Creates or replaces one placement, reading it again after a concurrent change. */
  async savePlacement(write: PlannedWrite): Promise<'created' | 'updated' | 'unchanged' | 'failed'> {
    let current = write.existing;
    let outcome: 'created' | 'updated' | 'unchanged' = 'unchanged';
    const failure = await this.withRetries(async (attempt) => {
      if (attempt > 0) current = await this.deps.store.read(write.id);
      const placement = importedPlacement(write.id, write.input, current?.placement);
      if (current && sameImportedFields(current.placement, placement)) {
        outcome = 'unchanged';
        return;
      }
      if (current) await this.deps.store.replace(placement, current.etag);
      else await this.deps.store.create(placement);
      outcome = current ? 'updated' : 'created';
    });
    this.advance(1);
    if (failure) {
      write.failure = failure;
      return 'failed';
    }
    const before = current?.placement;
    if (before) {
      for (const role of ROLES) {
        if (before[role].email !== write.input[role].email) {
          // A stale index row is harmless (readers check the placement), so a failure here is not one of the row's.
          await this.withRetries(() =>
            this.deps.store.deleteIndex({ placementId: write.id, role, email: before[role].email }),
          );
        }
      }
    }
    return outcome;
  }

  /** Reports the end, once, when progress was reported at all. */
  finish(): void {
    if (this.total > 0 && this.reportedTenth < 10)
      this.deps.onProgress?.({ done: this.done, total: this.total });
  }

  /** Runs `work` until it succeeds or fails for good; the failure as the coordinator reads it. */
  private async withRetries(work: (attempt: number) => Promise<void>): Promise<string | undefined> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) await delay(this.retryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      try {
        await work(attempt);
        return undefined;
      } catch (error) {
        lastError = error;
        if (!isRetryable(error)) return describeFailure(error, attempt + 1);
      }
    }
    return describeFailure(lastError, this.attempts);
  }

  private advance(count: number): void {
    this.done += count;
    const tenth = Math.floor((this.done * 10) / this.total);
    if (tenth > this.reportedTenth) {
      this.reportedTenth = tenth;
      this.deps.onProgress?.({ done: this.done, total: this.total });
    }
  }
}
