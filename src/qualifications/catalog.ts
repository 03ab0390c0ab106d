import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseQualification, type Qualification, QualificationDataError } from '../domain/qualification';
import { projectRoot } from '../project-root';
import type { QualificationRef, QualificationStore } from '../services/qualification-ports';

/** A qualification at one of its versions. */
export interface VersionedQualification {
  readonly qualification: Qualification;
  readonly version: number;
  /** True for a qualification shipped with the product (always version 1). */
  readonly builtIn: boolean;
}

/**
 * The qualifications known to the bot: the built-in ones (version 1) and the versions the school
 * stored from its own forms. Versions never change, so a version once read is kept in memory and
 * a card click costs no storage request for it.
 */
export interface QualificationCatalog {
  /** The qualification at `version`, or at its newest version when none is given; `undefined` when unknown. */
  get(id: string, version?: number): Promise<Qualification | undefined>;
  /** As {@link get}; throws {@link UnknownQualificationError} when there is none. */
  require(id: string, version?: number): Promise<Qualification>;
  /** The version a placement started with; throws {@link UnknownQualificationError} when there is none. */
  forPlacement(ref: QualificationRef): Promise<Qualification>;
  /**
   * The version a placement started with, when this process has read it before (a built-in one
   * always): for cards drawn synchronously after a use case read it. Throws
   * {@link UnknownQualificationError} otherwise.
   */
  loaded(ref: QualificationRef): Qualification;
  /** The newest version of `id`, or `undefined` when it is unknown. */
  newest(id: string): Promise<VersionedQualification | undefined>;
  /** Every known id with its newest version number, built-in ids first, in name order. */
  newestVersions(): Promise<ReadonlyMap<string, number>>;
  /** All known ids. */
  ids(): Promise<string[]>;
}

/** The qualifications shipped with the product (data files under `src/qualifications/`), read at start. */
export interface BuiltInQualifications {
  /** The qualification with this id, or `undefined`. */
  get(id: string): Qualification | undefined;
  /** The qualification with this id; throws {@link UnknownQualificationError} when there is none. */
  require(id: string): Qualification;
  /** All ids, ordered by data file name. */
  ids(): string[];
}

/** Thrown by {@link QualificationCatalog.require} for an id no data file defines. */
export class UnknownQualificationError extends Error {
  override readonly name = 'UnknownQualificationError';

  constructor(
    readonly id: string,
    known: readonly string[],
  ) {
    super(`Unknown qualification "${id}"; known qualifications: ${known.join(', ') || '(none)'}`);
  }
}

/**
 * Folder holding the qualification JSON files.
 * Resolved from the project root, not `__dirname`: the build only compiles `.ts` into `dist/`, so the JSON
 * files exist only under `src/`.
 */
export function defaultQualificationsDir(): string {
  return path.join(projectRoot(), 'src', 'qualifications');
}

/**
 * Reads and validates every `*.json` file in `dir` (not recursive).
 * @throws QualificationDataError naming the file (and field) for invalid JSON, invalid data or a duplicate id.
 * @throws Error when `dir` holds no JSON files, since a bot without qualifications cannot do anything useful.
 */
export function loadQualificationCatalog(dir: string = defaultQualificationsDir()): BuiltInQualifications {
  const fileNames = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort();
  if (fileNames.length === 0) {
    throw new Error(`No qualification data files (*.json) found in ${dir}`);
  }

  const byId = new Map<string, { qualification: Qualification; fileName: string }>();
  for (const fileName of fileNames) {
    const qualification = parseQualification(readJson(path.join(dir, fileName), fileName), fileName);
    const existing = byId.get(qualification.id);
    if (existing) {
      throw new QualificationDataError(fileName, [
        {
          path: 'id',
          message: `duplicate qualification id "${qualification.id}", already defined in ${existing.fileName}`,
        },
      ]);
    }
    byId.set(qualification.id, { qualification, fileName });
  }

  const ids = [...byId.keys()];
  return {
    get: (id) => byId.get(id)?.qualification,
    require: (id) => {
      const found = byId.get(id);
      if (!found) throw new UnknownQualificationError(id, ids);
      return found.qualification;
    },
    ids: () => [...ids],
  };
}

/**
 * The built-in qualifications (version 1) and the versions stored in `store`. A stored version of a
 * built-in id is version 2 or later. Versions read from storage are kept in memory: they never
 * change. Only the newest version and the list are asked of storage each time.
 */
export function storedQualificationCatalog(
  builtIns: BuiltInQualifications,
  store: QualificationStore | undefined,
): QualificationCatalog {
  const cache = new Map<string, Qualification>();
  const known = async (): Promise<Map<string, number>> => {
    const versions = new Map<string, number>(builtIns.ids().map((id) => [id, 1]));
    for (const row of (await store?.list()) ?? []) {
      versions.set(row.id, Math.max(versions.get(row.id) ?? 0, row.version));
    }
    return versions;
  };
  const newest = async (id: string): Promise<VersionedQualification | undefined> => {
    const stored = await store?.newest(id);
    if (stored) {
      cache.set(`${id}@${stored.version}`, stored.qualification);
      return { qualification: stored.qualification, version: stored.version, builtIn: false };
    }
    const builtIn = builtIns.get(id);
    return builtIn ? { qualification: builtIn, version: 1, builtIn: true } : undefined;
  };
  const atVersion = async (id: string, version: number): Promise<Qualification | undefined> => {
    const builtIn = version === 1 ? builtIns.get(id) : undefined;
    if (builtIn) return builtIn;
    const key = `${id}@${version}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const stored = await store?.version(id, version);
    if (stored) cache.set(key, stored.qualification);
    return stored?.qualification;
  };
  const get = async (id: string, version?: number) =>
    version === undefined ? (await newest(id))?.qualification : atVersion(id, version);
  const require = async (id: string, version?: number) => {
    const found = await get(id, version);
    if (!found)
      throw new UnknownQualificationError(version === undefined ? id : `${id}@${version}`, [
        ...(await known()).keys(),
      ]);
    return found;
  };
  return {
    get,
    require,
    forPlacement: (ref) => require(ref.qualificationId, ref.qualificationVersion ?? 1),
    loaded: (ref) => {
      const version = ref.qualificationVersion ?? 1;
      const found =
        (version === 1 ? builtIns.get(ref.qualificationId) : undefined) ??
        cache.get(`${ref.qualificationId}@${version}`);
      if (!found) throw new UnknownQualificationError(`${ref.qualificationId}@${version}`, builtIns.ids());
      return found;
    },
    newest,
    newestVersions: known,
    ids: async () => [...(await known()).keys()],
  };
}

function readJson(filePath: string, fileName: string): unknown {
  const content = readFileSync(filePath, 'utf8');
  try {
    return JSON.parse(content);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new QualificationDataError(fileName, [{ path: '', message: `invalid JSON: ${reason}` }]);
  }
}
