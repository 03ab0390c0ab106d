import { odata, type TableClient } from '@azure/data-tables';
import type { CardKind, HeldCard, HeldCardStore } from '../services/check-in/ports';
import { type TableStore, translateStorageError } from './table-store';

/** A card the bot put into someone's chat that shows a round, so it can be updated in place later. */
export type TrackedCard = HeldCard;
export type { CardKind };

type CardEntity = {
  partitionKey: string;
  rowKey: string;
  aadObjectId: string;
  activityId: string;
  kind: CardKind;
};

const prefix = (round: number) => `card|${String(round).padStart(3, '0')}|`;

// Activity ids are opaque strings from Teams; encode them so any character is a valid key.
const rowKey = (round: number, card: TrackedCard) =>
  `${prefix(round)}${card.aadObjectId}|${Buffer.from(card.activityId).toString('base64url')}`;

/** The round cards each person holds, in the placement's partition. */
export class CardRepository implements HeldCardStore {
  private readonly table: TableClient;

  constructor(store: TableStore) {
    this.table = store.client('placements');
  }

  async track(placementId: string, round: number, card: TrackedCard): Promise<void> {
    try {
      await this.table.upsertEntity<CardEntity>(
        {
          partitionKey: placementId,
          rowKey: rowKey(round, card),
          aadObjectId: card.aadObjectId,
          activityId: card.activityId,
          kind: card.kind,
        },
        'Replace',
      );
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async release(placementId: string, round: number, card: TrackedCard): Promise<void> {
    try {
      await this.table.deleteEntity(placementId, rowKey(round, card));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      throw translateStorageError(error);
    }
  }

  async list(placementId: string, round: number): Promise<TrackedCard[]> {
    const from = prefix(round);
    const to = `${from.slice(0, -1)}}`;
    try {
      const rows = this.table.listEntities<CardEntity>({
        queryOptions: {
          filter: odata`PartitionKey eq ${placementId} and RowKey ge ${from} and RowKey lt ${to}`,
        },
      });
      const cards: TrackedCard[] = [];
      for await (const row of rows)
        cards.push({ aadObjectId: row.aadObjectId, activityId: row.activityId, kind: row.kind });
      return cards;
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}
