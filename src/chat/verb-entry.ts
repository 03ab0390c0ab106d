import type { z } from 'zod';
import type { Role } from '../domain/placement';
import type { Command } from './commands';
import type { OfficeBackground } from './office-background';
import type { OfficeDeps, OfficeTurn } from './office-deps';
import type { Reply } from './reply';
import type { RouteDeps, RouteScope } from './route-scope';
import type { Verb } from './verbs';

/** A verb's key in {@link Verb} (`sendBack`); its name on the wire is `Verb[key]` (`sendback`). */
export type VerbKey = keyof typeof Verb;

/**
 * Who may press a verb's button. A click whose payload names a placement and a fixed or named role
 * is answered from that placement alone when it binds the role to the sender (the fast path of a
 * click); the use case checks the same role again.
 */
export type PressedBy =
  /** The one role the verb is for, on the placement its payload names (`p`). */
  | { readonly role: Role }
  /** The part role its payload names (`role`: student or trainer), on the placement it names. */
  | 'the role in its payload'
  /** Anyone with roles: the verb spans placements or roles, and its use case checks each. */
  | 'the people of a placement'
  /** A member of the BPV office (its users or its group). */
  | 'the office'
  /** Anyone: the button does what typing the command does. */
  | 'anyone';

/** A card action of the check-in: parsed with `payload`, answered by `handle` through the use cases. */
export interface RouteVerb<S extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly kind: 'route';
  readonly name: string;
  readonly payload: S;
  readonly pressedBy: PressedBy;
  readonly handle: (scope: RouteScope, data: z.output<S>, deps: RouteDeps) => Promise<Reply>;
}

/** The office member's turn of a card action, with the message the card is (to be redrawn later). */
export interface OfficeActionTurn extends OfficeTurn {
  readonly replyToId: string | undefined;
}

/** A button on the BPV office's cards: only for office members, with the office's dependencies. */
export interface OfficeVerb<S extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly kind: 'office';
  readonly name: string;
  readonly payload: S;
  readonly pressedBy: 'the office';
  readonly handle: (
    turn: OfficeActionTurn,
    data: z.output<S>,
    deps: OfficeDeps,
    background: OfficeBackground,
  ) => Promise<Reply>;
}

/** A button that does what a typed command does; it carries no payload. */
export interface CommandVerb {
  readonly kind: 'command';
  readonly name: string;
  readonly command: Extract<Command, 'start' | 'status' | 'help'>;
  readonly pressedBy: 'anyone';
}

export type VerbEntry = RouteVerb | OfficeVerb | CommandVerb;

/** One card action of the check-in: its name, payload schema, who may press it, and its handler. */
export function defineVerb<const N extends string, S extends z.ZodTypeAny>(
  entry: Omit<RouteVerb<S>, 'kind' | 'name'> & { readonly name: N },
): RouteVerb<S> & { readonly name: N } {
  return { kind: 'route', ...entry };
}

/** One button of the BPV office's cards: its name, payload schema and handler. */
export function defineOfficeVerb<const N extends string, S extends z.ZodTypeAny>(
  entry: Omit<OfficeVerb<S>, 'kind' | 'name' | 'pressedBy'> & { readonly name: N },
): OfficeVerb<S> & { readonly name: N } {
  return { kind: 'office', pressedBy: 'the office', ...entry };
}

/** A command's button: its name and the command it answers as. */
export function defineCommandVerb<const N extends string>(
  entry: Omit<CommandVerb, 'kind' | 'pressedBy'> & { readonly name: N },
): CommandVerb & { readonly name: N } {
  return { kind: 'command', pressedBy: 'anyone', ...entry };
}
