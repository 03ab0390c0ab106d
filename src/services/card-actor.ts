import type { Placement, Role } from '../domain/placement';
import type { Actor } from './check-in/actor';
import type { RoundStore, StoredRound } from './check-in/ports';

/** Reads one placement by its id. */
export interface PlacementLookup {
  get(id: string): Promise<Placement | undefined>;
}

/** The placement and role a card action names: the card was drawn for that role in that placement. */
export interface CardAddress {
  readonly placementId: string;
  readonly role: Role;
  /** The round the card shows, when its payload names one. */
  readonly round?: number;
}

/** How long a placement read for a card action answers the next ones in this process. */
export const CARD_ACTOR_TTL_MS = 30_000;
const MAX_KEPT = 10_000;

/**
 * The actors of card actions, each checked against the one placement the card names: its role must
 * be bound to the sender's Entra id. A card that names its round is checked against the copy of the
 * placement that the round row carries (kept in step with the placement in the same batches), so
 * the round is read once, for the check and for the action; a card without a round, or a round
 * row without the copy (written before rounds carried it), is checked against the placement row.
 * No read at all for a click on the same placement within {@link CARD_ACTOR_TTL_MS}: placements
 * change only on import, binding and erasure, and a role released elsewhere stays usable by its
 * old account for at most that long in a process that checked it a moment before.
 */
export class CardActors {
  private readonly kept = new Map<string, { readonly placement: Placement; readonly until: number }>();

  constructor(
    private readonly deps: {
      readonly placements: PlacementLookup;
      readonly rounds?: Pick<RoundStore, 'get'>;
    },
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * The actor, or undefined when the role is not (or no longer) the sender's or the placement is
   * gone: the caller then identifies the sender in full, which binds a role seen for the first
   * time, and refuses or answers as for any message. The actor carries the round when it was read
   * here, so the action does not read it again.
   */
  async actor(input: {
    readonly aadObjectId: string;
    readonly address: CardAddress;
    readonly now: Date;
  }): Promise<Actor | undefined> {
    const { aadObjectId, address, now } = input;
    const { placement, seen } = await this.placement(address);
    if (!placement || placement[address.role].aadObjectId !== aadObjectId) {
      // Whatever was kept did not match: the next click reads the placement again.
      this.kept.delete(address.placementId);
      return undefined;
    }
    return { aadObjectId, memberships: [{ placement, role: address.role }], now, ...(seen ? { seen } : {}) };
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

  /** Drops every placement kept: each next click reads storage, as after a restart. */
  forget(): void {
    this.kept.clear();
  }

  private async placement(
    address: CardAddress,
  ): Promise<{ placement?: Placement | undefined; seen?: StoredRound | undefined }> {
    const { placementId: id } = address;
    const at = this.clock();
    const kept = this.kept.get(id);
    if (kept && kept.until > at) return { placement: kept.placement };
    this.kept.delete(id);
    const seen =
      address.round !== undefined && this.deps.rounds
        ? await this.deps.rounds.get(id, address.round)
        : undefined;
    const placement = seen?.placement ?? (await this.deps.placements.get(id));
    if (placement) this.remember([placement]);
    return { placement, seen };
  }

  private evict(at: number): void {
    for (const [id, { until }] of this.kept) if (until <= at) this.kept.delete(id);
    // Still full: drop the oldest (a Map keeps insertion order).
    const oldest = this.kept.keys().next();
    if (this.kept.size >= MAX_KEPT && !oldest.done) this.kept.delete(oldest.value);
  }
}
