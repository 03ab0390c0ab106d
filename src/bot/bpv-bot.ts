import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type ConversationReference,
  type InvokeResponse,
  MessageFactory,
  StatusCodes,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import { parseItemKey } from '../domain/reminders';
import type { RoundScheduleRules } from '../domain/round-schedule';
import { type Locale, localeFrom, type Translate, translator } from '../i18n';
import type { Logger } from '../logger';
import type { QualificationCatalog } from '../qualifications/catalog';
import { type IdentifiedUser, identifyUser } from '../services/identify-user';
import { RoundNotFoundError } from '../services/rounds';
import type { CardRepository } from '../storage/card-repository';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { PlacementRepository } from '../storage/placement-repository';
import type { ReminderRepository } from '../storage/reminder-repository';
import type { RoundRepository } from '../storage/round-repository';
import { ConcurrentUpdateError, StorageUnavailableError } from '../storage/table-store';
import type { UserRepository } from '../storage/user-repository';
import { malformedCardAction } from './card-action-value';
import { type AdaptiveCardJson, CARD_CONTENT_TYPE, renderCard } from './cards';
import {
  CheckInHandlers,
  type CheckInScope,
  NotYoursError,
  payloadSchemas,
  type Reply,
} from './check-in-handlers';
import { formatMoment } from './check-in-views';
import { type Command, parseCommand } from './commands';
import type { Notifier } from './notifier';
import { canReply } from './reply-address';
import { tenantAllowed } from './tenant';
import { Verb } from './verbs';
import {
  errorCard,
  helpCard,
  messageCard,
  navigationActions,
  noRolesCard,
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
  readonly rounds: RoundRepository;
  readonly cards: CardRepository;
  readonly reminders: ReminderRepository;
  readonly qualifications: QualificationCatalog;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly allowedTenantIds: readonly string[];
  /** When the next check-in opens (the reminder sweep follows the same rule). */
  readonly roundSchedule: RoundScheduleRules;
}

/** Everything a command or card action handler gets about the turn. */
export interface TurnScope extends CheckInScope {
  readonly context: TurnContext;
  readonly user: IdentifiedUser;
  readonly locale: Locale;
}

/** A verb's handler behind its payload schema: the handler gets typed data or never runs. */
interface Route {
  /** Undefined when the payload does not match the schema. */
  run(scope: TurnScope, data: unknown): Promise<Reply | undefined>;
}

function route<S extends z.ZodTypeAny>(
  schema: S,
  handle: (scope: TurnScope, data: z.infer<S>) => Promise<Reply>,
): Route {
  return {
    run: async (scope, data) => {
      const parsed = schema.safeParse(data);
      return parsed.success ? handle(scope, parsed.data) : undefined;
    },
  };
}

/** The Teams locale of an activity: its `locale`, else the one in its clientInfo entity. */
function teamsLocale(context: TurnContext): string | undefined {
  // Read as unknown: a malformed activity must not break the turn before it can be answered.
  const { locale, entities } = context.activity as { locale?: unknown; entities?: unknown };
  if (typeof locale === 'string') return locale;
  const clientInfo: unknown = Array.isArray(entities)
    ? entities.find((e: unknown) => (e as { type?: unknown } | null)?.type === 'clientInfo')
    : undefined;
  const fromClient = (clientInfo as { locale?: unknown } | undefined)?.locale;
  return typeof fromClient === 'string' ? fromClient : undefined;
}

/**
 * The sender's Entra object id, when it looks like one. It becomes a storage key: anything else
 * (another type, key-forbidden or control characters, kilobytes of text) is treated as no id.
 */
function senderId(context: TurnContext): string | undefined {
  const id: unknown = (context.activity.from as { aadObjectId?: unknown } | undefined)?.aadObjectId;
  return typeof id === 'string' && /^[0-9A-Za-z-]{1,64}$/.test(id) ? id : undefined;
}

function localeOf(context: TurnContext): Locale {
  return localeFrom(teamsLocale(context));
}

