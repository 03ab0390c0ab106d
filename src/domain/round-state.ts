import type { Role } from './placement';

/**
 * Where a check-in round stands.
 * - `open`: student and trainer each go through the list.
 * - `settling`: both parts are done; the trainer settles the agreed list.
 * - `confirming`: the trainer has settled; the student confirms or sends it back.
 * - `submitted`: both confirmed; the supervisor decides.
 * - `approved`: the supervisor approved this version.
 */
export type RoundState = 'open' | 'settling' | 'confirming' | 'submitted' | 'approved';

export const ROUND_STATES: readonly RoundState[] = [
  'open',
  'settling',
  'confirming',
  'submitted',
  'approved',
];

/** What can happen to a round, and who may make it happen. */
export type RoundEvent =
  | 'answer'
  | 'completePart'
  | 'settle'
  | 'confirm'
  | 'sendBack'
  | 'approve'
  | 'requestChanges'
  | 'reopenApproved';

export const ROUND_EVENTS: readonly RoundEvent[] = [
  'answer',
  'completePart',
  'settle',
  'confirm',
  'sendBack',
  'approve',
  'requestChanges',
  'reopenApproved',
];

/** Facts a guard may look at; the caller computes them from the round. */
export interface TransitionFacts {
  /** After a `completePart`, whether the other part is done too. */
  readonly otherPartDone?: boolean;
}

interface Rule {
  readonly roles: readonly Role[];
  readonly to: (facts: TransitionFacts) => RoundState;
}

const stay = (state: RoundState) => () => state;

/** The whole state machine, as data: per state, the events it accepts, who may send them, and the next state. */
export const TRANSITIONS: Readonly<Record<RoundState, Partial<Record<RoundEvent, Rule>>>> = {
  open: {
    answer: { roles: ['student', 'trainer'], to: stay('open') },
    completePart: {
      roles: ['student', 'trainer'],
      to: (facts) => (facts.otherPartDone ? 'settling' : 'open'),
    },
  },
  settling: {
    settle: { roles: ['trainer'], to: stay('confirming') },
  },
  confirming: {
    confirm: { roles: ['student'], to: stay('submitted') },
    sendBack: { roles: ['student'], to: stay('settling') },
    settle: { roles: ['trainer'], to: stay('confirming') },
  },
  submitted: {
    approve: { roles: ['supervisor'], to: stay('approved') },
    requestChanges: { roles: ['supervisor'], to: stay('settling') },
  },
  approved: {
    reopenApproved: { roles: ['trainer'], to: stay('settling') },
  },
};

/** Why a transition was refused. */
export class TransitionError extends Error {
  constructor(
    readonly reason: 'wrong_state' | 'wrong_role',
    readonly state: RoundState,
    readonly event: RoundEvent,
    readonly role: Role,
  ) {
    super(`${event} by ${role} is not allowed in state ${state} (${reason})`);
    this.name = 'TransitionError';
  }
}

/** The state after `event` by `role`, or a {@link TransitionError} naming why it is not allowed. */
export function transition(
  state: RoundState,
  event: RoundEvent,
  role: Role,
  facts: TransitionFacts = {},
): RoundState {
  const rule = TRANSITIONS[state][event];
  if (!rule) throw new TransitionError('wrong_state', state, event, role);
  if (!rule.roles.includes(role)) throw new TransitionError('wrong_role', state, event, role);
  return rule.to(facts);
}

/** Whether `role` may send `event` now; for deciding which buttons a card shows. */
export function canTransition(state: RoundState, event: RoundEvent, role: Role): boolean {
  return TRANSITIONS[state][event]?.roles.includes(role) ?? false;
}
