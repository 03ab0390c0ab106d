import type { CardAddress } from '../services/card-actor';
import type { OfficeBackground } from './office-background';
import type { OfficeDeps } from './office-deps';
import { notOfficeCard, tamperedCard } from './office-views';
import type { Reply } from './reply';
import type { RouteDeps, RouteScope } from './route-scope';
import type { CommandVerb, OfficeActionTurn, OfficeVerb, RouteVerb, VerbEntry, VerbKey } from './verb-entry';
import type { Verb } from './verbs';
import { answer } from './verbs/answer';
import { approve } from './verbs/approve';
import { confirm } from './verbs/confirm';
import { download } from './verbs/download';
import { finish } from './verbs/finish';
import { goTo } from './verbs/go-to';
import { help } from './verbs/help';
import { officeConfirm } from './verbs/office-confirm';
import { officeExport } from './verbs/office-export';
import { officeImport } from './verbs/office-import';
import { officeOverview } from './verbs/office-overview';
import { officeOverviewCsv } from './verbs/office-overview-csv';
import { officeReport } from './verbs/office-report';
import { open } from './verbs/open';
import { openNextRound } from './verbs/open-next-round';
import { refresh } from './verbs/refresh';
import { reopen } from './verbs/reopen';
import { requestChanges } from './verbs/request-changes';
import { review } from './verbs/review';
import { saveQualification } from './verbs/save-qualification';
import { sendBack } from './verbs/send-back';
import { settle } from './verbs/settle';
import { snooze } from './verbs/snooze';
import { start } from './verbs/start';
import { status } from './verbs/status';
import { version } from './verbs/version';

/**
 * Every verb's entry, by its key in {@link Verb}. Complete by type: a verb without an entry, or an
 * entry under another verb's key, does not compile.
 */
export const VERBS = {
  start,
  status,
  help,
  open,
  answer,
  goTo,
  finish,
  settle,
  confirm,
  sendBack,
  approve,
  requestChanges,
  reopen,
  openNextRound,
  review,
  version,
  download,
  refresh,
  snooze,
  officeImport,
  officeReport,
  officeConfirm,
  officeExport,
  officeOverviewCsv,
  officeOverview,
  saveQualification,
} as const satisfies { readonly [K in VerbKey]: VerbEntry & { readonly name: (typeof Verb)[K] } };

type Entries = typeof VERBS;

/** The keys of the check-in's card actions: the verbs a route answers. */
export type RoutedVerb = { [K in VerbKey]: Entries[K] extends RouteVerb ? K : never }[VerbKey];

// A Map, not an object lookup: a verb such as `constructor` or `__proto__` must find nothing.
const BY_NAME = new Map<string, VerbKey>(
  (Object.keys(VERBS) as VerbKey[]).map((key) => [VERBS[key].name, key]),
);

/** The entry a card action's verb names, if any. */
export function verbEntry(verb: unknown): VerbEntry | undefined {
  const key = typeof verb === 'string' ? BY_NAME.get(verb) : undefined;
  return key ? VERBS[key] : undefined;
}

/** The command a button stands for, when its verb is a command's. */
export function commandOf(verb: unknown): CommandVerb['command'] | undefined {
  const entry = verbEntry(verb);
  return entry?.kind === 'command' ? entry.command : undefined;
}

/** The route a card action's verb names, if any. */
export function routeFor(verb: unknown): RoutedVerb | undefined {
  const key = typeof verb === 'string' ? BY_NAME.get(verb) : undefined;
  return key && VERBS[key].kind === 'route' ? (key as RoutedVerb) : undefined;
}

/** Runs a verb's handler on its parsed payload; undefined when the payload does not match its schema. */
export async function runRoute(
  name: RoutedVerb,
  scope: RouteScope,
  data: unknown,
  deps: RouteDeps,
): Promise<Reply | undefined> {
  const entry: RouteVerb = VERBS[name];
  const parsed = entry.payload.safeParse(data);
  if (!parsed.success) return undefined;
  // Cards are drawn synchronously from the qualification versions of the actor's placements: read
  // them first. Versions are kept in memory once read, so this costs a click no storage request.
  await Promise.all(
    scope.memberships.map((m) => deps.qualifications.forPlacement(m.placement).catch(() => undefined)),
  );
  return entry.handle(scope, parsed.data, deps);
}

/**
 * The placement and role a card action names, as far as its payload can be trusted to say: from
 * who may press its verb. Verbs that span placements or roles (snooze, version) name none.
 */
export function cardAddress(name: RoutedVerb, data: unknown): CardAddress | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { p, role, r } = data as { p?: unknown; role?: unknown; r?: unknown };
  if (typeof p !== 'string' || !/^[0-9a-f]{32}$/.test(p)) return undefined;
  // The round, when the card names one, is read for the check and then for the action.
  const round =
    Number.isInteger(r) && (r as number) >= 1 && (r as number) <= 99 ? { round: r as number } : {};
  const { pressedBy } = VERBS[name];
  if (typeof pressedBy === 'object') return { placementId: p, role: pressedBy.role, ...round };
  if (pressedBy === 'the role in its payload' && (role === 'student' || role === 'trainer')) {
    return { placementId: p, role, ...round };
  }
  return undefined;
}

/**
 * An office card's button: undefined when `verb` is not an office verb. Someone outside the office,
 * a payload that fails its schema, a stale card and a second click each get a card that says so.
 */
export async function officeCardAction(
  turn: OfficeActionTurn,
  verb: unknown,
  data: unknown,
  deps: OfficeDeps,
  background: OfficeBackground,
): Promise<Reply | undefined> {
  const entry = verbEntry(verb);
  if (entry?.kind !== 'office') return undefined;
  const office: OfficeVerb = entry;
  if (!(await deps.role.isMember(turn.aadObjectId))) return { card: notOfficeCard(deps.role.configured) };
  const parsed = office.payload.safeParse(data ?? {});
  if (!parsed.success) return { card: tamperedCard() };
  return office.handle(turn, parsed.data, deps, background);
}
