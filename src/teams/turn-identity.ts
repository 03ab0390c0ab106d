import { TeamsInfo, type TurnContext } from 'botbuilder';
import { type Locale, localeFrom } from '../i18n';
import type { Logger } from '../logger';

/** The Teams locale of an activity: its `locale`, else the one in its clientInfo entity. */
export function teamsLocale(context: TurnContext): string | undefined {
  // Read as unknown: a malformed activity must not break the turn before it can be answered.
  const { locale, entities } = context.activity as { locale?: unknown; entities?: unknown };
  if (typeof locale === 'string') return locale;
  const clientInfo: unknown = Array.isArray(entities)
    ? entities.find((e: unknown) => (e as { type?: unknown } | null)?.type === 'clientInfo')
    : undefined;
  const fromClient = (clientInfo as { locale?: unknown } | undefined)?.locale;
  return typeof fromClient === 'string' ? fromClient : undefined;
}

export function localeOf(context: TurnContext): Locale {
  return localeFrom(teamsLocale(context));
}

/**
 * The sender's Entra object id, when it looks like one. It becomes a storage key: anything else
 * (another type, key-forbidden or control characters, kilobytes of text) is treated as no id.
 */
export function senderId(context: TurnContext): string | undefined {
  const id: unknown = (context.activity.from as { aadObjectId?: unknown } | undefined)?.aadObjectId;
  return typeof id === 'string' && /^[0-9A-Za-z-]{1,64}$/.test(id) ? id : undefined;
}

/** The sign-in name (UPN) and mail address Teams' roster gives for the sender; none when it cannot tell. */
export async function rosterAddresses(context: TurnContext, log: Logger): Promise<string[]> {
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    // The roster is asked by the chat id; its answer only counts for the Entra id the turn is for,
    // or an activity naming someone else's chat id would bind that person's roles to its sender.
    if (member.aadObjectId !== context.activity.from.aadObjectId) {
      log.warn({ event: 'member_mismatch' }, 'roster entry is for another Entra id');
      return [];
    }
    // The sign-in name (UPN) first: the mail attribute is settable by tenant admins.
    return [member.userPrincipalName, member.email].filter(
      (value, i, all): value is string =>
        typeof value === 'string' && value.includes('@') && all.indexOf(value) === i,
    );
  } catch (error) {
    log.warn({ err: error }, 'member lookup failed');
    return [];
  }
}

/** {@link rosterAddresses} asked once per turn, however many use cases want the addresses. */
export function rosterLookup(context: TurnContext, log: Logger): () => Promise<string[]> {
  let asked: Promise<string[]> | undefined;
  return () => {
    asked ??= rosterAddresses(context, log);
    return asked;
  };
}
