import { z } from 'zod';
import type { Role } from '../domain/placement';
import { markdownText } from '../domain/text';
import type { Logger } from '../logger';
import type { OverviewRules } from '../services/coordinator-overview';
import { type DownloadLinkDeps, issueOfficeLink, type OfficeDownload } from '../services/download-links';
import type { InstallReport } from '../services/install-app';
import {
  askOfficeAction,
  type ConfirmOutcome,
  confirmOfficeAction,
  type OfficeActionDeps,
} from '../services/office/office-actions';
import {
  OFFICE_STATES,
  type OfficeOverviewDeps,
  officeOverview,
  officeStateLabel,
} from '../services/office/office-overview';
import type { OfficeRole } from '../services/office/office-role';
import {
  type ImportedSummary,
  importPreviewed,
  type PlacementUploadDeps,
  type PreviewSummary,
  previewPlacementUpload,
} from '../services/office/placement-upload';
import {
  fetchUpload,
  type UploadedFile,
  type UploadFetchRules,
  uploadKind,
} from '../services/office/uploaded-file';
import { type AdaptiveCardJson, type CardAction, renderCard } from './cards';
import type { Reply } from './reply';
import { Verb } from './verbs';

/** What the BPV office's cards work through; the composition root builds it. */
export interface OfficeDeps {
  readonly role: OfficeRole;
  readonly upload: Omit<PlacementUploadDeps, 'now' | 'today' | 'keptFrom'> & {
    readonly today: (now: Date) => string;
    /** The first end date retention keeps, for the school's `today`. */
    readonly keptFrom: (today: string) => string;
  };
  readonly fetchRules: UploadFetchRules;
  readonly actions: OfficeActionDeps;
  readonly overview: OfficeOverviewDeps & { readonly rules: OverviewRules };
  readonly downloads: DownloadLinkDeps;
  /** Installs the app for everyone without a chat with the bot; undefined when installing is off. */
  readonly installApp: (() => Promise<InstallReport>) | undefined;
  /** Replaces a card in the office member's chat (the import card, with the installs' outcome). */
  readonly updateCard: (aadObjectId: string, activityId: string, card: AdaptiveCardJson) => Promise<void>;
  readonly logger: Logger;
}

/** The office member's turn: who, when. */
export interface OfficeTurn {
  readonly aadObjectId: string;
  readonly now: Date;
}

/** A typed office command: `overzicht`, `exporteren`, `verwijderen <adres>`, `koppelen <adres>`. */
export type OfficeCommand =
  | { readonly kind: 'overview' }
  | { readonly kind: 'export' }
  | { readonly kind: 'erase' | 'rebind'; readonly email: string };

const WITH_ADDRESS = new Map<string, 'erase' | 'rebind'>([
  ['verwijderen', 'erase'],
  ['verwijder', 'erase'],
  ['erase', 'erase'],
  ['koppelen', 'rebind'],
  ['koppel', 'rebind'],
  ['rebind', 'rebind'],
]);

/** Reads an office command from message text; undefined for anything else. */
export function parseOfficeCommand(text: unknown): OfficeCommand | undefined {
  if (typeof text !== 'string' || text.length > 400) return undefined;
  const words = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    // Teams turns a typed address into a mailto link.
    .replace(/<a [^>]*href="mailto:([^"]+)"[^>]*>[^<]*<\/a>/gi, '$1')
    .trim()
    .replace(/^[/!]+/, '')
    .split(/\s+/);
  const word = words[0]?.toLowerCase().replace(/[.!,]+$/, '');
  if (!word) return undefined;
  if (words.length === 1 && (word === 'overzicht' || word === 'overview')) return { kind: 'overview' };
  if (words.length === 1 && (word === 'exporteren' || word === 'export')) return { kind: 'export' };
  const kind = WITH_ADDRESS.get(word);
  if (kind) return { kind, email: words.slice(1).join(' ') };
  return undefined;
}

const FILE_ATTACHMENT = 'application/vnd.microsoft.teams.file.download.info';

