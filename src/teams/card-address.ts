import type { TurnContext } from 'botbuilder';
import { cardAddress, type RoutedVerb, routeFor } from '../chat/registry';
import type { CardActors } from '../services/card-actor';
import type { Actor } from '../services/check-in/actor';
import { senderId } from './turn-identity';

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
