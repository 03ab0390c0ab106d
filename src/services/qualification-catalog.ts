import type { Qualification } from '../domain/qualification';
import { type BuiltInQualifications, UnknownQualificationError } from '../qualifications/catalog';
import type { QualificationRef, QualificationStore } from './qualification-ports';

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
