import { snoozeReminders } from '../services/snooze-reminders';
import type { Payload } from './payloads';
import type { Reply } from './reply';
import type { RouteDeps, RouteScope } from './route-scope';
import { messageCard, navigationActions } from './views';

/** "Remind me in a week": only for reminders meant for this person. */
export async function snoozeRoute(
  scope: RouteScope,
  data: Payload<'snooze'>,
  deps: RouteDeps,
): Promise<Reply> {
  const { until } = await snoozeReminders(
    deps,
    scope,
    data.items.map(({ p, item }) => ({ placementId: p, itemKey: item })),
  );
  const date = scope.t.format.date(until);
  return {
    card: messageCard(
      scope.t('snoozed_title'),
      [scope.t('snoozed_text', { date })],
      navigationActions(scope.t, ['start']),
    ),
  };
}
