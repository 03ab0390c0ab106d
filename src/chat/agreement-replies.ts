import type { PartRole } from '../domain/check-in';
import type { RoundResult } from '../services/check-in/outcome';
import { agreementCard } from './agreement-card';
import type { CheckInView, Notice } from './check-in-view';
import type { Reply } from './reply';
import { agreementReply, checkInView, refusedCard } from './round-replies';
import type { RouteDeps, RouteScope } from './route-scope';

/** An agreement-phase result as the actor's reply: the list with `notice`, or why it was refused. */
export function agreementResultReply(
  scope: RouteScope,
  deps: RouteDeps,
  result: RoundResult,
  role: PartRole,
  notice: Notice,
  retry: (view: CheckInView) => ReturnType<typeof agreementCard> = (view) => agreementCard(view),
): Reply {
  if (result.outcome === 'changed') return agreementReply(deps, scope.t, result, role, notice);
  const view = checkInView(
    deps,
    scope.t,
    result.placement,
    result.round,
    role,
    undefined,
    result.progression,
  );
  if (result.outcome === 'refused') return { card: refusedCard(view, result, retry) };
  return { card: agreementCard({ ...view, notice }) };
}

export const REMARK_REFUSALS = new Set(['remark_required', 'remark_too_long']);

/** The card's inputs named `<prefix><code>`, by code: a level per werkproces, a text per kerntaak. */
export function fieldsWithPrefix(
  data: Record<string, unknown>,
  prefix: string,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(data)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), typeof value === 'string' ? value : undefined]),
  );
}

export function pickDefined(record: Record<string, string | undefined>): Record<string, never> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<
    string,
    never
  >;
}