/** The files a Teams message carries (`file.download.info` attachments); other attachments are not files. */
export function uploadedFiles(attachments: unknown): UploadedFile[] {
  if (!Array.isArray(attachments)) return [];
  const files: UploadedFile[] = [];
  for (const a of attachments) {
    const attachment = a as { contentType?: unknown; name?: unknown; content?: unknown } | null;
    if (attachment?.contentType !== FILE_ATTACHMENT) continue;
    const content = attachment.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
    if (typeof content?.downloadUrl !== 'string') continue;
    files.push({
      name: typeof attachment.name === 'string' ? attachment.name : '',
      fileType: typeof content.fileType === 'string' ? content.fileType : '',
      downloadUrl: content.downloadUrl,
    });
  }
  return files;
}

function officeCard(
  title: string,
  paragraphs: string[],
  options: {
    tone?: 'default' | 'warning' | 'good';
    facts?: { title: string; value: string }[];
    lines?: string[];
    actions?: CardAction[];
    url?: { title: string; href: string };
    exportForm?: boolean;
  } = {},
): AdaptiveCardJson {
  return renderCard('office', {
    title,
    tone: options.tone ?? 'default',
    paragraphs,
    facts: options.facts ?? [],
    lines: options.lines ?? [],
    exportForm: options.exportForm ?? false,
    since: '',
    url: options.url?.href ?? '',
    urlTitle: options.url?.title ?? '',
    actions: options.actions ?? [],
  });
}

const OVERVIEW_ACTION: CardAction = { title: 'Overzicht', verb: Verb.officeOverview, data: {} };

/** The answer to someone outside the office who tries what only the office does. */
export function notOfficeCard(configured: boolean): AdaptiveCardJson {
  return officeCard(
    'Alleen voor het BPV-bureau',
    [
      'Stages inlezen, exporteren, iemand verwijderen of opnieuw koppelen kan alleen het BPV-bureau van de school. Er is niets gedaan.',
      configured
        ? 'Hoort u bij het BPV-bureau? Vraag de beheerder van de app u toe te voegen.'
        : 'De school heeft nog niemand als BPV-bureau ingesteld (BPV_OFFICE_USERS of BPV_OFFICE_GROUP_ID).',
    ],
    { tone: 'warning' },
  );
}

/** The office's welcome and help: what it can do here. */
export function officeHelpCard(): AdaptiveCardJson {
  return officeCard(
    'BPV-bureau',
    [
      'Wat u hier kunt doen:',
      '- **Stages inlezen**: stuur het CSV-bestand uit het studentvolgsysteem als bijlage in deze chat. U krijgt eerst een voorbeeld; pas na **Importeren** wordt er iets opgeslagen.\n- **overzicht**: alle stages van deze periode per stand, met een CSV-download.\n- **exporteren**: de goedgekeurde afsprakenlijsten als zip (PDF en CSV).\n- **verwijderen** *e-mailadres*: alle gegevens van iemand verwijderen (AVG), na bevestiging.\n- **koppelen** *e-mailadres*: iemand met een nieuw Teams-account opnieuw koppelen, na bevestiging.',
    ],
    { actions: [OVERVIEW_ACTION, { title: 'Exporteren', verb: Verb.officeExport, data: { form: true } }] },
  );
}

/**
 * The office's answer to a message: files and office commands from an office member, a polite
 * refusal for anyone else; undefined when the message is not for the office.
 */
export async function officeMessage(
  turn: OfficeTurn,
  message: { text: unknown; attachments: unknown },
  deps: OfficeDeps,
  hasOtherRoles: boolean,
): Promise<Reply | undefined> {
  const files = uploadedFiles(message.attachments);
  const command = parseOfficeCommand(message.text);
  if (files.length === 0 && !command) return undefined;
  const member = await deps.role.isMember(turn.aadObjectId);
  if (!member) {
    // A supervisor's `overzicht` is their caseload, a coordinator's their overview: not the office's.
    if (command?.kind === 'overview' && files.length === 0) return undefined;
    return { card: notOfficeCard(deps.role.configured) };
  }
  if (files.length > 0) return { card: await uploadCard(turn, files, deps) };
  switch (command?.kind) {
    case 'overview':
      return { card: await overviewCard(turn, deps) };
    case 'export':
      return { card: exportFormCard() };
    case 'erase':
    case 'rebind':
      return { card: await askCard(turn, command.kind, command.email, deps) };
    default:
      return hasOtherRoles ? undefined : { card: officeHelpCard() };
  }
}

