import { type ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationStore } from '../services/conversations';
import { canReply } from './reply-address';
import { teamsLocale } from './turn-identity';

/** A personal chat the bot can answer in; a malformed address leaves nowhere to reply or to remember. */
export function isPersonal(context: TurnContext): boolean {
  if (!canReply(context.activity)) return false;
  const type = context.activity.conversation.conversationType;
  return type === undefined || type === 'personal';
}

/** Stores the personal chat's reference, for proactive messages, in the sender's language. */
export async function rememberConversation(
  context: TurnContext,
  aadObjectId: string,
  deps: { readonly conversations: ConversationStore; readonly now: () => Date },
): Promise<void> {
  // A card click comes from a chat already on record (installs and messages store it): no write
  // on the hot path of a card step.
  if (!isPersonal(context) || context.activity.type === 'invoke') return;
  const reference: Partial<ConversationReference> = {
    ...TurnContext.getConversationReference(context.activity),
    // Proactive cards are drawn in this language; Teams puts it in the activity or its clientInfo.
    locale: teamsLocale(context) ?? 'nl-NL',
  };
  // An install always writes: a removal handled by another process may have marked the chat unreachable.
  await deps.conversations.save(aadObjectId, reference as Record<string, unknown>, deps.now(), {
    force: context.activity.type === 'installationUpdate',
  });
}
