import { confirmOfficeAction } from '../services/office/office-actions';
import { claimPreview, type ImportOutcome, importClaimed } from '../services/office/placement-upload';
import type { AdaptiveCardJson } from './cards';
import { OfficeBackground } from './office-background';
import type { OfficeDeps, OfficeTurn } from './office-deps';
import { startExport } from './office-export';
import { exportPayload, idPayload, parseOfficeCommand, uploadedFiles } from './office-input';
import { askCard, linkCard, overviewCard } from './office-queries';
import { uploadCard, uploadDeps } from './office-upload';
import {
  confirmedCard,
  exportFormCard,
  importedCard,
  installOutcome,
  notOfficeCard,
  officeCard,
  officeHelpCard,
  tamperedCard,
} from './office-views';
import type { Reply } from './reply';
import { Verb } from './verbs';

export { OfficeBackground } from './office-background';
export { notOfficeCard, officeHelpCard } from './office-views';

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
    const request = {
      kind: 'export' as const,
      formats,
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
    };
    return startExport(turn, request, deps, background);
  }
  const parsed = idPayload.safeParse(data ?? {});
  if (!parsed.success) return { card: tamperedCard() };
  const { id } = parsed.data;
  if (verb === Verb.officeReport)
    return { card: await linkCard(turn, { kind: 'report', previewId: id }, deps) };
  if (verb === Verb.officeConfirm) {
    return { card: confirmedCard(await confirmOfficeAction(id, turn.aadObjectId, turn.now, deps.actions)) };
  }
  const claimed = await claimPreview(id, deps.upload);
  if (claimed.kind !== 'claimed') return { card: importAnswer(claimed, undefined) };
  // Writing thousands of rows takes longer than Teams waits for a card: the click is answered at
  // once, and the card is drawn anew with the outcome, then with the installs'.
  const { replyToId } = turn;
  const update = (card: AdaptiveCardJson) =>
    replyToId ? deps.updateCard(turn.aadObjectId, replyToId, card) : Promise.resolve();
  background.run(async () => {
    const outcome = await importClaimed(claimed.claim, turn.aadObjectId, uploadDeps(turn, deps));
    const install = deps.installApp;
    const installs = outcome.kind === 'imported' && outcome.summary.created + outcome.summary.updated > 0;
    await update(importAnswer(outcome, install && installs ? INSTALLING : undefined));
    if (outcome.kind !== 'imported') return;
    deps.logger.info(
      { event: 'placements_imported', created: outcome.summary.created },
      'placements imported',
    );
    if (install && installs) await update(importedCard(outcome.summary, installOutcome(await install())));
  }, deps.logger);
  return {
    card: officeCard('Wordt ingelezen…', [
      'De stages worden nu opgeslagen; deze kaart toont zo de uitkomst.',
    ]),
  };
}

/** The office's part of the bot: its messages, its buttons, and the work that follows them. */
export class OfficeRim {
  private readonly background = new OfficeBackground();

  constructor(private readonly deps: OfficeDeps) {}

  /** {@link officeMessage} for a message activity. */
  message(
    turn: OfficeTurn & { readonly memberships: readonly unknown[] },
    activity: { readonly text?: unknown; readonly attachments?: unknown },
  ): Promise<Reply | undefined> {
    const message = { text: activity.text, attachments: activity.attachments };
    return officeMessage(turn, message, this.deps, turn.memberships.length > 0);
  }

  /** {@link officeCardAction} for a card action answered in place of message `replyToId`. */
  action(turn: OfficeTurn, replyToId: string | undefined, verb: unknown, data: unknown) {
    return officeCardAction({ ...turn, replyToId }, verb, data, this.deps, this.background);
  }

  isMember(aadObjectId: string): Promise<boolean> {
    return this.deps.role.isMember(aadObjectId);
  }

  idle(): Promise<void> {
    return this.background.idle();
  }
}

const INSTALLING =
  'De Teams-app wordt nu geïnstalleerd voor wie nog geen gesprek met de bot heeft; deze kaart toont zo de uitkomst.';

/** The card for an import's outcome (or why there was none). */
function importAnswer(outcome: ImportOutcome, installLine: string | undefined): AdaptiveCardJson {
  switch (outcome.kind) {
    case 'stale':
      return officeCard(
        'Dit voorbeeld is verouderd',
        [
          'Er is daarna een ander bestand gestuurd, de opgeslagen stages zijn veranderd, of het bestand is niet meer bewaard (na een verwijderverzoek). Er is niets ingelezen. Stuur het bestand opnieuw voor een nieuw voorbeeld.',
        ],
        { tone: 'warning' },
      );
    case 'busy':
      return officeCard('Wordt al ingelezen', ['Dit bestand wordt op dit moment ingelezen; even geduld.'], {
        tone: 'warning',
      });
    case 'unknown':
      return tamperedCard();
    case 'already':
      return outcome.summary ? importedCard(outcome.summary, undefined, true) : tamperedCard();
    case 'imported':
      return importedCard(outcome.summary, installLine);
  }
}
