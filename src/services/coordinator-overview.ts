import { groupBySupervisor, type StalledItem, stalledItems } from '../domain/escalation';
import type { ReminderRules } from '../domain/reminders';
import type { RoundStore } from './check-in/ports';
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
        items.push(...stalledItems(placement, latest, now, rules));
      }
    }),
  );
  return { groups: groupBySupervisor(items), placements: placements.length, stalled: items.length };
}
