/**
 * The reminder use cases, the entry point the scheduler and the rims import: what a sweep plans,
 * whether a queued reminder is still due, the coordinators' digest, and the ports they work through.
 */
export { type DigestDue, digestsDue, digestToSend } from './coordinator-digest';
export {
  groupIntoMessages,
  type KnownHolder,
  knownHolders,
  type PlanDeps,
  type PlannedReminder,
  planReminders,
  type SweepFailure,
  type SweepPlan,
} from './plan-reminders';
export type {
  DigestEntry,
  DigestSender,
  DigestStatus,
  Leases,
  LedgerEntry,
  LedgerStatus,
  QueuedEntry,
  ReceivedReminder,
  ReminderConversations,
  ReminderCoordinators,
  ReminderDeps,
  ReminderLedger,
  ReminderMessage,
  ReminderPlacements,
  ReminderQueue,
  ReminderRounds,
  ReminderSender,
  ReminderToSend,
  StoredLedgerEntry,
} from './ports';
export { type ReminderDecision, type StillDue, stillDue } from './still-due';
