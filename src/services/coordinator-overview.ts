import { groupBySupervisor, type Reach, type StalledItem, stalledItems } from '../domain/escalation';
import { type Placement, ROLES, type Role } from '../domain/placement';
import { isMailRecipient, reminderRecipient } from '../domain/reminder-recipient';
import type { ReminderRules } from '../domain/reminders';
import type { ReachabilityStore, RoundStore } from './check-in/ports';
import type { CoordinatorDirectory } from './coordinator-ports';

/** Who is behind among a coordinator's placements, per supervisor. */
export interface CoordinatorOverview {
  readonly groups: readonly { readonly supervisor: string; readonly items: readonly StalledItem[] }[];
  /** The coordinator's placements, behind or not. */
  readonly placements: number;
  /** Open items listed in `groups`. */
  readonly stalled: number;
}

/** What the overview reads: the coordinator's placements and their rounds. */
export interface OverviewDeps {
  readonly coordinators: Pick<CoordinatorDirectory, 'placementsOf'>;
  readonly rounds: Pick<RoundStore, 'list'>;
  /** The stored chats: who can be reached. Without it every item is listed as if all could be. */
  readonly conversations?: ReachabilityStore;
}

/**
 * How the bot reaches a role of a placement: a trainer who works by e-mail by mail, anyone else
 * only through a chat they opened by installing the app and have not blocked.
 */
export async function reachOf(
  conversations: ReachabilityStore,
  placement: Placement,
  role: Role,
): Promise<Reach> {
  const id = reminderRecipient(placement, role);
  if (!id) return 'never_installed';
  if (isMailRecipient(id)) return 'reachable';
  const conversation = await conversations.get(id);
  if (!conversation) return 'never_installed';
  return conversation.active ? 'reachable' : 'app_removed';
}

/** The rules the overview counts working days and rungs with. */
export type OverviewRules = Pick<
  ReminderRules,
  'workingDays' | 'timeZone' | 'escalationWorkingDays' | 'schoolHolidays'
>;

const CONCURRENCY = 8;

/**
 * The overview for the coordinator whose address has key `emailKey`: every open item of their
 * placements that has been open at least as long as the first rung above its person, grouped per
 * supervisor, oldest first. Only names, placement, item and age: no answers or texts.
 */
export async function coordinatorOverview(
  deps: OverviewDeps,
  emailKey: string,
  now: Date,
  rules: OverviewRules,
): Promise<CoordinatorOverview> {
  const placements = await deps.coordinators.placementsOf(emailKey);
  const items: StalledItem[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, placements.length) }, async () => {
      while (next < placements.length) {
        const placement = placements[next++];
        if (!placement) continue;
        const latest = (await deps.rounds.list(placement.id)).at(-1)?.round;
        const stalled = stalledItems(placement, latest, now, rules);
        if (stalled.length > 0 && deps.conversations) {
          const reach: Partial<Record<Role, Reach>> = {};
          for (const role of ROLES) reach[role] = await reachOf(deps.conversations, placement, role);
          items.push(...stalled.map((item) => ({ ...item, reach })));
        } else {
          items.push(...stalled);
        }
      }
    }),
  );
  return { groups: groupBySupervisor(items), placements: placements.length, stalled: items.length };
}
