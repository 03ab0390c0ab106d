import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type InvokeResponse,
  MessageFactory,
  StatusCodes,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import { type AdaptiveCardJson, CARD_CONTENT_TYPE } from '../chat/cards';
import { type Command, parseCommand } from '../chat/commands';
import { type CoordinatorDeps, type CoordinatorScope, coordinatorReply } from '../chat/coordinator-routes';
import { failureCard } from '../chat/failure-card';
import { FollowUps } from '../chat/follow-ups';
import type { Notifier } from '../chat/notifier';
import type { OfficeDeps } from '../chat/office-deps';
import { OfficeRim, officeHelpCard } from '../chat/office-routes';
import { invitationsTo, startReply } from '../chat/part-routes';
import type { Reply } from '../chat/reply';
import type { RouteDeps, RouteScope } from '../chat/route-scope';
import { type RoutedVerb, routeFor, runRoute } from '../chat/routes';
import { caseloadCard, statusCard } from '../chat/status-cards';
import { Verb } from '../chat/verbs';
import {
  errorCard,
  helpCard,
  noRolesCard,
  notRegisteredCard,
  unknownCommandCard,
  welcomeCard,
} from '../chat/views';
import { type Locale, type Translate, translator } from '../i18n';
import type { Logger } from '../logger';
import { CardActors, type PlacementLookup } from '../services/card-actor';
import { ensureRounds } from '../services/check-in/open-check-in';
import type { CheckInDeps } from '../services/check-in/ports';
import type { ConversationStore } from '../services/conversations';
import { type IdentifiedUser, identifyUser } from '../services/identify-user';
import type { QualificationCatalog } from '../services/qualification-catalog';
import type { SnoozeStore } from '../services/snooze-reminders';
import { malformedCardAction } from './card-action-value';
import { knownCardActor } from './card-address';
import { isPersonal, rememberConversation } from './personal-chat';
import { tenantAllowed } from './tenant';
import { localeOf, rosterLookup, senderId, teamsLocale } from './turn-identity';

type IdentifyDeps = Parameters<typeof identifyUser>[1];

/** What the bot needs; the composition root builds it once. */
export interface BotDeps
  extends Omit<CheckInDeps, 'conversations' | 'qualifications'>,
    Omit<CoordinatorDeps, 'rounds'> {
  readonly placements: IdentifyDeps['placements'] & PlacementLookup;
  readonly users: IdentifyDeps['users'];
  readonly conversations: ConversationStore;
  readonly reminders: SnoozeStore;
  readonly downloads: RouteDeps['downloads'];
  readonly qualifications: QualificationCatalog;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly allowedTenantIds: readonly string[];
  /** The `TIME_ZONE` setting: cards show their dates and times in it. */
  readonly timeZone: string;
  /** The BPV office's uploads and cards. */
  readonly office: OfficeDeps;
}

/** Everything a command or card action gets about the turn. */
export interface TurnScope extends CoordinatorScope {
  readonly user: IdentifiedUser;
  readonly locale: Locale;
}

/**
 * The rim between Teams and the use cases: identifies the sender of every activity, parses
 * commands and card actions, calls the use case and answers with a card.
 */
export class BpvBot extends TeamsActivityHandler {
  private readonly followUps: FollowUps;
  private readonly cardActors: CardActors;
  private readonly routeDeps: RouteDeps;
  private readonly office: OfficeRim;

