import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseQualification, type Qualification, QualificationDataError } from '../domain/qualification';
import { projectRoot } from '../project-root';

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

function readJson(filePath: string, fileName: string): unknown {
  const content = readFileSync(filePath, 'utf8');
  try {
    return JSON.parse(content);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new QualificationDataError(fileName, [{ path: '', message: `invalid JSON: ${reason}` }]);
  }
}
