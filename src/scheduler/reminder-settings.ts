import { Cron } from 'croner';
import { z } from 'zod';
import { ianaTimeZone, TIME_ZONE } from '../common-settings';
import { type DateRange, parseDateRanges } from '../domain/working-days';

/**
 * The reminders' settings: the sweep's schedule, working time, when reminders and escalations are
 * due, and the Teams send rates. Part of the configuration (src/config.ts reads the environment);
 * imports nothing of the scheduler.
 */
export const reminderSettingsShape = {
  REMINDERS: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      '`off`: the bot process runs neither the reminder schedule nor a queue worker (run `npm run reminders -- sweep` instead).',
    ),
  REMINDER_SCHEDULE: z
    .string()
    .default('*/15 * * * *')
    .refine((value) => {
      try {
        new Cron(value, { paused: true });
        return true;
      } catch {
        return false;
      }
    }, 'must be a cron expression such as */15 * * * *')
    .describe('Cron expression of the reminder sweep, in `REMINDER_TIMEZONE`.'),
  REMINDER_TIMEZONE: ianaTimeZone
    .optional()
    .describe('IANA time zone of the sweep, working days and hours; `TIME_ZONE` when unset.'),
  REMINDER_WORKING_DAYS: z
    .string()
    .default('1-5')
    .transform((value, ctx) => {
      const days = expandDays(value);
      if (!days)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be days 1-7, e.g. 1-5 or 1,2,3,4,5' });
      return days ?? [];
    })
    .describe('Weekdays on which reminders are sent, 1 = Monday … 7 = Sunday (`1-5` or `1,2,3,4,5`).'),
  REMINDER_WORKING_HOURS: z
    .string()
    .default('09:00-17:00')
    .transform((value, ctx) => {
      const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(value.trim());
      const start = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
      const end = match ? Number(match[3]) * 60 + Number(match[4]) : Number.NaN;
      if (!(start >= 0 && end <= 24 * 60 && start < end)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be HH:MM-HH:MM, e.g. 09:00-17:00' });
      }
      return [start, end] as const;
    })
    .describe('Hours within which reminders are sent, `HH:MM-HH:MM`.'),
  REMINDER_DAYS: z
    .string()
    .default('3,7,14')
    .transform((value, ctx) => {
      const days = value.split(',').map((d) => Number(d.trim()));
      const ok =
        days.length > 0 &&
        days.every((d, i) => Number.isInteger(d) && d > 0 && (i === 0 || d > (days[i - 1] ?? 0)));
      if (!ok)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be increasing whole days, e.g. 3,7,14' });
      return days;
    })
    .describe(
      'Days after an item started at which it is reminded, increasing; reminders stop after the last.',
    ),
  REMINDER_FINAL_ROUND_DAYS_BEFORE_END: z.coerce
    .number()
    .int()
    .min(0)
    .max(365)
    .default(14)
    .describe("Days before the placement's end date on which the last check-in round opens."),
  REMINDER_RATE_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(50)
    .describe(
      "Teams' sends per second for the app in the tenant, shared by all instances; 80 % of it is used.",
    ),
  REMINDER_CONVERSATION_RATE_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(7)
    .describe("Teams' sends per second into one conversation; 80 % of it is used."),
  REMINDER_QUEUE: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/,
      'lower-case letters, digits and single hyphens, 3 to 63',
    )
    .default('bpv-reminders')
    .describe('Name of the Azure Storage queue of reminder sends (with a `-poison` queue beside it).'),
  REMINDER_VISIBILITY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe('How long a queue message a worker received stays hidden from the other workers, in seconds.'),
  ESCALATION_WORKING_DAYS: z
    .string()
    .default('5,8,12')
    .transform((value, ctx) => {
      if (value.trim().toLowerCase() === 'off') return undefined;
      const days = value.split(',').map((d) => Number(d.trim()));
      const ok =
        days.length === 3 &&
        days.every((d, i) => Number.isInteger(d) && d > 0 && (i === 0 || d > (days[i - 1] ?? 0)));
      if (!ok)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message:
            'must be three increasing whole working days (other party, supervisor, coordinator), e.g. 5,8,12, or off',
        });
      return days as [number, number, number];
    })
    .describe(
      'Working days an item stays open before it climbs to the other party, the supervisor and the coordinator (three increasing numbers), or `off`.',
    ),
  COORDINATOR_DIGEST_DAY: z.coerce
    .number()
    .int()
    .min(1)
    .max(7)
    .default(1)
    .describe(
      "Weekday of the coordinators' weekly digest, 1 = Monday … 7 = Sunday; one of the `REMINDER_WORKING_DAYS`.",
    ),
  SCHOOL_HOLIDAYS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const parsed = parseDateRanges(value);
      if ('error' in parsed) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `${parsed.error}; write the holidays as 2026-12-19/2027-01-03,2027-04-24/2027-05-02`,
        });
        return [];
      }
      return parsed.ranges;
    })
    .describe(
      'School holidays as ISO date ranges, both ends included (`2026-12-19/2027-01-03,2027-04-24/2027-05-02`; a single date is one day): no working days for school staff, so the ladder towards supervisor and coordinator stands still and nothing reaches them then.',
    ),
};

