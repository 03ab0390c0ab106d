import type { CheckInRound, PartRole, RoundKind } from './check-in';
import type { EscalationRung } from './ladder';
import { localTime } from './local-time';
import type { Placement, Role } from './placement';
import { localDate, nextRound, type RoundScheduleRules } from './round-schedule';

/** What a reminder is about. */
export type ReminderKind = 'part_open' | 'agreement_waiting' | 'approval_pending' | 'round_due';

/** When reminders go out and how often they repeat. */
export interface ReminderRules extends RoundScheduleRules {
  /** Days after an item starts at which a reminder is due, e.g. [3, 7, 14]; its length is the maximum. */
  readonly days: readonly number[];
  /** Weekdays on which reminders are sent, 1 = Monday … 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** Working hours as minutes after midnight, [start, end), in `timeZone`. */
  readonly workingHours: readonly [number, number];
  /**
   * Working days an item stays open before it climbs to the other party, the supervisor and the
   * coordinator (see escalation.ts); absent: items never climb.
   */
  readonly escalationWorkingDays?: readonly [number, number, number];
}

/** A reminder that is due: for whom, about what, which repeat, and why. */
export interface DueReminder {
  readonly kind: ReminderKind;
  readonly placementId: string;
  readonly round: number;
  readonly role: Role;
  /** The thing being reminded about; the same across repeats, different once it is done and comes back. */
  readonly itemKey: string;
  /** 0 for the first reminder of an item, 1 for the first repeat, … */
  readonly step: number;
  /** Idempotency key: person (role in placement), item, kind and due step. */
  readonly key: string;
  /** Why it is due, for operators: the item's start and the days elapsed. */
  readonly reason: string;
  /** Set when the item has climbed past its person: who above them is told (escalation.ts). */
  readonly rung?: EscalationRung;
}

/** A round the sweep should open (the next check-in is due), with invitations to both. */
export interface RoundToOpen {
  readonly placementId: string;
  readonly number: number;
  readonly kind: RoundKind;
}

