import { metrics } from '@opentelemetry/api';

// The reminders' meter: these counters were first the reminders' own, and dashboards read them there.
const meter = metrics.getMeter('bpv-bot.reminders');

/** Counters of every proactive send (reminders, follow-up cards, mail told as sends); counts only. */
export const sendMetrics = {
  throttled: meter.createCounter('bpv.reminders.throttled', {
    description: 'Sends Teams answered with 429 (each is retried)',
  }),
  peopleUnreachable: meter.createCounter('bpv.people.unreachable', {
    description: 'People marked unreachable after Teams answered 403 or 404',
  }),
};
