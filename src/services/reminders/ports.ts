import type { CheckInRound } from '../../domain/check-in';
import type { LadderHistory } from '../../domain/escalation';
import type { Placement, Role } from '../../domain/placement';
import type { ReminderKind, ReminderRules } from '../../domain/reminders';
import type { RoundStore } from '../check-in/ports';
import type { StoredConversation } from '../conversations';
import type { CoordinatorOverview } from '../coordinator-overview';
import type { CoordinatorDirectory } from '../coordinator-ports';

/**
 * Where one reminder stands. `queued`: written before it went on the queue; `sending`: a worker
 * claimed it; `sent`: Teams accepted it; `cancelled`: the item was done before it went out;
 * `unreachable`: the person blocked or removed the app; `failed`: given up after repeated errors;
 * `uncertain`: its worker died while sending, so it is not sent again (a repeat follows by the rules).
 */
export type LedgerStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'cancelled'
  | 'unreachable'
  | 'failed'
  | 'uncertain';

/** One reminder in the ledger: its idempotency key (person, item, kind, repeat) and where it stands. */
export interface LedgerEntry {
  readonly placementId: string;
  readonly key: string;
  readonly itemKey: string;
  readonly kind: ReminderKind;
  readonly role: Role;
  readonly round: number;
  readonly step: number;
  readonly status: LedgerStatus;
  readonly queuedAt: string;
  readonly claimedAt?: string;
  readonly claimedBy?: string;
  readonly doneAt?: string;
}

/** A ledger entry as read, with the ETag its next write must carry. */
export interface StoredLedgerEntry {
  readonly entry: LedgerEntry;
  readonly etag: string;
}

/** The reminder ledger and the snoozes; a write carries the ETag it read. */
export interface ReminderLedger {
  /** Every ledger entry per placement, and every snooze per placement (item key → until, ISO). */
  scan(): Promise<{ ledger: Map<string, LedgerEntry[]>; snoozes: Map<string, Map<string, string>> }>;
  get(placementId: string, key: string): Promise<StoredLedgerEntry | undefined>;
  /** False when the entry exists already. */
  create(entry: LedgerEntry): Promise<boolean>;
  /** Throws {@link ConcurrentUpdateError} when the ETag no longer matches; returns the new one. */
  update(entry: LedgerEntry, etag: string): Promise<string>;
}

/** Named leases that expire if their holder dies: one instance at a time runs a sweep or a nightly job. */
export interface Leases {
  acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
}

/** The placements, as the reminders read them. */
export interface ReminderPlacements {
  listAll(): AsyncIterable<Placement>;
  get(id: string): Promise<Placement | undefined>;
  /** Binds a role to the account that holds its address elsewhere. */
  bind(placementId: string, role: Role, aadObjectId: string): Promise<unknown>;
}

/** The rounds, as the reminders read them (and the sweep opens them). */
export interface ReminderRounds extends RoundStore {
  /**
   * The latest round of every placement, in one scan. With `onUnreadable`, a row that cannot be
   * read is reported there and left out instead of failing the scan.
   */
  latestOfAll(
    onUnreadable?: (placementId: string, error: unknown) => void,
  ): Promise<Map<string, CheckInRound>>;
}

/** People's personal chats: who can be reached. */
export interface ReminderConversations {
  get(aadObjectId: string): Promise<StoredConversation | undefined>;
  /** The Entra ids whose personal chat can be reached, in one scan. */
  activeIds(): Promise<Set<string>>;
  markInactive(aadObjectId: string, reason: string, now: Date): Promise<void>;
}

/** Where a coordinator's weekly digest stands; the ETag-guarded claim makes it go out once. */
export type DigestStatus = 'queued' | 'sending' | 'sent' | 'unreachable' | 'failed' | 'uncertain';

export interface DigestEntry {
  readonly aadObjectId: string;
  /** The local date of the digest day it belongs to, `YYYY-MM-DD`. */
  readonly week: string;
  readonly status: DigestStatus;
  readonly queuedAt: string;
  readonly claimedAt?: string;
  readonly doneAt?: string;
}

