import { readFileSync } from 'node:fs';
import { CoordinatorsFileError, readCoordinatorsCsv } from '../services/coordinator-csv';
import { CsvEncodingError, CsvHeaderError, importPlacements } from '../services/import-placements';
import type { PlacementImportPort } from '../services/placement-import-ports';
import type { QualificationCatalog } from '../services/qualification-catalog';

/** Below this many rows an import is over before progress would tell the coordinator anything. */
export const PROGRESS_MIN_ROWS = 1000;

type Out = (line: string) => void;

/**
 * `placements import <file>`: reads the file as bytes (so a non-UTF-8 export is refused, not
 * garbled), imports it, prints progress for a large file and one line per row that needs the
 * coordinator's attention, in line order, then the summary. Exit code 1 when a row was refused or
 * could not be stored.
 */
export async function importFile(
  file: string,
  ports: { readonly placementImport: PlacementImportPort; readonly qualifications: QualificationCatalog },
  out: Out,
  err: Out,
  keptFrom?: string,
  coordinatorsFile?: string,
): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    err(`Kan ${file} niet lezen.`);
    return 2;
  }
  let coordinatorBySupervisor: Map<string, string> | undefined;
  if (coordinatorsFile) {
    try {
      coordinatorBySupervisor = readCoordinatorsCsv(readFileSync(coordinatorsFile));
    } catch (error) {
      if (error instanceof CoordinatorsFileError || error instanceof CsvEncodingError) {
        err(error.message);
        return 1;
      }
      err(`Kan ${coordinatorsFile} niet lezen.`);
      return 2;
    }
  }
  const rows = countLines(bytes) - 1;
  const qualificationVersions = await ports.qualifications.newestVersions();
  let report: Awaited<ReturnType<typeof importPlacements>>;
  try {
    report = await importPlacements(bytes, {
      store: ports.placementImport,
      qualificationIds: [...qualificationVersions.keys()],
      qualificationVersions,
      ...(keptFrom ? { keptFrom } : {}),
      ...(coordinatorBySupervisor ? { coordinatorBySupervisor } : {}),
      onProgress:
        rows >= PROGRESS_MIN_ROWS
          ? ({ done, total }) =>
              err(
                `bezig: ${Math.floor((done * 100) / total)}% opgeslagen (${done} van ${total} schrijfacties)`,
              )
          : undefined,
    });
  } catch (error) {
    if (error instanceof CsvHeaderError || error instanceof CsvEncodingError) {
      err(error.message);
      return 1;
    }
    throw error;
  }
  const lines: { line: number; text: string }[] = [
    ...report.rejected.map(({ line, reasons }) => ({ line, text: reasons.join('; ') })),
    ...report.failed.map(({ line, reason }) => ({ line, text: reason })),
    ...report.warnings.map(({ line, message }) => ({ line, text: `let op: ${message}` })),
  ];
  lines.sort((a, b) => a.line - b.line);
  for (const { line, text } of lines) err(`regel ${line}: ${text}`);
  out(
    [
      `nieuw: ${report.created}`,
      `bijgewerkt: ${report.updated}`,
      `ongewijzigd: ${report.unchanged}`,
      `afgewezen: ${report.rejected.length}`,
      `mislukt: ${report.failed.length}`,
      `waarschuwingen: ${report.warnings.length}`,
    ].join(', '),
  );
  return report.rejected.length > 0 || report.failed.length > 0 ? 1 : 0;
}

function countLines(bytes: Buffer): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count += 1;
  return count;
}