function uploadDeps(turn: OfficeTurn, deps: OfficeDeps): PlacementUploadDeps {
  const today = deps.upload.today(turn.now);
  return { ...deps.upload, now: turn.now, today, keptFrom: deps.upload.keptFrom(today) };
}

/** Decides by file kind, in this one place, what an uploaded file is for. */
async function uploadCard(
  turn: OfficeTurn,
  files: UploadedFile[],
  deps: OfficeDeps,
): Promise<AdaptiveCardJson> {
  if (files.length > 1) {
    return officeCard('Eén bestand tegelijk', ['Stuur één bestand per bericht; er is niets ingelezen.'], {
      tone: 'warning',
    });
  }
  const file = files[0] as UploadedFile;
  const kind = uploadKind(file);
  if (kind === 'qualification') {
    return officeCard(
      'Kwalificatieformulier nog niet in te lezen',
      [
        'Dit lijkt een afsprakenlijst (PDF, Word of tekst). Het inlezen van een nieuwe kwalificatie uit zo’n formulier kan hier nog niet; er is niets opgeslagen.',
        'Stages inlezen gaat met een **CSV-bestand** uit het studentvolgsysteem.',
      ],
      { tone: 'warning' },
    );
  }
  if (kind === 'other') {
    return officeCard(
      'Dit bestand kan de bot niet lezen',
      ['Stuur de stages als **CSV-bestand** (in Excel: Opslaan als → CSV UTF-8). Er is niets ingelezen.'],
      { tone: 'warning' },
    );
  }
  const fetched = await fetchUpload(file.downloadUrl, deps.fetchRules);
  if (fetched.kind === 'host-not-allowed') {
    deps.logger.warn({ event: 'upload_host_refused' }, 'uploaded file on a host that is not allowed');
    return officeCard(
      'Bestand niet opgehaald',
      [
        'Het bestand staat op een plek waar de bot geen bestanden van ophaalt (alleen OneDrive en SharePoint van de school). Stuur het als bijlage in deze chat; er is niets ingelezen.',
      ],
      { tone: 'warning' },
    );
  }
  if (fetched.kind === 'too-large') {
    return officeCard(
      'Bestand te groot',
      [
        `Het bestand is groter dan ${Math.round(fetched.maxBytes / 1024 / 1024)} MB, de grens die de school heeft ingesteld (FILE_UPLOAD_MAX_BYTES). Er is niets ingelezen. Splits het bestand, of vraag de beheerder de grens te verhogen.`,
      ],
      { tone: 'warning' },
    );
  }
  if (fetched.kind === 'unreachable') {
    return officeCard('Bestand niet opgehaald', ['Teams gaf het bestand niet (meer). Stuur het nog eens.'], {
      tone: 'warning',
    });
  }
  const outcome = await previewPlacementUpload(fetched.bytes, turn.aadObjectId, uploadDeps(turn, deps));
  if (outcome.kind === 'unreadable') {
    return officeCard('Het bestand is niet ingelezen', outcome.message.split('\n'), { tone: 'warning' });
  }
  deps.logger.info(
    {
      event: 'placements_previewed',
      created: outcome.summary.created,
      rejected: outcome.summary.rejected.length,
    },
    'placements file previewed',
  );
  return previewCard(outcome.previewId, outcome.summary, deps.installApp !== undefined);
}

const SHOWN_ROWS = 20;
const SHOWN_PEOPLE = 10;
const ROLE_NAMES: Record<Role, string> = {
  student: 'deelnemer',
  trainer: 'praktijkopleider',
  supervisor: 'begeleider',
};

