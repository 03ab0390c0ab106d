import type { CheckInRound, PartRole } from './check-in';
import type { EscalationRung, LadderRung } from './ladder';
import type { Placement, Role } from './placement';
import {
  type DueReminder,
  dueForPlacement,
  isWorkingTime,
  itemKey,
  type OpenItem,
  openItems,
  type PlacementReminderInput,
  type ReminderKind,
  type ReminderRules,
  type RoundToOpen,
} from './reminders';
import { localDate } from './round-schedule';
import { workingDaysOpen } from './working-days';

export type { EscalationRung, LadderRung } from './ladder';

/** {@link EscalationRung}s in climbing order; index i goes with `escalationWorkingDays[i]`. */
export const ESCALATION_RUNGS: readonly EscalationRung[] = ['other_party', 'supervisor', 'coordinator'];

/** Who is told on a rung: a role in the placement, or the placement's coordinator. */
export type LadderRecipient = Role | 'coordinator';

/** The working days per rung when the setting is left out: other party 5, supervisor 8, coordinator 12. */
export const DEFAULT_ESCALATION_WORKING_DAYS: readonly [number, number, number] = [5, 8, 12];

const otherPart = (role: PartRole): PartRole => (role === 'student' ? 'trainer' : 'student');

/** The ledger key of a rung of an item: the item key and `e1` (other party), `e2` or `e3`. */
export function escalationKey(item: string, rung: EscalationRung): string {
  return `${item}|e${ESCALATION_RUNGS.indexOf(rung) + 1}`;
}

/** The rung a ledger key stands for: `person` for a reminder's own repeats. */
export function rungOfKey(key: string): LadderRung {
  const match = /\|e([1-3])$/.exec(key);
  return match ? (ESCALATION_RUNGS[Number(match[1]) - 1] as EscalationRung) : 'person';
}

/**
 * Who is told on `rung` about an item of `role`: the other part, the supervisor or the coordinator.
 * The supervisor's own approval has no other party and no supervisor above it.
 */
export function recipientOf(role: Role, rung: LadderRung): LadderRecipient | undefined {
  if (rung === 'person') return role;
  if (rung === 'coordinator') return 'coordinator';
  if (role === 'supervisor') return undefined;
  return rung === 'other_party' ? otherPart(role) : 'supervisor';
}

/**
 * Whether `rung` applies to an open item: the other party only while it waits on this item (a
 * trainer who has not finished either is not asked to chase the student), the coordinator only
 * when the placement names one.
 */
function applies(rung: EscalationRung, item: OpenItem, latest: CheckInRound, placement: Placement): boolean {
  if (!recipientOf(item.role, rung)) return false;
  if (rung === 'coordinator') return Boolean(placement.coordinatorEmail);
  if (rung === 'other_party' && item.kind === 'part_open') {
    return Boolean(latest.parts[otherPart(item.role as PartRole)].doneAt);
  }
  return item.kind !== 'round_due';
}

/** The highest rung an item of this age has reached (whether or not anyone is there to tell). */
export function rungReached(
  workingDays: number,
  rules: Pick<ReminderRules, 'escalationWorkingDays'>,
): LadderRung {
  const thresholds = rules.escalationWorkingDays ?? DEFAULT_ESCALATION_WORKING_DAYS;
  let reached: LadderRung = 'person';
  ESCALATION_RUNGS.forEach((rung, i) => {
    if (workingDays >= (thresholds[i] ?? Number.POSITIVE_INFINITY)) reached = rung;
  });
  return reached;
}

/**
 * Everything due for one placement at `now`: the person's reminders ({@link dueForPlacement}) and
 * each rung an open item has reached and not yet had. A rung is due once per item (its ledger key
 * is {@link escalationKey}), only in working time, only for someone reachable; a snooze of the
 * person holds the other party and the supervisor, never the coordinator (a person cannot keep
 * an item from the coordinator by snoozing it again and again).
 */
export function dueOnLadder(
  input: PlacementReminderInput,
  now: Date,
  rules: ReminderRules,
): { reminders: DueReminder[]; open?: RoundToOpen } {
  const due = dueForPlacement(input, now, rules);
  const thresholds = rules.escalationWorkingDays;
  const { placement, latest } = input;
  if (!thresholds || due.open || !latest || !isWorkingTime(now, rules)) return due;
  if (localDate(now, rules.timeZone) > placement.endDate) return due;
  const reminders = [...due.reminders];
  for (const item of openItems(latest)) {
    const age = workingDaysOpen(item.since, now, rules);
    const key0 = itemKey(placement.id, latest.number, item.kind, item.role, item.since);
    const snoozed = (input.snoozedUntil.get(key0) ?? '') > now.toISOString();
    ESCALATION_RUNGS.forEach((rung, i) => {
      if (age < (thresholds[i] ?? Number.POSITIVE_INFINITY) || !applies(rung, item, latest, placement))
        return;
      const to = recipientOf(item.role, rung);
      const reachable =
        to === 'coordinator' ? input.coordinatorReachable === true : !input.unreachable.has(to as Role);
      if (!reachable || (snoozed && rung !== 'coordinator')) return;
      const key = escalationKey(key0, rung);
      if (input.handled.has(key)) return;
      reminders.push({
        kind: item.kind,
        placementId: placement.id,
        round: latest.number,
        role: item.role,
        itemKey: key0,
        step: i + 1,
        key,
        rung,
        reason: `${item.what} since ${item.since.slice(0, 10)} (${age} working days; ${rung})`,
      });
    });
  }
  return { reminders };
}

/** An open item as the coordinator sees it: names, placement, what is open, how long. */
export interface StalledItem {
  readonly placement: Placement;
  readonly kind: ReminderKind;
  /** Who has to act. */
  readonly role: Role;
  readonly since: string;
  readonly workingDays: number;
  readonly rung: LadderRung;
}

/**
 * The open items of a placement that have reached the first rung above their person, oldest first:
 * who is behind. Nothing once the placement has ended.
 */
export function stalledItems(
  placement: Placement,
  latest: CheckInRound | undefined,
  now: Date,
  rules: Pick<ReminderRules, 'workingDays' | 'timeZone' | 'escalationWorkingDays'>,
): StalledItem[] {
  if (!latest || localDate(now, rules.timeZone) > placement.endDate) return [];
  const first = (rules.escalationWorkingDays ?? DEFAULT_ESCALATION_WORKING_DAYS)[0];
  return openItems(latest)
    .map((item) => {
      const workingDays = workingDaysOpen(item.since, now, rules);
      return {
        placement,
        kind: item.kind,
        role: item.role,
        since: item.since,
        workingDays,
        rung: rungReached(workingDays, rules),
      };
    })
    .filter((item) => item.workingDays >= first)
    .sort((a, b) => b.workingDays - a.workingDays);
}

/** Stalled items per supervisor (by name, then address), each group oldest first. */
export function groupBySupervisor(
  items: readonly StalledItem[],
): { supervisor: string; items: StalledItem[] }[] {
  const groups = new Map<string, { supervisor: string; items: StalledItem[] }>();
  for (const item of items) {
    const { name, email } = item.placement.supervisor;
    const group = groups.get(email) ?? { supervisor: name, items: [] };
    group.items.push(item);
    groups.set(email, group);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, items: [...g.items].sort((a, b) => b.workingDays - a.workingDays) }))
    .sort((a, b) => a.supervisor.localeCompare(b.supervisor, 'nl'));
}