/** Everything the rules need to know about one placement. */
export interface PlacementReminderInput {
  readonly placement: Placement;
  /** The placement's latest round, if any. */
  readonly latest: CheckInRound | undefined;
  /** Keys of reminders already queued or sent. */
  readonly handled: ReadonlySet<string>;
  /** Snoozes: item key + role → until (ISO). */
  readonly snoozedUntil: ReadonlyMap<string, string>;
  /** Roles that cannot be reached (no conversation, or it blocked or removed the app). */
  readonly unreachable: ReadonlySet<Role>;
  /** Whether the placement's coordinator can be reached in Teams (absent: not). */
  readonly coordinatorReachable?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether reminders may be sent at `now`: a working day, within working hours, in the rules' time zone. */
export function isWorkingTime(now: Date, rules: ReminderRules): boolean {
  const { weekday, minutes } = localTime(now, rules.timeZone);
  const [start, end] = rules.workingHours;
  return rules.workingDays.includes(weekday) && minutes >= start && minutes < end;
}

/** The first moment at or after `now` that is working time (searched minute by minute in 15-minute steps). */
export function nextWorkingTime(now: Date, rules: ReminderRules): Date {
  if (isWorkingTime(now, rules)) return now;
  let t = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
  for (let i = 0; i < 8 * 24 * 4; i++) {
    if (isWorkingTime(t, rules)) {
      // Step back to the exact start of the window.
      while (isWorkingTime(new Date(t.getTime() - 60_000), rules)) t = new Date(t.getTime() - 60_000);
      return t;
    }
    t = new Date(t.getTime() + 15 * 60_000);
  }
  throw new Error('no working time within a week: check the working days and hours');
}

// Kept here too: the due dates were first defined with the reminder rules.
export { roundDueDates } from './round-schedule';

/** The latest repeat that is due for an item that started at `since`, or undefined. */
function dueStep(since: string, now: Date, rules: ReminderRules): { step: number; days: number } | undefined {
  const elapsed = now.getTime() - Date.parse(since);
  let due: { step: number; days: number } | undefined;
  rules.days.forEach((days, step) => {
    if (elapsed >= days * DAY_MS) due = { step, days };
  });
  return due;
}

/** One open item of a placement: who has to act, since when. */
export interface OpenItem {
  kind: ReminderKind;
  role: Role;
  since: string;
  what: string;
}

/** What is open in a round and on whom it waits: parts, settling, confirming, approval. */
export function openItems(latest: CheckInRound): OpenItem[] {
  switch (latest.state) {
    case 'open':
      return (['student', 'trainer'] as PartRole[])
        .filter((role) => !latest.parts[role].doneAt)
        .map((role) => ({
          kind: 'part_open',
          role,
          since: latest.openedAt,
          what: `${role} part not finished`,
        }));
    case 'settling':
      return [
        {
          kind: 'agreement_waiting',
          role: 'trainer',
          since: latest.stateSince,
          what: 'differences to settle',
        },
      ];
    case 'confirming':
      return [
        {
          kind: 'agreement_waiting',
          role: 'student',
          since: latest.stateSince,
          what: 'agreement to confirm',
        },
      ];
    case 'submitted':
      return [
        {
          kind: 'approval_pending',
          role: 'supervisor',
          since: latest.stateSince,
          what: `version ${latest.version} to approve`,
        },
      ];
    default:
      return [];
  }
}

/** The item key of an open item: stable across repeats, new when the round or state changes. */
export function itemKey(
  placementId: string,
  round: number,
  kind: ReminderKind,
  role: Role,
  since: string,
): string {
  return `${placementId}|${round}|${kind}|${role}|${since}`;
}

/**
 * The reminders due for one placement at `now`, and the round to open when the next check-in is
 * due. Nothing is due outside working time, for someone unreachable, while snoozed, for a step
 * already handled (or a later one), or once the item is done.
 */
export function dueForPlacement(
  input: PlacementReminderInput,
  now: Date,
  rules: ReminderRules,
): { reminders: DueReminder[]; open?: RoundToOpen } {
  if (!isWorkingTime(now, rules)) return { reminders: [] };
  const { placement, latest } = input;
  const reminders: DueReminder[] = [];
  if (localDate(now, rules.timeZone) > placement.endDate) return { reminders: [] };

  const schedule = nextRound(placement, latest, now, rules);
  if (schedule.status === 'due') {
    // The next check-in is due: the sweep opens it and invites both.
    const { number, kind, dueOn } = schedule.next;
    const since = `${dueOn}T00:00:00.000Z`;
    for (const role of ['student', 'trainer'] as const) {
      const item = itemKey(placement.id, number, 'round_due', role, since);
      const key = `${item}|0`;
      if (input.handled.has(key) || input.unreachable.has(role)) continue;
      reminders.push({
        kind: 'round_due',
        placementId: placement.id,
        round: number,
        role,
        itemKey: item,
        step: 0,
        key,
        reason: `${kind} check-in due on ${dueOn}`,
      });
    }
    return { reminders, open: { placementId: placement.id, number, kind } };
  }
  if (!latest) return { reminders };

  for (const item of openItems(latest)) {
    if (input.unreachable.has(item.role)) continue;
    const due = dueStep(item.since, now, rules);
    if (!due) continue;
    const key0 = itemKey(placement.id, latest.number, item.kind, item.role, item.since);
    const snoozed = input.snoozedUntil.get(key0);
    if (snoozed && snoozed > now.toISOString()) continue;
    const laterHandled = rules.days.some(
      (_, step) => step >= due.step && input.handled.has(`${key0}|${step}`),
    );
    if (laterHandled) continue;
    reminders.push({
      kind: item.kind,
      placementId: placement.id,
      round: latest.number,
      role: item.role,
      itemKey: key0,
      step: due.step,
      key: `${key0}|${due.step}`,
      reason: `${item.what} since ${item.since.slice(0, 10)} (${due.days} days; reminder ${due.step + 1} of ${rules.days.length})`,
    });
  }
  return { reminders };
}

/** The parts of an item key. */
export function parseItemKey(key: string): {
  placementId: string;
  round: number;
  kind: ReminderKind;
  role: Role;
  since: string;
} {
  const [placementId = '', round = '0', kind = '', role = '', since = ''] = key.split('|');
  return { placementId, round: Number(round), kind: kind as ReminderKind, role: role as Role, since };
}

/**
 * Whether the item behind a queued reminder still needs its person at send time: a part finished,
 * a list settled or a decision taken in the meantime cancels it.
 */
export function isStillOpen(item: string, latest: CheckInRound | undefined): boolean {
  const { round, kind, role, since } = parseItemKey(item);
  if (!latest || latest.number !== round) return false;
  switch (kind) {
    case 'part_open':
      return latest.state === 'open' && latest.openedAt === since && !latest.parts[role as PartRole]?.doneAt;
    case 'round_due':
      return latest.state === 'open' && !latest.parts[role as PartRole]?.doneAt;
    case 'agreement_waiting':
      return (
        latest.stateSince === since &&
        ((role === 'trainer' && latest.state === 'settling') ||
          (role === 'student' && latest.state === 'confirming'))
      );
    case 'approval_pending':
      return latest.state === 'submitted' && latest.stateSince === since;
    default:
      return false;
  }
}
