import { readFileSync } from 'node:fs';
import { isIsoDate } from '../domain/placement';
import { localDate } from '../domain/privacy';
import type { BackupStore } from '../services/backups';
import { erasePerson } from '../services/erase-person';
import { rotateEmailHashKey } from '../services/key-rotation';
import { purgeExpiredPlacements } from '../services/purge-placements';
import { MIN_EMAIL_HASH_KEY_LENGTH } from '../storage/storage-settings';
import { type CliContext, withCliStorage } from './cli-storage';

type Out = (line: string) => void;
type Command = (
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
) => Promise<number>;

export const PRIVACY_USAGE = `  npm run placements -- erase <e-mailadres>     alle persoonsgegevens van iemand verwijderen (AVG)
  npm run placements -- purge [--dry-run] [--now JJJJ-MM-DD]
                                               stages verwijderen die langer dan RETENTION_MONTHS geleden eindigden
  npm run placements -- migrate-keys --from-key-file <bestand>
                                               na een nieuwe EMAIL_HASH_KEY: sleutels van de vorige omzetten`;

/** `erase <email>`: prints what it removed, as counts and placement ids; never the person. */
const erase: Command = async (args, env, out, err) => {
  const [email, ...rest] = args;
  if (!email?.includes('@') || rest.length > 0) {
    err(`Geef één e-mailadres op.\n${PRIVACY_USAGE}`);
    return 2;
  }
  return withCliStorage(env, err, async (context) => {
    const { erasure } = context;
    const report = await erasePerson(email, erasure);
    // The keys go beside the backups, so a restore of an older backup erases the person again.
    const tombstone = await recordErasure(context, erasure.personalData.emailKeys(email));
    if (!tombstone)
      err('Let op: geen blobopslag voor back-ups; een teruggezette back-up wist deze persoon niet vanzelf.');
    for (const id of report.removedPlacements) out(`stage verwijderd (deze persoon was de deelnemer): ${id}`);
    for (const id of report.anonymisedPlacements)
      out(`stage behouden, persoon vervangen door "verwijderd": ${id}`);
    if (report.removedPlacements.length + report.anonymisedPlacements.length === 0) {
      out('geen stage met dit adres gevonden');
    }
    out(
      `verwijderd: stage-rijen ${report.placementRows}, herinneringsrijen ${report.reminderRows}, indexrijen ${report.indexRows}, kaarten ${report.cards}, gebruikerskoppelingen ${report.users}, gespreksverwijzingen ${report.conversations}, bestanden van het BPV-bureau ${report.officeFiles}`,
    );
    out(
      `geanonimiseerd: auditregels ${report.auditEntries}, besluiten ${report.decisions}, versies ${report.versions}`,
    );
    return 0;
  });
};

/** `purge [--dry-run] [--now YYYY-MM-DD]`: the retention purge by hand, or a preview of it. */
const purge: Command = async (args, env, out, err) => {
  let dryRun = false;
  let today: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--now') today = args[++i] ?? '';
    else if (arg.startsWith('--now=')) today = arg.slice('--now='.length);
    else {
      err(`Onbekende optie: ${arg}\n${PRIVACY_USAGE}`);
      return 2;
    }
  }
  if (today !== undefined && !isIsoDate(today)) {
    err(`--now '${today}' is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2028-01-31`);
    return 2;
  }
  return withCliStorage(env, err, async ({ config, retention }) => {
    const report = await purgeExpiredPlacements(
      {
        today: today ?? localDate(new Date(), config.reminders.timeZone),
        months: config.retentionMonths,
        dryRun,
      },
      retention,
    );
    out(
      `bewaartermijn ${config.retentionMonths} maanden: stages die vóór ${report.cutoff} eindigden worden verwijderd`,
    );
    for (const p of report.placements) out(`${p.id} | einde ${p.endDate}`);
    if (dryRun) {
      out(
        `proefrun: ${report.placements.length} stage(s) zouden worden verwijderd, en ${report.users} gebruikerskoppeling(en) en ${report.conversations} gespreksverwijzing(en) van wie sindsdien niet meer schreef; er is niets gewijzigd`,
      );
    } else {
      out(
        `verwijderd: ${report.placements.length} stage(s), stage-rijen ${report.rows}, herinneringsrijen ${report.reminderRows}, indexrijen ${report.indexRows}, gebruikerskoppelingen ${report.users}, gespreksverwijzingen ${report.conversations}`,
      );
    }
    return 0;
  });
};

/**
 * `migrate-keys --from-key-file F` (a new EMAIL_HASH_KEY: the previous key is read from a file, so it
 * never shows in a process list).
 */
const migrateKeys: Command = async (args, env, out, err) => {
  const from = previousKeys(args);
  if (typeof from === 'string') {
    err(`${from}\n${PRIVACY_USAGE}`);
    return 2;
  }
  return withCliStorage(env, err, async ({ storedKeys }) => {
    const r = await rotateEmailHashKey(from.key, { keys: storedKeys });
    out(
      `stages: verplaatst ${r.placementsMoved}, al omgezet ${r.placementsUnchanged}, onbekend ${r.placementsUnknown} (rijen ${r.rowsMoved}, herinneringsrijen ${r.reminderRowsMoved})`,
    );
    out(
      `indexrijen: omgezet ${r.indexRewritten}, al omgezet ${r.indexUnchanged}, opgeruimd ${r.indexRemoved}`,
    );
    out(
      `gebruikerskoppelingen: omgezet ${r.usersRewritten}, al omgezet ${r.usersUnchanged}, vergeten ${r.usersRemoved}`,
    );
    out(`gespreksverwijzingen: namen verwijderd uit ${r.conversationsStripped}`);
    return 0;
  });
};

/** The key the stored keys were made with, from the arguments; a message when they are wrong. */
function previousKeys(args: readonly string[]): { readonly key: string } | string {
  if (args.length === 2 && args[0] === '--from-key-file' && args[1]) {
    let key: string;
    try {
      key = readFileSync(args[1], 'utf8').trim();
    } catch {
      return `Kan het bestand met de vorige sleutel niet lezen: ${args[1]}`;
    }
    if (key.length < MIN_EMAIL_HASH_KEY_LENGTH) {
      return `De vorige sleutel in ${args[1]} is korter dan ${MIN_EMAIL_HASH_KEY_LENGTH} tekens.`;
    }
    return { key };
  }
  return 'Geef aan waarvandaan: migrate-keys --from-key-file <bestand met de vorige sleutel>';
}

/** The coordinator's privacy commands, by name, for `npm run placements`. */
export const privacyCommands: Readonly<Record<string, Command>> = {
  erase,
  purge,
  'migrate-keys': migrateKeys,
};

/** Records the erased keys beside the backups; false where the account has no blob service. */
async function recordErasure(context: Pick<CliContext, 'backups'>, keys: string[]): Promise<boolean> {
  let backups: BackupStore;
  try {
    backups = context.backups();
  } catch {
    return false;
  }
  await backups.recordErasure(keys);
  return true;
}
