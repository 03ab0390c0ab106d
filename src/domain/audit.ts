import type { Role } from './placement';

/** One line of a placement's append-only audit trail: who, in which role, when, did what. */
export interface AuditEvent {
  readonly at: string;
  readonly actorRole: Role | 'system';
  /** Entra object id of the actor; never a name or an e-mail address. */
  readonly actorId: string;
  readonly event:
    | 'round_opened'
    /** The trainer opened the next round before its due date. */
    | 'round_opened_early'
    | 'answered'
    | 'part_completed'
    | 'settled'
    | 'confirmed'
    | 'sent_back'
    | 'submitted'
    | 'approved'
    | 'changes_requested'
    | 'approval_withdrawn'
    /** The coordinator released a role's Entra binding: the person got a new account. */
    | 'account_unlinked';
  readonly round: number;
  /** Codes and levels only: free text stays in the round itself. */
  readonly detail?: Readonly<Record<string, string | number>>;
}
