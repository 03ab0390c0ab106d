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
  save(aadObjectId: string, reference: Record<string, unknown>, now: Date): Promise<void>;
  /** The person blocked or removed the app: no more proactive cards until they write again. */
  markInactive(aadObjectId: string, reason: string, now: Date): Promise<void>;
}
