import { metrics } from '@opentelemetry/api';

// Created when this module is first loaded, which is after the process entry started telemetry
// (or not: then these are the API's no-op counters and cost nothing).
const meter = metrics.getMeter('bpv-bot.reminders');

/**
 * Reminder counters for Application Insights (customMetrics); counts only, never who or what. The
 * counters of every send (throttled, people unreachable) are in `src/delivery/send-metrics.ts`.
 */
export const reminderMetrics = {
  queued: meter.createCounter('bpv.reminders.queued', {
    description: 'Reminders put on the queue by a sweep',
  }),
  sent: meter.createCounter('bpv.reminders.sent', { description: 'Reminders Teams accepted' }),
  failed: meter.createCounter('bpv.reminders.failed', {
    description: 'Reminders given up on after repeated failures',
  }),
  unreachable: meter.createCounter('bpv.reminders.unreachable', {
    description: 'Reminders not sent because the person cannot be reached',
  }),
  poisoned: meter.createCounter('bpv.reminders.poisoned', {
    description: 'Messages set aside on the poison queue (an alert in infra/main.bicep watches it)',
  }),
};
