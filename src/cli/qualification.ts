import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Qualification, qualificationData } from '../domain/qualification';
import {
  type PreviewOutcome,
  previewQualificationForm,
  type QualificationChanges,
  qualificationCounts,
  saveQualification,
} from '../services/qualification-forms';
import { listQualificationVersions } from '../services/qualification-list';
import { runAsMain, withCliStorage } from './cli-storage';

const USAGE = `Gebruik:
  npm run qualification -- import <formulier.pdf|.docx|.txt> [--id <id>] [--dry-run]
                             een afsprakenlijst inlezen en tonen wat erin staat; zonder --dry-run
                             daarna opslaan (nieuw, of als nieuwe versie van dezelfde id)
  npm run qualification -- list
                             alle kwalificaties en hun versies`;

type Out = (line: string) => void;

interface ImportArgs {
  readonly file: string;
  readonly id?: string;
  readonly dryRun: boolean;
}

function parseImportArgs(args: readonly string[]): ImportArgs | string {
  let file: string | undefined;
  let id: string | undefined;
  let dryRun = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--id') {
      id = args[i + 1];
      i += 1;
      if (!id || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id))
        return '--id vraagt een id in kleine letters, cijfers en streepjes, zoals "kok-2025".';
    } else if (arg.startsWith('--')) return `Onbekende optie ${arg}.`;
    else if (file === undefined) file = arg;
    else return `Eén formulier tegelijk; "${arg}" is te veel.`;
  }
  if (!file) return 'Geef het formulier op.';
  return { file, dryRun, ...(id ? { id } : {}) };
}

function describe(q: Qualification, out: Out): void {
  const counts = qualificationCounts(q);
  out(`${q.title} (id ${q.id}${q.crebo ? `, crebo ${q.crebo}` : ''})`);
  out(`${counts.kerntaken} kerntaken, ${counts.werkprocessen} werkprocessen`);
  out(`niveaus: ${q.levels.map((level) => `${level.code} = ${level.label}`).join(', ')}`);
  out(`criteria: ${q.criteria.map((criterion) => `${criterion.key}) ${criterion.label}`).join(', ')}`);
  out(`niet van toepassing: ${q.notApplicable.code} = ${q.notApplicable.label}`);
  for (const kerntaak of q.kerntaken) {
    out(`  ${kerntaak.code} ${kerntaak.title}`);
    for (const werkproces of kerntaak.werkprocessen) out(`    ${werkproces.code} ${werkproces.title}`);
  }
}

function describeChanges(changes: QualificationChanges, basedOn: number, out: Out): void {
  const lines = [
    ['nieuwe kerntaken', changes.addedKerntaken],
    ['vervallen kerntaken', changes.removedKerntaken],
    ['kerntaken met een andere titel', changes.retitledKerntaken],
    ['nieuwe werkprocessen', changes.addedWerkprocessen],
    ['vervallen werkprocessen', changes.removedWerkprocessen],
    ['werkprocessen met een andere titel of omschrijving', changes.changedWerkprocessen],
  ] as const;
  out(`wijzigingen ten opzichte van versie ${basedOn}:`);
  for (const [label, codes] of lines) if (codes.length > 0) out(`  ${label}: ${codes.join(', ')}`);
  if (changes.scaleChanged) out('  de niveaus, hun criteria of "niet van toepassing" zijn anders');
  if (changes.headerChanged) out('  de naam, de titel van het formulier of het crebonummer is anders');
}

function report(outcome: PreviewOutcome, out: Out, err: Out): number {
  if (outcome.kind === 'unreadable') {
    err('Dit formulier kan niet gelezen worden; er is niets opgeslagen.');
    for (const problem of outcome.problems)
      err(problem.line > 0 ? `regel ${problem.line}: ${problem.message}` : problem.message);
    return 1;
  }
  if (outcome.kind === 'unchanged') {
    out(`Gelijk aan versie ${outcome.version} van ${outcome.qualification.id}; er is niets op te slaan.`);
    return 0;
  }
  const { preview } = outcome;
  describe(preview.qualification, out);
  if (preview.changes) describeChanges(preview.changes, preview.basedOn, out);
  out(
    preview.basedOn === 0
      ? `nieuwe kwalificatie: wordt versie ${preview.version}`
      : `nieuwe versie: ${preview.version} (opgeslagen: ${preview.basedOn})`,
  );
  return 0;
}

/**
 * `npm run qualification`: reads a school's afsprakenlijst form and stores it as a qualification
 * (or a new version of one), or lists what is stored. Storage as for `placements`.
 */
export async function runQualificationCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
  now: () => Date = () => new Date(),
): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'import' && command !== 'list') {
    err(USAGE);
    return 2;
  }
  const parsed = command === 'import' ? parseImportArgs(rest) : undefined;
  if (typeof parsed === 'string') {
    err(`${parsed}\n${USAGE}`);
    return 2;
  }
  if (command === 'list' && rest.length > 0) {
    err(USAGE);
    return 2;
  }
  let bytes: Buffer | undefined;
  if (parsed) {
    try {
      bytes = readFileSync(parsed.file);
    } catch {
      err(`Kan ${parsed.file} niet lezen.`);
      return 2;
    }
  }
  return withCliStorage(env, err, async (context) => {
    const { qualificationStore, qualifications } = context;
    if (!parsed || !bytes) {
      const versions = await listQualificationVersions({
        builtIns: context.builtInQualifications,
        store: qualificationStore,
      });
      for (const v of versions) {
        out(
          v.savedAt === undefined
            ? `${v.id} | versie 1 (ingebouwd) | ${v.title} | ${v.kerntaken} kerntaken, ${v.werkprocessen} werkprocessen`
            : `${v.id} | versie ${v.version} | ${v.title} | ${v.kerntaken} kerntaken, ${v.werkprocessen} werkprocessen | opgeslagen ${v.savedAt}`,
        );
      }
      out(`${versions.length} versie(s)`);
      return 0;
    }
    const outcome = await previewQualificationForm(
      { qualifications },
      { bytes, fileName: path.basename(parsed.file), ...(parsed.id ? { id: parsed.id } : {}) },
    );
    const code = report(outcome, out, err);
    if (outcome.kind !== 'preview') return code;
    if (parsed.dryRun) {
      out('--dry-run: niets opgeslagen.');
      return 0;
    }
    const { preview } = outcome;
    const saved = await saveQualification(
      { qualifications, store: qualificationStore },
      {
        qualification: qualificationData(preview.qualification),
        basedOn: preview.basedOn,
        digest: preview.digest,
        now: now(),
      },
    );
    if (saved.kind === 'saved' || saved.kind === 'alreadySaved') {
      out(`opgeslagen als versie ${saved.version} van ${saved.id}`);
      return 0;
    }
    err(
      saved.kind === 'stale'
        ? `Intussen is versie ${saved.newest} opgeslagen; er is niets opgeslagen. Probeer het opnieuw.`
        : 'Niet opgeslagen.',
    );
    return 1;
  });
}

if (require.main === module) runAsMain(runQualificationCli);
