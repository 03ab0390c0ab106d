import {
  isSchoolRung,
  type LadderHistory,
  otherPartOf,
  type Reach,
  recipientOf,
  rungOfKey,
  schoolCalendar,
} from '../../domain/escalation';
import type { Placement, Role } from '../../domain/placement';
import { isMailRecipient, reminderRecipient } from '../../domain/reminder-recipient';
import { isStillOpen, parseItemKey } from '../../domain/reminders';
import { workingDaysOpen } from '../../domain/working-days';
import type { LedgerEntry, ReminderDeps, ReminderToSend } from './ports';

/** What to do with a queued reminder now. */
export type ReminderDecision =
  /** Its round is not open yet (the sweep queues the invitation first): look again later. */
  | { readonly outcome: 'wait' }
  /** The item was done (or its placement or round is gone): not sent. */
  | { readonly outcome: 'cancelled' }
  /** Its recipient cannot be reached, or is no longer the one the placement names for it. */
  | { readonly outcome: 'unreachable' }
  | { readonly outcome: 'send'; readonly toSend: ReminderToSend };

/** Decides, for one reminder of the message being handled, whether it is still due. */
export type StillDue = (entry: LedgerEntry) => Promise<ReminderDecision>;

/**
 * The worker's question before it claims a reminder of a message for `recipient`: is it still due,
 * and for this person? It reads the placement and the round the reminder is about, as they are now,
 * and on the supervisor's and coordinator's rungs what happened below (for the card to say so).
 */
export async function stillDue(deps: ReminderDeps, recipient: string, now: Date): Promise<StillDue> {
  const byMail = isMailRecipient(recipient);
  const conversation = byMail ? undefined : await deps.conversations.get(recipient);
  let coordinatorIds: Map<string, string> | undefined;
  return async (entry) => {
    const { placementId } = entry;
    // The round the reminder is about, by its keys: a later round opens only once this one is
    // approved, so an item still open in it is open in the latest round.
    const [placement, round] = await Promise.all([
      deps.placements.get(placementId),
      deps.rounds.get(placementId, entry.round).then((stored) => stored?.round),
    ]);
    if (entry.kind === 'round_due' && placement && !round) return { outcome: 'wait' };
    if (!placement || !round || !isStillOpen(entry.itemKey, round)) return { outcome: 'cancelled' };
    // The person a rung is for, as the placement names them now.
    const rung = rungOfKey(entry.key);
    const to = recipientOf(entry.role, rung);
    if (to === 'coordinator') coordinatorIds ??= (await deps.coordinators?.accounts()) ?? new Map();
    const expected =
      to === 'coordinator'
        ? placement.coordinatorEmail &&
          coordinatorIds?.get(deps.coordinators?.keyOf(placement.coordinatorEmail) ?? '')
        : to && reminderRecipient(placement, to);
    if ((!byMail && !conversation?.active) || expected !== recipient) return { outcome: 'unreachable' };
    const calendar = isSchoolRung(rung) ? schoolCalendar(deps.rules) : deps.rules;
    const workingDays = workingDaysOpen(parseItemKey(entry.itemKey).since, now, calendar);
    const history = isSchoolRung(rung) ? await ladderHistory(deps, entry, placement) : undefined;
    return {
      outcome: 'send',
      toSend: { entry, placement, round, workingDays, ...(history ? { history } : {}) },
    };
  };
}

/**
 * What happened to an item below the supervisor's or coordinator's rung, from the ledger and the
 * stored chats: how many reminders its person got, whether the other part was asked, and who
 * cannot be reached and why. The card says so instead of assuming it.
 */
export async function ladderHistory(
  deps: Pick<ReminderDeps, 'reminders' | 'conversations' | 'rules'>,
  entry: LedgerEntry,
  placement: Placement,
): Promise<LadderHistory> {
  const ledger = async (key: string) => (await deps.reminders.get(placement.id, key))?.entry.status;
  const reach = async (role: Role, keys: readonly string[]): Promise<Reach> => {
    const id = reminderRecipient(placement, role);
    if (!id) return 'never_installed';
    if (isMailRecipient(id)) {
      const statuses = await Promise.all(keys.map(ledger));
      return statuses.includes('unreachable') && !statuses.includes('sent') ? 'no_mail' : 'reachable';
    }
    const conversation = await deps.conversations.get(id);
    if (!conversation) return 'never_installed';
    return conversation.active ? 'reachable' : 'app_removed';
  };
  const steps = deps.rules.days.map((_, i) => `${entry.itemKey}|${i}`);
  const statuses = await Promise.all(steps.map(ledger));
  const person = {
    role: entry.role,
    reach: await reach(entry.role, steps),
    reminded: statuses.filter((s) => s === 'sent' || s === 'uncertain').length,
  };
  const other = otherPartOf(entry.role);
  const nudge = `${entry.itemKey}|e1`;
  const otherParty = other && {
    role: other,
    reach: await reach(other, [nudge]),
    asked: (await ledger(nudge)) === 'sent',
  };
  const supervisor =
    rungOfKey(entry.key) === 'coordinator' && entry.role !== 'supervisor'
      ? await reach('supervisor', [])
      : undefined;
  return { person, ...(otherParty ? { otherParty } : {}), ...(supervisor ? { supervisor } : {}) };
}
