import type { Placement, Role } from '../domain/placement';
import type { Actor } from './check-in/actor';

/** Reads one placement by its id. */
export interface PlacementLookup {
  get(id: string): Promise<Placement | undefined>;
}

/** The placement and role a card action names: the card was drawn for that role in that placement. */
export interface CardAddress {
  readonly placementId: string;
  readonly role: Role;
}

/** How long a placement read for a card action answers the next ones in this process. */
export const CARD_ACTOR_TTL_MS = 30_000;
const MAX_KEPT = 10_000;

/**
 * The actors of card actions, each checked against the one placement the card names: its role must
 * be bound to the sender's Entra id. One point read instead of identifying the sender anew through
 * their address on every click, and none for a click on the same placement within
 * {@link CARD_ACTOR_TTL_MS}: placements change only on import, binding and erasure, and a role
 * released elsewhere stays usable by its old account for at most that long.
 */
export class CardActors {
  private readonly kept = new Map<string, { readonly placement: Placement; readonly until: number }>();

  constructor(
    private readonly deps: { readonly placements: PlacementLookup },
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * The actor, or undefined when the role is not (or no longer) the sender's or the placement is
   * gone: the caller then identifies the sender in full, which binds a role seen for the first
   * time, and refuses or answers as for any message.
   */
  async actor(input: {
    readonly aadObjectId: string;
    readonly address: CardAddress;
    readonly now: Date;
  }): Promise<Actor | undefined> {
    const { aadObjectId, address, now } = input;
    const placement = await this.placement(address.placementId);
    if (!placement || placement[address.role].aadObjectId !== aadObjectId) {
      // Whatever was kept did not match: the next click reads the placement again.
      this.kept.delete(address.placementId);
      return undefined;
    }
    return { aadObjectId, memberships: [{ placement, role: address.role }], now };
  }

  /** Placements just read elsewhere (identifying a sender reads all of theirs): their next clicks need no read. */
  remember(placements: readonly Placement[]): void {
    const at = this.clock();
    for (const placement of placements) {
      this.kept.delete(placement.id);
      if (this.kept.size >= MAX_KEPT) this.evict(at);
      this.kept.set(placement.id, { placement, until: at + CARD_ACTOR_TTL_MS });
    }
  }

  private async placement(id: string): Promise<Placement | undefined> {
    const at = this.clock();
    const kept = this.kept.get(id);
    if (kept && kept.until > at) return kept.placement;
    const placement = await this.deps.placements.get(id);
    this.kept.delete(id);
    if (placement) this.remember([placement]);
    return placement;
  }

  private evict(at: number): void {
    for (const [id, { until }] of this.kept) if (until <= at) this.kept.delete(id);
    // Still full: drop the oldest (a Map keeps insertion order).
    const oldest = this.kept.keys().next();
    if (this.kept.size >= MAX_KEPT && !oldest.done) this.kept.delete(oldest.value);
  }
}
