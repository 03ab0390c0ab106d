import { schoolCalendar } from '../../domain/escalation';
import { localTime } from '../../domain/local-time';
import type { Placement } from '../../domain/placement';
import { isWorkingTime, type ReminderRules } from '../../domain/reminders';
import { isHoliday } from '../../domain/working-days';
import type { ReachabilityStore, RoundStore } from '../check-in/ports';
import { type CoordinatorOverview, coordinatorOverview } from '../coordinator-overview';
import type { ReminderCoordinators } from './ports';

/** A coordinator whose weekly digest is due: their Entra id and the date of this digest day. */
export interface DigestDue {
  readonly recipient: string;
  readonly week: string;
}

/**
 * The digests due at `now`: on the digest weekday, in working time, one per coordinator who can be
 * reached and has a placement that has not ended, unless this day's digest was queued already.
 */
export async function digestsDue(
  state: {
    coordinators: Pick<ReminderCoordinators, 'keyOf' | 'digestsOf'>;
    placements: readonly Placement[];
    coordinatorIds: ReadonlyMap<string, string>;
    active: ReadonlySet<string>;
  },
  now: Date,
  rules: ReminderRules,
  digestDay: number,
): Promise<DigestDue[]> {
  const { weekday, date } = localTime(now, rules.timeZone);
  // No digest in a school holiday: the coordinator is away, and the next one counts what is still open.
  if (weekday !== digestDay || !isWorkingTime(now, rules) || isHoliday(now, schoolCalendar(rules))) return [];
  const keys = new Set<string>();
  for (const p of state.placements)
    if (p.coordinatorEmail && p.endDate >= date) keys.add(state.coordinators.keyOf(p.coordinatorEmail));
  const recipients = [...keys].flatMap((key) => {
    const id = state.coordinatorIds.get(key);
    return id && state.active.has(id) ? [id] : [];
  });
  if (recipients.length === 0) return [];
  const queued = await state.coordinators.digestsOf(date);
  return recipients.filter((id) => !queued.has(id)).map((recipient) => ({ recipient, week: date }));
}

/**
 * The digest for `recipient` as it stands at send time, or undefined when they cannot be reached
 * (no longer a coordinator the bot knows, or their chat is gone).
 */
export async function digestToSend(
  deps: {
    coordinators: Pick<ReminderCoordinators, 'account' | 'placementsOf'>;
    rounds: Pick<RoundStore, 'list'>;
    conversations: ReachabilityStore;
    rules: ReminderRules;
  },
  recipient: string,
  now: Date,
): Promise<CoordinatorOverview | undefined> {
  const account = await deps.coordinators.account(recipient);
  const conversation = await deps.conversations.get(recipient);
  if (!account || !conversation?.active) return undefined;
  return coordinatorOverview(
    { coordinators: deps.coordinators, rounds: deps.rounds, conversations: deps.conversations },
    account.emailKey,
    now,
    deps.rules,
  );
}