/** Reminder schedule, working time, repeats and Teams send rates. */
export const reminderSettings = z
  .object({ ...reminderSettingsShape, TIME_ZONE })
  .superRefine((e, ctx) => {
    // The digest goes out in working time only: on another day it would never go.
    if (!e.REMINDER_WORKING_DAYS.includes(e.COORDINATOR_DIGEST_DAY)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['COORDINATOR_DIGEST_DAY'],
        message: 'must be one of the REMINDER_WORKING_DAYS',
      });
    }
  })
  .transform((e) => ({
    /** Whether the bot process runs the schedule and the queue worker itself. */
    enabled: e.REMINDERS === 'on',
    /** Cron expression of the sweep, in `timeZone`. */
    schedule: e.REMINDER_SCHEDULE,
    /** `REMINDER_TIMEZONE`, else the bot's `TIME_ZONE`. */
    timeZone: e.REMINDER_TIMEZONE ?? e.TIME_ZONE,
    workingDays: e.REMINDER_WORKING_DAYS as readonly number[],
    /** Minutes after midnight, [start, end). */
    workingHours: e.REMINDER_WORKING_HOURS,
    /** Days after an item starts at which a reminder is due; its length is the maximum number. */
    days: e.REMINDER_DAYS as readonly number[],
    finalRoundDaysBeforeEnd: e.REMINDER_FINAL_ROUND_DAYS_BEFORE_END,
    /** Sends per second for the whole app in one tenant, shared by all instances. */
    ratePerSecond: e.REMINDER_RATE_PER_SECOND,
    /** Sends per second into one conversation. */
    conversationRatePerSecond: e.REMINDER_CONVERSATION_RATE_PER_SECOND,
    queueName: e.REMINDER_QUEUE,
    /** How long a received queue message stays hidden from other workers. */
    visibilitySeconds: e.REMINDER_VISIBILITY_SECONDS,
    /** Working days open before an item climbs to the other party, supervisor, coordinator; undefined: off. */
    escalationWorkingDays: e.ESCALATION_WORKING_DAYS as readonly [number, number, number] | undefined,
    /** Weekday of the coordinators' weekly digest, 1 = Monday … 7 = Sunday. */
    coordinatorDigestDay: e.COORDINATOR_DIGEST_DAY,
    /** `SCHOOL_HOLIDAYS`: dates that are no working day for school staff (supervisor, coordinator). */
    schoolHolidays: e.SCHOOL_HOLIDAYS as readonly DateRange[],
  }));

export type ReminderConfig = z.output<typeof reminderSettings>;

function expandDays(value: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of value.split(',')) {
    const range = /^\s*([1-7])\s*(?:-\s*([1-7])\s*)?$/.exec(part);
    if (!range) return undefined;
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    if (to < from) return undefined;
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort();
}