function previewCard(previewId: string, s: PreviewSummary, installs: boolean): AdaptiveCardJson {
  const lines = s.rejected
    .slice(0, SHOWN_ROWS)
    .map(({ line, reasons }) => `- regel ${line}: ${markdownText(reasons.join('; '))}`);
  if (s.rejected.length > SHOWN_ROWS) {
    lines.push(`- … en nog ${s.rejected.length - SHOWN_ROWS} regel(s): zie het rapport`);
  }
  const people = s.newPeople
    .slice(0, SHOWN_PEOPLE)
    .map((p) => `${markdownText(p.name)} (${ROLE_NAMES[p.role]})`)
    .join(', ');
  const more = s.newPeople.length > SHOWN_PEOPLE ? ` en ${s.newPeople.length - SHOWN_PEOPLE} anderen` : '';
  const install =
    s.newPeople.length === 0
      ? 'Er komen geen nieuwe mensen bij.'
      : installs
        ? `Na het importeren krijgen de nieuwe mensen zonder gesprek met de bot de Teams-app: ${people}${more}.`
        : `Nieuwe mensen: ${people}${more}. De app wordt niet automatisch geïnstalleerd (TEAMS_APP_CATALOG_ID of de Graph-identiteit ontbreekt); zij beginnen zelf met de app.`;
  const actions: CardAction[] = [];
  if (s.created + s.updated > 0) {
    actions.push({
      title: 'Importeren',
      verb: Verb.officeImport,
      data: { id: previewId },
      style: 'positive',
    });
  }
  if (s.rejected.length + s.warnings.length > 0) {
    actions.push({ title: 'Rapport afgewezen regels', verb: Verb.officeReport, data: { id: previewId } });
  }
  return officeCard(
    'Voorbeeld: stages inlezen',
    [
      'Er is nog **niets opgeslagen**. Controleer de aantallen en kies **Importeren**.',
      ...(s.created + s.updated === 0 ? ['Dit bestand verandert niets aan de opgeslagen stages.'] : []),
      install,
      ...(s.rejected.length > 0
        ? [`Afgewezen regels (worden niet ingelezen; pas ze aan in het studentvolgsysteem):`]
        : []),
    ],
    {
      facts: [
        { title: 'Nieuw', value: String(s.created) },
        { title: 'Gewijzigd', value: String(s.updated) },
        { title: 'Ongewijzigd', value: String(s.unchanged) },
        { title: 'Al afgelopen', value: String(s.ended) },
        { title: 'Afgewezen', value: String(s.rejected.length) },
        { title: 'Waarschuwingen', value: String(s.warnings.length) },
      ],
      lines,
      actions,
    },
  );
}

function importedFacts(s: ImportedSummary) {
  return [
    { title: 'Nieuw', value: String(s.created) },
    { title: 'Gewijzigd', value: String(s.updated) },
    { title: 'Ongewijzigd', value: String(s.unchanged) },
    { title: 'Afgewezen', value: String(s.rejected) },
    ...(s.failed.length > 0 ? [{ title: 'Niet opgeslagen', value: String(s.failed.length) }] : []),
  ];
}

function importedCard(s: ImportedSummary, installLine: string | undefined, again = false): AdaptiveCardJson {
  return officeCard(
    again ? 'Dit bestand is al ingelezen' : 'Stages ingelezen',
    [
      again ? 'Er is niets opnieuw opgeslagen.' : 'De stages zijn opgeslagen zoals het voorbeeld liet zien.',
      ...s.failed.slice(0, SHOWN_ROWS).map((f) => `Regel ${f.line}: ${markdownText(f.reason)}`),
      ...(installLine ? [installLine] : []),
    ],
    { tone: 'good', facts: importedFacts(s), actions: [OVERVIEW_ACTION] },
  );
}

