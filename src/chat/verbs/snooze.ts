import { z } from 'zod';
import { snoozeReminders } from '../../services/snooze-reminders';
import { placementId } from '../payload-parts';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';
import { messageCard, navigationActions } from '../views';

/** "Remind me in a week": only for reminders meant for this person. */
export const snooze = defineVerb({
  name: Verb.snooze,
  payload: z.object({
    items: z
      .array(z.object({ p: placementId, item: z.string().max(300) }))
      .min(1)
      .max(200),
  }),
  pressedBy: 'the people of a placement',
  async handle(scope, data, deps) {
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
  },
});
