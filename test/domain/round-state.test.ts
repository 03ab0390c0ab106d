import type { Role } from '../../src/domain/placement';
import {
  canTransition,
  ROUND_EVENTS,
  ROUND_STATES,
  type RoundEvent,
  type RoundState,
  TransitionError,
  transition,
} from '../../src/domain/round-state';

const ROLES: Role[] = ['student', 'trainer', 'supervisor'];

// Every allowed transition: [from, event, role, facts, to].
const allowed: [RoundState, RoundEvent, Role, { otherPartDone?: boolean }, RoundState][] = [
  ['open', 'answer', 'student', {}, 'open'],
  ['open', 'answer', 'trainer', {}, 'open'],
  ['open', 'completePart', 'student', { otherPartDone: false }, 'open'],
  ['open', 'completePart', 'trainer', { otherPartDone: false }, 'open'],
  ['open', 'completePart', 'student', { otherPartDone: true }, 'settling'],
  ['open', 'completePart', 'trainer', { otherPartDone: true }, 'settling'],
  ['settling', 'settle', 'trainer', {}, 'confirming'],
  ['confirming', 'settle', 'trainer', {}, 'confirming'],
  ['confirming', 'confirm', 'student', {}, 'submitted'],
  ['confirming', 'sendBack', 'student', {}, 'settling'],
  ['submitted', 'approve', 'supervisor', {}, 'approved'],
  ['submitted', 'requestChanges', 'supervisor', {}, 'settling'],
  ['approved', 'reopenApproved', 'trainer', {}, 'settling'],
];

describe('round state machine', () => {
  it.each(allowed)('%s --%s by %s %j--> %s', (from, event, role, facts, to) => {
    expect(transition(from, event, role, facts)).toBe(to);
    expect(canTransition(from, event, role)).toBe(true);
  });

  // Every other combination of state, event and role is refused, with the reason named.
  const refused = ROUND_STATES.flatMap((state) =>
    ROUND_EVENTS.flatMap((event) =>
      ROLES.filter((role) => !allowed.some(([s, e, r]) => s === state && e === event && r === role)).map(
        (role) => [state, event, role] as const,
      ),
    ),
  );

  it('leaves no combination untested', () => {
    const distinctAllowed = new Set(allowed.map(([s, e, r]) => `${s}|${e}|${r}`));
    expect(refused.length + distinctAllowed.size).toBe(
      ROUND_STATES.length * ROUND_EVENTS.length * ROLES.length,
    );
  });

  it.each(refused)('refuses %s --%s by %s', (state, event, role) => {
    expect(canTransition(state, event, role)).toBe(false);
    let error: unknown;
    try {
      transition(state, event, role);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TransitionError);
    const acceptsEventAtAll = allowed.some(([s, e]) => s === state && e === event);
    expect((error as TransitionError).reason).toBe(acceptsEventAtAll ? 'wrong_role' : 'wrong_state');
  });
});
