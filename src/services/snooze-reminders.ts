import { parseItemKey } from '../domain/reminders';
import type { Actor } from './check-in/actor';
import { NotYoursError } from './errors';

/** Where snoozes are kept: per placement and reminder item, until when. */
export interface SnoozeStore {
  snooze(placementId: string, itemKey: string, until: Date): Promise<void>;
}

/** How long "remind me later" waits. */
export const SNOOZE_DAYS = 7;

/**
 * "Remind me in a week", for reminders meant for the actor only; a reminder of someone else (or a
 * placement id that does not match its item) is refused as not theirs, before anything is stored.
 */
export async function snoozeReminders(
  deps: { reminders: SnoozeStore },
  actor: Actor,
  items: readonly { placementId: string; itemKey: string }[],
): Promise<{ until: Date }> {
  const until = new Date(actor.now.getTime() + SNOOZE_DAYS * 24 * 60 * 60 * 1000);
  for (const { placementId, itemKey } of items) {
    const { placementId: itemPlacement, role } = parseItemKey(itemKey);
    const mine = actor.memberships.some((m) => m.placement.id === placementId && m.role === role);
    if (itemPlacement !== placementId || !mine) throw new NotYoursError(role);
  }
  for (const { placementId, itemKey } of items) await deps.reminders.snooze(placementId, itemKey, until);
  return { until };
}
