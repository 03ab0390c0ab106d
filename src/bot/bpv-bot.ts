import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type ConversationReference,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import { type Locale, localeFrom, type Translate, translator } from '../i18n';
import type { Logger } from '../logger';
import type { QualificationCatalog } from '../qualifications/catalog';
import { type IdentifiedUser, identifyUser } from '../services/identify-user';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { PlacementRepository } from '../storage/placement-repository';
import { StorageUnavailableError } from '../storage/table-store';
import type { UserRepository } from '../storage/user-repository';
import { type AdaptiveCardJson, CARD_CONTENT_TYPE } from './cards';
import { type Command, parseCommand } from './commands';
import { Verb } from './verbs';
import {
  errorCard,
  helpCard,
  notRegisteredCard,
  storageDownCard,
  unknownCommandCard,
  welcomeCard,
} from './views';

/** What the bot needs; the composition root builds it once. */
export interface BotDeps {
  readonly placements: PlacementRepository;
  readonly users: UserRepository;
  readonly conversations: ConversationRepository;
  readonly qualifications: QualificationCatalog;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly allowedTenantIds: readonly string[];
}

/** Everything a command or card action handler gets about the turn. */
export interface TurnScope {
  readonly context: TurnContext;
  readonly user: IdentifiedUser;
  readonly locale: Locale;
  readonly t: Translate;
  readonly now: Date;
}

/** Identifies the sender of every activity and answers commands and card actions with cards. */
export class BpvBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id);
      if (botAdded && this.isPersonal(context)) await this.greet(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      // Teams also sends conversationUpdate on install, which greets; here only the reference is kept.
      await this.guard(context, async () => {
        await this.rememberConversation(context);
      });
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      const aadObjectId = context.activity.from?.aadObjectId;
      if (aadObjectId)
        await this.deps.conversations.markInactive(aadObjectId, 'uninstalled', this.deps.now());
      this.log(context).info({ event: 'uninstalled' }, 'app removed by user');
      await next();
    });
  }

  private log(context: TurnContext): Logger {
    return this.deps.logger.child({
      conversationId: context.activity.conversation?.id,
      activityId: context.activity.id,
      type: context.activity.type,
    });
  }

  private isPersonal(context: TurnContext): boolean {
    const type = context.activity.conversation?.conversationType;
    return type === undefined || type === 'personal';
  }

  private tenantAllowed(context: TurnContext): boolean {
    if (this.deps.allowedTenantIds.length === 0) return true;
    const tenant = (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    return tenant !== undefined && this.deps.allowedTenantIds.includes(tenant);
  }

  /** Runs `work` for an allowed tenant and turns storage outages into a friendly card. */
  private async guard(context: TurnContext, work: () => Promise<void>): Promise<void> {
    if (!this.tenantAllowed(context)) {
      this.log(context).warn({ event: 'tenant_refused' }, 'activity from a tenant that is not allowed');
      return;
    }
    const t = translator(localeFrom(context.activity.locale));
    try {
      await work();
    } catch (error) {
      if (error instanceof StorageUnavailableError) {
        this.log(context).error({ err: error.cause }, 'storage unavailable');
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(storageDownCard(t))));
        return;
      }
      throw error;
    }
  }

  private async rememberConversation(context: TurnContext): Promise<void> {
    const aadObjectId = context.activity.from?.aadObjectId;
    if (!aadObjectId || !this.isPersonal(context)) return;
    const reference: Partial<ConversationReference> = TurnContext.getConversationReference(context.activity);
    await this.deps.conversations.save(aadObjectId, reference as Record<string, unknown>, this.deps.now());
  }

  private async lookupAddresses(context: TurnContext): Promise<string[]> {
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      return [member.email, member.userPrincipalName].filter(
        (value, i, all): value is string =>
          typeof value === 'string' && value.includes('@') && all.indexOf(value) === i,
      );
    } catch (error) {
      this.log(context).warn({ err: error }, 'member lookup failed');
      return [];
    }
  }

  /** Stores the reference, recognises the user and binds their Entra id to their placements. */
  private async scope(context: TurnContext): Promise<TurnScope | undefined> {
    const aadObjectId = context.activity.from?.aadObjectId;
    const locale = localeFrom(context.activity.locale);
    const t = translator(locale);
    if (!aadObjectId) {
      await this.reply(context, notRegisteredCard(t, false));
      return undefined;
    }
    await this.rememberConversation(context);
    const now = this.deps.now();
    const user = await identifyUser(
      { aadObjectId, lookupAddresses: () => this.lookupAddresses(context), now },
      { users: this.deps.users, placements: this.deps.placements },
    );
    this.log(context).info(
      { event: 'identified', roles: user.memberships.map((m) => m.role), firstContact: user.firstContact },
      'user identified',
    );
    return { context, user, locale, t, now };
  }

  private async greet(context: TurnContext): Promise<void> {
    await this.guard(context, async () => {
      const scope = await this.scope(context);
      if (scope) await this.reply(context, this.welcomeOrNotRegistered(scope));
    });
  }

  private welcomeOrNotRegistered(scope: TurnScope): AdaptiveCardJson {
    return scope.user.memberships.length > 0
      ? welcomeCard(scope.t, scope.user.memberships, this.deps.qualifications)
      : notRegisteredCard(scope.t, scope.user.lookedUp);
  }

  private async reply(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    if (!this.isPersonal(context)) return;
    await this.guard(context, async () => {
      const scope = await this.scope(context);
      if (!scope) return;
      const command = parseCommand(context.activity.text);
      await this.reply(context, await this.answer(scope, command));
    });
  }

  /** The card that answers a command; shared by typed commands and card buttons. */
  private async answer(scope: TurnScope, command: Command | undefined): Promise<AdaptiveCardJson> {
    if (command === 'help') return helpCard(scope.t);
    if (scope.user.memberships.length === 0) return notRegisteredCard(scope.t, scope.user.lookedUp);
    if (command === undefined && !scope.user.firstContact) return unknownCommandCard(scope.t);
    return this.welcomeOrNotRegistered(scope);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const t = translator(localeFrom(context.activity.locale));
    const respond = (card: AdaptiveCardJson): AdaptiveCardInvokeResponse => ({
      statusCode: 200,
      type: CARD_CONTENT_TYPE,
      value: card,
    });
    if (!this.tenantAllowed(context)) return respond(errorCard(t));
    try {
      const scope = await this.scope(context);
      if (!scope) return respond(notRegisteredCard(t, false));
      const verb = value?.action?.verb;
      if (verb === Verb.help) return respond(helpCard(t));
      if (verb === Verb.start || verb === Verb.status) return respond(await this.answer(scope, verb));
      this.log(context).warn({ event: 'unknown_verb' }, 'card action with an unknown verb');
      return respond(unknownCommandCard(t));
    } catch (error) {
      if (error instanceof StorageUnavailableError) {
        this.log(context).error({ err: error.cause }, 'storage unavailable');
        return respond(storageDownCard(t));
      }
      this.log(context).error({ err: error }, 'card action failed');
      return respond(errorCard(t));
    }
  }
}
