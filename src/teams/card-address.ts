import type { TurnContext } from 'botbuilder';
import { type RoutedVerb, routeFor } from '../chat/routes';
import type { Role } from '../domain/placement';
import type { CardActors, CardAddress } from '../services/card-actor';
import type { Actor } from '../services/check-in/actor';
import { senderId } from './turn-identity';

// The role a verb's card is drawn for when its payload does not name one (the use case checks the
// same role); verbs absent here and below (snooze, version) span placements or roles.
const FIXED_ROLE: Partial<Record<RoutedVerb, Role>> = {
  approve: 'supervisor',
  requestChanges: 'supervisor',
  review: 'supervisor',
  openNextRound: 'trainer',
};
const PART_VERBS = new Set<RoutedVerb>([
  'open',
  'answer',
  'goTo',
  'finish',
  'settle',
  'confirm',
  'sendBack',
  'reopen',
]);

/** The placement and role a card action names, as far as its payload can be trusted to say. */
export function cardAddress(route: RoutedVerb, data: unknown): CardAddress | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { p, role, r } = data as { p?: unknown; role?: unknown; r?: unknown };
  if (typeof p !== 'string' || !/^[0-9a-f]{32}$/.test(p)) return undefined;
  // The round, when the card names one, is read for the check and then for the action.
  const round =
    Number.isInteger(r) && (r as number) >= 1 && (r as number) <= 99 ? { round: r as number } : {};
  const fixed = FIXED_ROLE[route];
  if (fixed) return { placementId: p, role: fixed, ...round };
  if (PART_VERBS.has(route) && (role === 'student' || role === 'trainer'))
    return { placementId: p, role, ...round };
  return undefined;
}

/**
 * The route and actor of a card action whose placement binds the named role to the sender; undefined
 * when that does not hold, and the sender is then identified in full.
 */
export async function knownCardActor(
  context: TurnContext,
  action: { verb?: unknown; data?: unknown } | undefined,
  actors: CardActors,
  now: () => Date,
): Promise<{ route: RoutedVerb; actor: Actor } | undefined> {
  const aadObjectId = senderId(context);
  const route = routeFor(action?.verb);
  const address = route ? cardAddress(route, action?.data) : undefined;
  if (!aadObjectId || !route || !address) return undefined;
  const actor = await actors.actor({ aadObjectId, address, now: now() });
  return actor ? { route, actor } : undefined;
}