/** The coordinators the ladder reaches, and the ledger of their weekly digests. */
export interface ReminderCoordinators extends Pick<CoordinatorDirectory, 'account' | 'placementsOf'> {
  /** The storage key of a coordinator address (a keyed hash, never the address). */
  keyOf(email: string): string;
  /** Address key → Entra id of every coordinator recognised. */
  accounts(): Promise<Map<string, string>>;
  digest(aadObjectId: string, week: string): Promise<{ entry: DigestEntry; etag: string } | undefined>;
  /** The coordinators whose digest of this digest day is in the ledger. */
  digestsOf(week: string): Promise<Set<string>>;
  createDigest(entry: DigestEntry): Promise<boolean>;
  /** Throws {@link ConcurrentUpdateError} when the ETag no longer matches; returns the new one. */
  updateDigest(entry: DigestEntry, etag: string): Promise<string>;
}

/** What the reminder use cases read and write. */
export interface ReminderDeps {
  readonly placements: ReminderPlacements;
  readonly rounds: ReminderRounds;
  readonly reminders: ReminderLedger;
  readonly conversations: ReminderConversations;
  /** Coordinators to escalate to and send the weekly digest; without it neither happens. */
  readonly coordinators?: ReminderCoordinators;
  readonly rules: ReminderRules;
}

/** One reminder about to be sent, with what its card needs. */
export interface ReminderToSend {
  readonly entry: LedgerEntry;
  readonly placement: Placement;
  readonly round: CheckInRound;
  /** Working days the item has been open, at send time. */
  readonly workingDays?: number;
  /** On the supervisor's and the coordinator's rungs: who was reminded or asked, who cannot be reached. */
  readonly history?: LadderHistory;
}

/** Puts a coordinator's weekly digest into their personal chat; throws a SendError with Teams' status. */
export interface DigestSender {
  sendDigest(recipient: string, overview: CoordinatorOverview): Promise<void>;
}

/** Puts a reminder card into someone's personal chat; throws a SendError with Teams' status. */
export interface ReminderSender extends Partial<DigestSender> {
  send(recipient: string, reminders: readonly ReminderToSend[]): Promise<void>;
}

/** Enough of a reminder to write its ledger entry, should the sweep that queued it have died first. */
export interface QueuedEntry {
  readonly placementId: string;
  readonly key: string;
  readonly itemKey: string;
  readonly kind: LedgerEntry['kind'];
  readonly role: LedgerEntry['role'];
  readonly round: number;
  readonly step: number;
}

/**
 * One send: a card for one person covering one or more reminders (a supervisor's digest covers
 * several). On the queue it is the recipient and the ledger keys only.
 */
export interface ReminderMessage {
  readonly recipient: string;
  /** Sorted by key: workers claim in this order, so two copies of one digest never split it. */
  readonly entries: readonly QueuedEntry[];
  /** A coordinator's weekly digest (no entries): the local date of its digest day. */
  readonly digest?: string;
}

/** A message taken off the queue, with what it takes to delete, postpone or set it aside. */
export interface ReceivedReminder {
  /** Undefined when the message could not be read; the worker sets it aside. */
  readonly message: ReminderMessage | undefined;
  readonly messageId: string;
  readonly popReceipt: string;
  readonly dequeueCount: number;
}

/**
 * The queue of reminder sends, shared by every instance, with a poison queue beside it for what
 * kept failing. Its calls throw {@link StorageUnavailableError} when the queue cannot be reached.
 */
export interface ReminderQueue {
  ensure(): Promise<void>;
  send(message: ReminderMessage, visibilityTimeoutSeconds?: number): Promise<void>;
  /** Takes up to `max` messages, hidden from other workers for `visibilitySeconds`. */
  receive(max: number, visibilitySeconds: number): Promise<ReceivedReminder[]>;
  delete(received: ReceivedReminder): Promise<void>;
  /** Hides a message until later: its pop receipt changes. */
  postpone(received: ReceivedReminder, seconds: number): Promise<void>;
  /** Moves a message that kept failing to the poison queue, for an operator to look at. */
  toPoison(received: ReceivedReminder): Promise<void>;
  approximateCount(): Promise<number>;
  /** Messages set aside on the poison queue. */
  poisonCount(): Promise<number>;
  /**
   * The messages that carry `entries` to `recipient`, each within what one message may hold; an
   * entry that cannot fit even alone is returned apart, for the caller to report.
   */
  pack(
    recipient: string,
    entries: readonly QueuedEntry[],
  ): { messages: ReminderMessage[]; oversized: QueuedEntry[] };
}