function installOutcome(report: InstallReport): string {
  const count = (outcomes: string[]) =>
    report.results.filter((r) => outcomes.includes(r.attempt.outcome)).length;
  if (report.permissionMissing) {
    return 'Teams-app: Microsoft Graph weigert de installatie (machtiging ontbreekt); niemand kreeg de app. Vraag de beheerder (docs/deploy.md).';
  }
  const toMail = report.results.reduce((n, r) => n + r.trainerToEmail.length, 0);
  return (
    `Teams-app: geïnstalleerd ${count(['installed'])}, had hem al ${count(['already-installed'])}, ` +
    `niet gelukt ${count(['no-account', 'not-installable', 'failed'])}` +
    (toMail > 0 ? `; ${toMail} praktijkopleider(s) werken voortaan via e-mail` : '') +
    '.'
  );
}

const idPayload = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
  })
  .strict();
const exportPayload = z
  .object({
    form: z.literal(true).optional(),
    since: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional(),
    until: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional(),
    formats: z.string().max(20).optional(),
  })
  .strict();

/** Background work after a card's answer (the installs after an import); awaited on shutdown and in tests. */
export class OfficeBackground {
  private readonly running = new Set<Promise<void>>();

  run(work: () => Promise<void>, logger: Logger): void {
    const task = work().catch((error: unknown) =>
      logger.warn({ err: error, event: 'office_background_failed' }, 'office background work failed'),
    );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/**
 * An office card's button: undefined when `verb` is not an office verb. Someone outside the office,
 * a payload that fails its schema, a stale card and a second click each get a card that says so.
 */
export async function officeCardAction(
  turn: OfficeTurn & { readonly replyToId: string | undefined },
  verb: unknown,
  data: unknown,
  deps: OfficeDeps,
  background: OfficeBackground,
): Promise<Reply | undefined> {
  const known = [
    Verb.officeImport,
    Verb.officeReport,
    Verb.officeConfirm,
    Verb.officeExport,
    Verb.officeOverviewCsv,
    Verb.officeOverview,
  ] as unknown[];
  if (!known.includes(verb)) return undefined;
  if (!(await deps.role.isMember(turn.aadObjectId))) return { card: notOfficeCard(deps.role.configured) };
  if (verb === Verb.officeOverview) return { card: await overviewCard(turn, deps) };
  if (verb === Verb.officeOverviewCsv) return { card: await linkCard(turn, { kind: 'overview' }, deps) };
  if (verb === Verb.officeExport) {
    const parsed = exportPayload.safeParse(data ?? {});
    if (!parsed.success) return { card: tamperedCard() };
    if (parsed.data.form) return { card: exportFormCard() };
    const formats = (parsed.data.formats ?? '')
      .split(',')
      .filter((f): f is 'pdf' | 'csv' => f === 'pdf' || f === 'csv');
    if (formats.length === 0) return { card: exportFormCard('Kies ten minste één soort bestand.') };
    const since = parsed.data.since || undefined;
    const until = parsed.data.until || undefined;
    if (since && until && since > until)
      return { card: exportFormCard('De begindatum ligt na de einddatum.') };
    const download: OfficeDownload = {
      kind: 'export',
      formats,
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
    };
    await deps.actions.office.audit({
      at: turn.now.toISOString(),
      actorId: turn.aadObjectId,
      action: 'export_issued',
      detail: { since: since ?? '', until: until ?? '', formats: formats.join(',') },
    });
    return { card: await linkCard(turn, download, deps) };
  }
  const parsed = idPayload.safeParse(data ?? {});
  if (!parsed.success) return { card: tamperedCard() };
  const { id } = parsed.data;
  if (verb === Verb.officeReport)
    return { card: await linkCard(turn, { kind: 'report', previewId: id }, deps) };
  if (verb === Verb.officeConfirm) {
    return { card: confirmedCard(await confirmOfficeAction(id, turn.aadObjectId, turn.now, deps.actions)) };
  }
  const outcome = await importPreviewed(id, turn.aadObjectId, uploadDeps(turn, deps));
  switch (outcome.kind) {
    case 'stale':
      return {
        card: officeCard(
          'Dit voorbeeld is verouderd',
          [
            'Er is daarna een ander bestand gestuurd, of de opgeslagen stages zijn veranderd. Er is niets ingelezen. Stuur het bestand opnieuw voor een nieuw voorbeeld.',
          ],
          { tone: 'warning' },
        ),
      };
    case 'busy':
      return {
        card: officeCard('Wordt al ingelezen', ['Dit bestand wordt op dit moment ingelezen; even geduld.'], {
          tone: 'warning',
        }),
      };
    case 'unknown':
      return { card: tamperedCard() };
    case 'already':
      return { card: outcome.summary ? importedCard(outcome.summary, undefined, true) : tamperedCard() };
    case 'imported': {
      deps.logger.info(
        { event: 'placements_imported', created: outcome.summary.created },
        'placements imported',
      );
      const install = deps.installApp;
      if (!install || outcome.summary.created + outcome.summary.updated === 0) {
        return { card: importedCard(outcome.summary, undefined) };
      }
      const { replyToId } = turn;
      background.run(async () => {
        const report = await install();
        if (replyToId) {
          await deps.updateCard(
            turn.aadObjectId,
            replyToId,
            importedCard(outcome.summary, installOutcome(report)),
          );
        }
      }, deps.logger);
      return {
        card: importedCard(
          outcome.summary,
          'De Teams-app wordt nu geïnstalleerd voor wie nog geen gesprek met de bot heeft; deze kaart toont zo de uitkomst.',
        ),
      };
    }
  }
}

function tamperedCard(): AdaptiveCardJson {
  return officeCard(
    'Deze knop werkt niet (meer)',
    ['De kaart is verouderd of onbekend; er is niets gedaan.'],
    {
      tone: 'warning',
      actions: [OVERVIEW_ACTION],
    },
  );
}

async function linkCard(
  turn: OfficeTurn,
  download: OfficeDownload,
  deps: OfficeDeps,
): Promise<AdaptiveCardJson> {
  const link = await issueOfficeLink(deps.downloads, download, turn.now);
  const what =
    download.kind === 'report'
      ? 'Het rapport met de afgewezen regels (CSV)'
      : download.kind === 'overview'
        ? 'Het overzicht (CSV)'
        : `De export (zip met ${download.formats.map((f) => f.toUpperCase()).join(' en ')})`;
  return officeCard(
    'Download klaar',
    [
      `${what} staat klaar. De link werkt één keer en ${Math.round((link.expiresAt.getTime() - turn.now.getTime()) / 60_000)} minuten; een grote export wordt gemaakt terwijl u wacht.`,
    ],
    { tone: 'good', url: { title: 'Downloaden', href: link.url }, actions: [OVERVIEW_ACTION] },
  );
}

function exportFormCard(problem?: string): AdaptiveCardJson {
  return officeCard(
    'Exporteren',
    [
      'De goedgekeurde afsprakenlijsten van een periode, als zip: een PDF per lijst en een CSV voor het studentvolgsysteem.',
      ...(problem ? [`**${problem}**`] : []),
    ],
    {
      exportForm: true,
      actions: [{ title: 'Export maken', verb: Verb.officeExport, data: {} }],
      ...(problem ? { tone: 'warning' as const } : {}),
    },
  );
}

async function overviewCard(turn: OfficeTurn, deps: OfficeDeps): Promise<AdaptiveCardJson> {
  const overview = await officeOverview(deps.overview, turn.now, deps.overview.rules);
  const attention = overview.rows
    .filter((r) => r.state === 'behind' || r.state === 'unreachable')
    .slice(0, 15);
  return officeCard(
    'Overzicht BPV-bureau',
    [
      `${overview.rows.length} stage(s) in deze periode.`,
      ...(attention.length > 0 ? ['Aandacht nodig:'] : []),
    ],
    {
      facts: OFFICE_STATES.map((state) => ({
        title: officeStateLabel(state),
        value: String(overview.counts[state]),
      })),
      lines: attention.map(
        (r) =>
          `- ${markdownText(r.placement.student.name)} (${markdownText(r.placement.company)}): ${officeStateLabel(r.state)}`,
      ),
      actions: [
        { title: 'Download CSV', verb: Verb.officeOverviewCsv, data: {} },
        { title: 'Exporteren', verb: Verb.officeExport, data: { form: true } },
      ],
    },
  );
}

async function askCard(
  turn: OfficeTurn,
  action: 'erase' | 'rebind',
  email: string,
  deps: OfficeDeps,
): Promise<AdaptiveCardJson> {
  const asked = await askOfficeAction(action, email, turn.aadObjectId, turn.now, deps.actions);
  const usage = action === 'erase' ? 'verwijderen naam@school.nl' : 'koppelen naam@school.nl';
  if (asked.kind === 'invalid') {
    return officeCard('Geef een e-mailadres op', [`Bijvoorbeeld: **${usage}**. Er is niets gedaan.`], {
      tone: 'warning',
    });
  }
  if (asked.kind === 'nobody') {
    return officeCard('Niemand gevonden', ['Dit adres heeft geen rol in een stage. Er is niets gedaan.'], {
      tone: 'warning',
    });
  }
  const name = asked.name ? markdownText(asked.name) : 'deze persoon';
  const lines = asked.roles.map(
    ({ placement, role }) =>
      `- ${ROLE_NAMES[role]} bij ${markdownText(placement.company)} (${placement.startDate} t/m ${placement.endDate})` +
      (action === 'erase'
        ? role === 'student'
          ? ': de hele stage wordt verwijderd'
          : ': naam en adres worden vervangen door "verwijderd"'
        : ''),
  );
  if (asked.coordinator) lines.push('- coördinator van stages');
  const erase = action === 'erase';
  return officeCard(
    erase ? `${name} verwijderen?` : `${name} opnieuw koppelen?`,
    [
      erase
        ? `Alle gegevens van ${name} worden verwijderd (AVG): de stages waarin deze persoon deelnemer is helemaal, elders naam, adres, koppeling en gesprek. Dit kan niet ongedaan worden gemaakt.`
        : `De koppeling van ${name} aan het huidige Teams-account wordt opgeheven. Het eerstvolgende account dat met dit adres de bot een bericht stuurt, wordt gekoppeld.`,
      'Rollen:',
    ],
    {
      tone: 'warning',
      lines,
      actions: [
        {
          title: erase ? 'Definitief verwijderen' : 'Koppelen',
          verb: Verb.officeConfirm,
          data: { id: asked.pendingId },
          style: 'destructive',
        },
      ],
    },
  );
}

function confirmedCard(outcome: ConfirmOutcome): AdaptiveCardJson {
  switch (outcome.kind) {
    case 'gone':
      return officeCard(
        'Al gedaan',
        ['Deze bevestiging is al gebruikt of bestaat niet; er is niets (opnieuw) gedaan.'],
        {
          tone: 'warning',
        },
      );
    case 'expired':
      return officeCard(
        'Bevestiging verlopen',
        ['Er is niets gedaan. Typ de opdracht opnieuw voor een nieuwe bevestiging.'],
        {
          tone: 'warning',
        },
      );
    case 'erased':
      return officeCard(
        'Verwijderd',
        [
          `Stages verwijderd: ${outcome.report.removedPlacements.length}; stages waarin de persoon is vervangen door "verwijderd": ${outcome.report.anonymisedPlacements.length}. Vastgelegd in het logboek van het BPV-bureau.`,
        ],
        { tone: 'good' },
      );
    case 'rebound':
      return officeCard(
        'Ontkoppeld',
        [
          `Rollen ontkoppeld: ${outcome.report.released.length}${outcome.report.coordinatorReleased ? ', en de coördinatorrol' : ''}. Het eerstvolgende Teams-account dat met dit adres de bot een bericht stuurt, wordt gekoppeld. Vastgelegd in het logboek.`,
        ],
        { tone: 'good' },
      );
  }
}
