/** A person's personal chat with the app as stored: an opaque address, and whether it still works. */
export interface StoredConversation {
  readonly aadObjectId: string;
  readonly reference: Record<string, unknown>;
  readonly active: boolean;
  readonly updatedAt: string;
  readonly inactiveReason?: string;
}

/** Where the addresses of people's personal chats are kept, for cards sent to them later. */
export interface ConversationStore {
  get(aadObjectId: string): Promise<StoredConversation | undefined>;
  /** Stores the reference; one known to be stored already is not written again unless `force`. */
  save(
    aadObjectId: string,
    reference: Record<string, unknown>,
    now: Date,
    options?: { readonly force?: boolean },
  ): Promise<void>;
  /** The person blocked or removed the app: no more proactive cards until they write again. */
  markInactive(aadObjectId: string, reason: string, now: Date): Promise<void>;
}