  constructor(private readonly deps: BotDeps) {
    super();
    this.followUps = new FollowUps(deps);
    this.cardActors = new CardActors(deps);
    this.routeDeps = deps;
    this.office = new OfficeRim(deps.office);
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      if (isPersonal(context)) await this.greet(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.guard(context, async () => {
        const aadObjectId = senderId(context);
        if (aadObjectId) await deps.conversations.markInactive(aadObjectId, 'uninstalled', deps.now());
        this.log(context).info({ event: 'uninstalled' }, 'app removed by user');
      });
      await next();
    });
  }

  /** The sender's strings and dates: their Teams locale, the school's time zone. */
  private translator(context: TurnContext): Translate {
    return translator(teamsLocale(context), this.deps.timeZone);
  }

  /** Resolves when the follow-up sends of earlier turns are done (for shutdown, and for tests). */
  async idle(): Promise<void> {
    await this.office.idle();
    await this.followUps.idle();
  }

  /** Drops the placements kept for card actions (see CardActors). */
  forget(): void {
    this.cardActors.forget();
  }

  private log(context: TurnContext): Logger {
    return this.deps.logger.child({
      conversationId: context.activity.conversation?.id,
      activityId: context.activity.id,
      type: context.activity.type,
    });
  }

  /** Runs `work` for an allowed tenant and turns any failure into a card; nothing reaches Teams as an error. */
  private async guard(context: TurnContext, work: () => Promise<unknown>): Promise<void> {
    if (!tenantAllowed(context.activity, this.deps.allowedTenantIds)) {
      this.log(context).warn({ event: 'tenant_refused' }, 'activity from a tenant that is not allowed');
      return;
    }
    try {
      await work();
    } catch (error) {
      await this.reply(context, failureCard(this.log(context), this.translator(context), error));
    }
  }

  /** Stores the reference, recognises the user and binds their Entra id to their placements. */
  private async scope(context: TurnContext): Promise<TurnScope | undefined> {
    const aadObjectId = senderId(context);
    if (!aadObjectId) return undefined;
    const locale = localeOf(context);
    await rememberConversation(context, aadObjectId, this.deps);
    const now = this.deps.now();
    const log = this.log(context);
    const lookupAddresses = rosterLookup(context, log);
    const user = await identifyUser(
      { aadObjectId, lookupAddresses, now },
      { users: this.deps.users, placements: this.deps.placements },
    );
    this.cardActors.remember(user.memberships.map((m) => m.placement));
    log.info(
      { event: 'identified', roles: user.memberships.map((m) => m.role), firstContact: user.firstContact },
      'user identified',
    );
    if (user.refused.length > 0) {
      // For the coordinator: an account whose address matches roles another account holds.
      log.warn(
        { event: 'role_bound_elsewhere', aadObjectId, refused: user.refused },
        'roles matched by address are bound to another account; refused',
      );
    }
    const { memberships } = user;
    return { user, locale, t: this.translator(context), now, aadObjectId, memberships, lookupAddresses };
  }

  private async greet(context: TurnContext): Promise<void> {
    await this.guard(context, async () => {
      const scope = await this.scope(context);
      if (!scope) return this.reply(context, notRegisteredCard(this.translator(context), false));
      // The greeting can open a first round: a trainer who works by e-mail is invited to it.
      const reply = await this.answer(scope, 'greeting');
      await this.followUps.deliver(reply, scope.aadObjectId, await this.reply(context, reply.card));
    });
  }

  private async reply(context: TurnContext, card: AdaptiveCardJson): Promise<string | undefined> {
    const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return sent?.id;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    if (!isPersonal(context)) return;
    await this.guard(context, async () => {
      const scope = await this.scope(context);
      if (!scope) return this.reply(context, notRegisteredCard(this.translator(context), false));
      const office = await this.office.message(scope, context.activity);
      const reply = office ?? (await this.answer(scope, parseCommand(context.activity.text)));
      const sentId = await this.reply(context, reply.card);
      await this.followUps.deliver(reply, scope.aadObjectId, sentId);
    });
  }

  /** The card that answers a command; shared by typed commands and card buttons. */
  private async answer(scope: TurnScope, command: Command | undefined): Promise<Reply> {
    if (command === 'help')
      return { card: await helpCard(scope.t, this.deps.qualifications, scope.memberships) };
    const asCoordinator = await coordinatorReply(scope, command, this.deps);
    if (asCoordinator) return asCoordinator;
    if (scope.user.memberships.length === 0) {
      if (await this.office.isMember(scope.aadObjectId)) return { card: officeHelpCard() };
      return { card: noRolesCard(scope.t, scope.user) };
    }
    if (command === 'start') return startReply(scope, this.routeDeps);
    if (command === 'status') return { card: await statusCard(scope, this.routeDeps) };
    if (command === 'overview') return { card: await caseloadCard(scope, this.routeDeps) };
    if (command === undefined && !scope.user.firstContact) return { card: unknownCommandCard(scope.t) };
    const notifications = invitationsTo(await ensureRounds(this.deps, scope));
    return { card: await welcomeCard(scope.t, scope.memberships, this.deps.qualifications), notifications };
  }

  /** Card actions are the only invoke the app offers; the SDK's parsers for others throw on odd values. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return { status: StatusCodes.NOT_IMPLEMENTED };
    const refused = malformedCardAction(context.activity.value);
    if (refused) {
      this.log(context).warn({ event: 'bad_invoke' }, 'card action without an action');
      return refused;
    }
    return super.onInvokeActivity(context);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const t = this.translator(context);
    const respond = (card: AdaptiveCardJson): AdaptiveCardInvokeResponse => ({
      statusCode: 200,
      type: CARD_CONTENT_TYPE,
      value: card,
    });
    if (!tenantAllowed(context.activity, this.deps.allowedTenantIds)) return respond(errorCard(t));
    try {
      // A click on a card of the sender's own role needs only that placement; anything else is
      // identified in full, as a message is.
      const known = await knownCardActor(context, value?.action, this.cardActors, this.deps.now);
      const scope = known ? undefined : await this.scope(context);
      if (!known && !scope) return respond(notRegisteredCard(t, false));
      const reply = known
        ? await this.routed(context, known.route, { ...known.actor, t }, value?.action?.data)
        : scope && (await this.cardAction(context, scope, value?.action?.verb, value?.action?.data ?? {}));
      if (!reply) return respond(unknownCommandCard(t));
      // Teams waits only a few seconds for the card: the follow-up sends happen after it.
      const actorId = known?.actor.aadObjectId ?? scope?.aadObjectId ?? '';
      this.followUps.start(reply, actorId, context.activity.replyToId);
      return respond(reply.card);
    } catch (error) {
      return respond(failureCard(this.log(context), t, error));
    }
  }

  /** A card button's answer; undefined for an unknown verb or a payload that fails its schema. */
  private async cardAction(
    context: TurnContext,
    scope: TurnScope,
    verb: unknown,
    data: unknown,
  ): Promise<Reply | undefined> {
    if (verb === Verb.help)
      return { card: await helpCard(scope.t, this.deps.qualifications, scope.memberships) };
    const office = await this.office.action(scope, context.activity.replyToId, verb, data);
    if (office) return office;
    if (scope.user.memberships.length === 0 && scope.user.refused.length > 0) {
      return { card: noRolesCard(scope.t, scope.user) };
    }
    if (verb === Verb.start || verb === Verb.status) return this.answer(scope, verb);
    return this.routed(context, routeFor(verb), scope, data);
  }

  private async routed(
    context: TurnContext,
    route: RoutedVerb | undefined,
    scope: RouteScope,
    data: unknown,
  ): Promise<Reply | undefined> {
    const reply = route ? await runRoute(route, scope, data ?? {}, this.routeDeps) : undefined;
    if (!reply) {
      this.log(context).warn(
        { event: 'bad_action', verb: route ? Verb[route] : 'unknown' },
        'card action refused',
      );
    }
    return reply;
  }
}
