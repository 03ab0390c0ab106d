import type { z } from 'zod';
import { confirmRoute, reopenRoute, sendBackRoute, settleRoute } from './agreement-routes';
import { approveRoute, requestChangesRoute, reviewRoute } from './decision-routes';
import { downloadRoute } from './download-route';
import { answerRoute, finishRoute, goToRoute, openNextRoundRoute, openRoute } from './part-routes';
import { type Payload, payloadSchemas } from './payloads';
import { saveQualificationRoute } from './qualification-route';
import { refreshRoute } from './refresh-route';
import type { Reply } from './reply';
import type { RouteDeps, RouteScope } from './route-scope';
import { snoozeRoute } from './snooze-route';
import { type OfficeVerbName, Verb } from './verbs';
import { versionRoute } from './version-route';

/** Verbs that are chat commands too; every other verb is a card action with a payload. */
type CommandVerb = 'start' | 'status' | 'help';

/** The card-action verbs, by their name in {@link Verb}. */
export type RoutedVerb = Exclude<keyof typeof Verb, CommandVerb | OfficeVerbName>;

type Handler<K extends RoutedVerb> = (scope: RouteScope, data: Payload<K>, deps: RouteDeps) => Promise<Reply>;

// Both maps are complete by type: a verb without a schema or a handler does not compile.
const SCHEMAS: { readonly [K in RoutedVerb]: z.ZodType<Payload<K>, z.ZodTypeDef, unknown> } = payloadSchemas;
const HANDLERS: { readonly [K in RoutedVerb]: Handler<K> } = {
  open: openRoute,
  answer: answerRoute,
  goTo: goToRoute,
  finish: finishRoute,
  settle: settleRoute,
  confirm: confirmRoute,
  sendBack: sendBackRoute,
  reopen: reopenRoute,
  openNextRound: openNextRoundRoute,
  review: reviewRoute,
  approve: approveRoute,
  requestChanges: requestChangesRoute,
  snooze: snoozeRoute,
  version: versionRoute,
  download: downloadRoute,
  refresh: refreshRoute,
  saveQualification: saveQualificationRoute,
};

// A Map, not an object lookup: a verb such as `constructor` or `__proto__` must find nothing.
const BY_VERB = new Map<string, RoutedVerb>(
  (Object.keys(HANDLERS) as RoutedVerb[]).map((name) => [Verb[name], name]),
);

/** The route a card action's verb names, if any. */
export function routeFor(verb: unknown): RoutedVerb | undefined {
  return typeof verb === 'string' ? BY_VERB.get(verb) : undefined;
}

/** Runs a verb's handler on its parsed payload; undefined when the payload does not match its schema. */
export async function runRoute<K extends RoutedVerb>(
  name: K,
  scope: RouteScope,
  data: unknown,
  deps: RouteDeps,
): Promise<Reply | undefined> {
  const parsed = SCHEMAS[name].safeParse(data);
  if (!parsed.success) return undefined;
  // Cards are drawn synchronously from the qualification versions of the actor's placements: read
  // them first. Versions are kept in memory once read, so this costs a click no storage request.
  await Promise.all(
    scope.memberships.map((m) => deps.qualifications.forPlacement(m.placement).catch(() => undefined)),
  );
  return HANDLERS[name](scope, parsed.data, deps);
}