const SNOOZE_DAYS = 7;
const snoozeSchema = z.object({
  items: z
    .array(z.object({ p: z.string().regex(/^[0-9a-f]{32}$/), item: z.string().max(300) }))
    .min(1)
    .max(200),
});

/** Identifies the sender of every activity and answers commands and card actions with cards. */
export class BpvBot extends TeamsActivityHandler {
  private readonly checkIn: CheckInHandlers;
  /** A Map, not an object: a verb such as `constructor` or `__proto__` must not find a handler. */
  private readonly routes: ReadonlyMap<string, Route>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.checkIn = new CheckInHandlers({
      rounds: deps.rounds,
      cards: deps.cards,
      conversations: deps.conversations,
      qualifications: deps.qualifications,
      schedule: deps.roundSchedule,
    });
    const c = this.checkIn;
    this.routes = new Map<string, Route>([
      [Verb.open, route(payloadSchemas.open, (s, d) => c.open(s, d))],
      [Verb.answer, route(payloadSchemas.answer, (s, d) => c.answer(s, d))],
      [Verb.goTo, route(payloadSchemas.goTo, (s, d) => c.goTo(s, d))],
      [Verb.finish, route(payloadSchemas.finish, (s, d) => c.finish(s, d))],
      [Verb.settle, route(payloadSchemas.settle, (s, d) => c.settle(s, d))],
      [Verb.confirm, route(payloadSchemas.confirm, (s, d) => c.confirm(s, d))],
      [Verb.sendBack, route(payloadSchemas.sendBack, (s, d) => c.sendBack(s, d))],
      [Verb.reopen, route(payloadSchemas.reopen, (s, d) => c.reopen(s, d))],
      [Verb.openNextRound, route(payloadSchemas.openNextRound, (s, d) => c.openNextRound(s, d))],
      [Verb.review, route(payloadSchemas.review, (s, d) => c.review(s, d))],
      [Verb.approve, route(payloadSchemas.approve, (s, d) => c.approve(s, d))],
      [Verb.requestChanges, route(payloadSchemas.requestChanges, (s, d) => c.requestChanges(s, d))],
      [Verb.snooze, route(snoozeSchema, (s, d) => this.snooze(s, d))],
    ]);

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      if (this.isPersonal(context)) await this.greet(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.guard(context, async () => {
        const aadObjectId = senderId(context);
        if (aadObjectId)
          await this.deps.conversations.markInactive(aadObjectId, 'uninstalled', this.deps.now());
        this.log(context).info({ event: 'uninstalled' }, 'app removed by user');
      });
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

  /** A personal chat the bot can answer in; a malformed address leaves nowhere to reply or to remember. */
  private isPersonal(context: TurnContext): boolean {
    if (!canReply(context.activity)) return false;
    const type = context.activity.conversation.conversationType;
    return type === undefined || type === 'personal';
  }

  private tenantAllowed(context: TurnContext): boolean {
    return tenantAllowed(context.activity, this.deps.allowedTenantIds);
  }

  /** Runs `work` for an allowed tenant and turns any failure into a card; nothing reaches Teams as an error. */
  private async guard(context: TurnContext, work: () => Promise<unknown>): Promise<void> {
    if (!this.tenantAllowed(context)) {
      this.log(context).warn({ event: 'tenant_refused' }, 'activity from a tenant that is not allowed');
      return;
    }
    try {
      await work();
    } catch (error) {
      const t = translator(localeOf(context));
      await this.reply(context, this.failureCard(context, t, error));
    }
  }

  private failureCard(context: TurnContext, t: Translate, error: unknown): AdaptiveCardJson {
    if (error instanceof StorageUnavailableError) {
      this.log(context).error({ err: error.cause, event: 'storage_unavailable' }, 'storage unavailable');
      return storageDownCard(t);
    }
    if (error instanceof NotYoursError) {
      this.log(context).warn(
        { event: 'not_yours', role: error.role },
        'card action for someone else’s placement refused',
      );
      return error.role === 'supervisor'
        ? messageCard(
            t('not_supervisor_title'),
            [t('not_supervisor_text')],
            navigationActions(t, ['status']),
            'warning',
          )
        : messageCard(
            t('not_yours_title'),
            [t('not_yours_text')],
            navigationActions(t, ['start']),
            'warning',
          );
    }
    if (error instanceof ConcurrentUpdateError || error instanceof RoundNotFoundError) {
      this.log(context).warn({ event: error.name }, 'card action could not be applied');
      return errorCard(t);
    }
    this.log(context).error({ err: error }, 'turn failed');
    return errorCard(t);
  }

  private async rememberConversation(context: TurnContext): Promise<void> {
    const aadObjectId = senderId(context);
    // A card click comes from a chat already on record (installs and messages store it): no write
    // on the hot path of a card step.
    if (!aadObjectId || !this.isPersonal(context) || context.activity.type === 'invoke') return;
    const reference: Partial<ConversationReference> = {
      ...TurnContext.getConversationReference(context.activity),
      // Proactive cards are drawn in this language; Teams puts it in the activity or its clientInfo.
      locale: teamsLocale(context) ?? 'nl-NL',
    };
    await this.deps.conversations.save(aadObjectId, reference as Record<string, unknown>, this.deps.now());
  }

  private async lookupAddresses(context: TurnContext): Promise<string[]> {
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      // The roster is asked by the chat id; its answer only counts for the Entra id the turn is for,
      // or an activity naming someone else's chat id would bind that person's roles to its sender.
      if (member.aadObjectId !== context.activity.from.aadObjectId) {
        this.log(context).warn({ event: 'member_mismatch' }, 'roster entry is for another Entra id');
        return [];
      }
      // The sign-in name (UPN) first: the mail attribute is settable by tenant admins.
      return [member.userPrincipalName, member.email].filter(
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
    const aadObjectId = senderId(context);
    if (!aadObjectId) return undefined;
    const locale = localeOf(context);
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
    if (user.refused.length > 0) {
      // For the coordinator: an account whose address matches roles another account holds.
      this.log(context).warn(
        { event: 'role_bound_elsewhere', aadObjectId, refused: user.refused },
        'roles matched by address are bound to another account; refused',
      );
    }
    return { context, user, locale, t: translator(locale), now, aadObjectId, memberships: user.memberships };
  }

  private async greet(context: TurnContext): Promise<void> {
    await this.guard(context, async () => {
      const scope = await this.scope(context);
      const t = translator(localeOf(context));
      if (!scope) return this.reply(context, notRegisteredCard(t, false));
      await this.checkIn.ensureRounds(scope);
      await this.reply(context, this.welcomeOrNotRegistered(scope));
    });
  }

  private welcomeOrNotRegistered(scope: TurnScope): AdaptiveCardJson {
    return scope.user.memberships.length > 0
      ? welcomeCard(scope.t, scope.user.memberships, this.deps.qualifications)
      : noRolesCard(scope.t, scope.user);
  }

  private async reply(context: TurnContext, card: AdaptiveCardJson): Promise<string | undefined> {
    const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return sent?.id;
  }

  /**
   * After the reply card: remembers which round it shows (so it can be updated later), sends the
   * cards for other people, and redraws older cards of the round, except the one just answered.
   */
  private readonly background = new Set<Promise<void>>();

  private inBackground(work: Promise<void>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  /** Resolves when the follow-up sends of earlier turns are done (for shutdown, and for tests). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  private async deliver(reply: Reply, owner: string, ownActivityId: string | undefined): Promise<void> {
    // The change is saved by now: a failure here must not turn the person's answer into an error.
    try {
      const { track } = reply;
      if (track && ownActivityId) {
        await this.deps.cards.track(track.placementId, track.round, {
          aadObjectId: owner,
          activityId: ownActivityId,
          kind: track.kind,
        });
      }
      if (reply.notifications) await this.deps.notifier.send(reply.notifications);
      for (const update of reply.updates ?? []) {
        if (update.activityId !== ownActivityId) {
          await this.deps.notifier.update(update.aadObjectId, update.activityId, update.card);
        }
      }
    } catch (error) {
      this.deps.logger.warn({ err: error, event: 'deliver_failed' }, 'follow-up cards not delivered');
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    if (!this.isPersonal(context)) return;
    await this.guard(context, async () => {
      const scope = await this.scope(context);
      if (!scope) return this.reply(context, notRegisteredCard(translator(localeOf(context)), false));
      const reply = await this.answer(scope, parseCommand(context.activity.text));
      const sentId = await this.reply(context, reply.card);
      await this.deliver(reply, scope.aadObjectId, sentId);
    });
  }

  /** The card that answers a command; shared by typed commands and card buttons. */
  private async answer(scope: TurnScope, command: Command | undefined): Promise<Reply> {
    if (command === 'help') return { card: helpCard(scope.t) };
    if (scope.user.memberships.length === 0) return { card: noRolesCard(scope.t, scope.user) };
    if (command === 'start') return this.checkIn.start(scope);
    if (command === 'status') return { card: await this.statusCard(scope) };
    if (command === 'overview') return { card: await this.overviewCard(scope) };
    if (command === undefined && !scope.user.firstContact) return { card: unknownCommandCard(scope.t) };
    await this.checkIn.ensureRounds(scope);
    return { card: this.welcomeOrNotRegistered(scope) };
  }

  /** "Remind me in a week": only for reminders meant for this person. */
  private async snooze(scope: TurnScope, data: z.infer<typeof snoozeSchema>): Promise<Reply> {
    const until = new Date(scope.now.getTime() + SNOOZE_DAYS * 24 * 60 * 60 * 1000);
    for (const { p, item } of data.items) {
      const { placementId, role } = parseItemKey(item);
      const mine = scope.memberships.some((m) => m.placement.id === p && m.role === role);
      if (placementId !== p || !mine) throw new NotYoursError(role);
      await this.deps.reminders.snooze(p, item, until);
    }
    const date = formatMoment(until.toISOString()).slice(0, 10);
    return {
      card: messageCard(
        scope.t('snoozed_title'),
        [scope.t('snoozed_text', { date })],
        navigationActions(scope.t, ['start']),
      ),
    };
  }

  private async statusCard(scope: TurnScope): Promise<AdaptiveCardJson> {
    return renderCard('status', {
      title: scope.t('status_title'),
      items: await this.checkIn.statusItems(scope),
      footer: null,
      actions: navigationActions(scope.t, ['start', 'help']),
    });
  }

  /** A supervisor's caseload: every placement they supervise, and how many approvals wait on them. */
  private async overviewCard(scope: TurnScope): Promise<AdaptiveCardJson> {
    const supervised = scope.memberships.filter((m) => m.role === 'supervisor');
    if (supervised.length === 0) return this.statusCard(scope);
    const items = await this.checkIn.statusItems(scope, supervised);
    const pending = items.filter((item) => item.actions.length > 0).length;
    return renderCard('status', {
      title: scope.t('overview_caseload_title'),
      items,
      footer: scope.t('overview_pending', { count: pending }),
      actions: navigationActions(scope.t, ['status', 'help']),
    });
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
    const t = translator(localeOf(context));
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
      const data: unknown = value?.action?.data ?? {};
      let reply: Reply;
      if (verb === Verb.help) reply = { card: helpCard(t) };
      else if (scope.user.memberships.length === 0 && scope.user.refused.length > 0)
        reply = { card: noRolesCard(t, scope.user) };
      else if (verb === Verb.start || verb === Verb.status) reply = await this.answer(scope, verb);
      else {
        const handler = typeof verb === 'string' ? this.routes.get(verb) : undefined;
        const handled = handler ? await handler.run(scope, data) : undefined;
        if (!handled) {
          this.log(context).warn(
            { event: 'bad_action', verb: handler ? verb : 'unknown' },
            'card action refused',
          );
          return respond(unknownCommandCard(t));
        }
        reply = handled;
      }
      // Teams waits only a few seconds for the card: the follow-up sends happen after it.
      this.inBackground(this.deliver(reply, scope.aadObjectId, context.activity.replyToId));
      return respond(reply.card);
    } catch (error) {
      return respond(this.failureCard(context, t, error));
    }
  }
}
