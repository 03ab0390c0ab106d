import type { AdaptiveCardJson } from '../chat/cards';
import { failureCard } from '../chat/failure-card';
import type { FollowUps } from '../chat/follow-ups';
import { startReply } from '../chat/part-routes';
import { scaleHelp } from '../chat/rating-scale-view';
import type { Reply } from '../chat/reply';
import type { RouteDeps, RouteScope } from '../chat/route-scope';
import { routeFor, runRoute } from '../chat/routes';
import { statusCard } from '../chat/status-cards';
import { Verb } from '../chat/verbs';
import { unknownCommandCard } from '../chat/views';
import type { Logger } from '../logger';
import type { QualificationCatalog } from '../services/qualification-catalog';
import {
  checkTrainerLink,
  type TrainerLinkSettings,
  type TrainerPlacementLookup,
  trainerLinkActor,
} from '../services/trainer-links';
import { webHelpCard, webTranslator } from './web-texts';

/** What the page gets for an action: the card that takes the clicked one's place, or why not. */
export type TrainerAnswer =
  | { readonly kind: 'card'; readonly card: AdaptiveCardJson }
  | { readonly kind: 'refused'; readonly reason: 'expired' | 'invalid' };

export interface TrainerActionDeps {
  /** Undefined when no link can work (production without `TRAINER_LINK_SECRET`). */
  readonly links: Pick<TrainerLinkSettings, 'secret' | 'days'> | undefined;
  readonly placements: TrainerPlacementLookup;
  readonly routes: RouteDeps;
  readonly qualifications: QualificationCatalog;
  /** Delivers what a reply leaves for others (cards in Teams, mails), after the answer. */
  readonly followUps: FollowUps;
  readonly timeZone: string;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * The card actions of a trainer on the web page: the same verbs, payloads, routes and use cases as
 * in Teams, with the trainer identified by their signed link instead of an Entra id. Each action
 * checks the link anew against the placement as stored, so a link stops working the moment the
 * placement gets another trainer or goes back to Teams.
 */
export class TrainerActions {
  constructor(private readonly deps: TrainerActionDeps) {}

  async act(input: {
    readonly token: string;
    readonly verb: unknown;
    readonly data: unknown;
    readonly locale: string | undefined;
  }): Promise<TrainerAnswer> {
    const { deps } = this;
    const now = deps.now();
    const t = webTranslator(input.locale, deps.timeZone);
    const log = deps.logger.child({ channel: 'web' });
    if (!deps.links) return { kind: 'refused', reason: 'invalid' };
    try {
      const link = await checkTrainerLink(deps.links, deps.placements, input.token, now);
      if (link.kind !== 'valid') {
        log.info({ event: 'trainer_link_refused', reason: link.kind }, 'trainer link refused');
        return { kind: 'refused', reason: link.kind };
      }
      const scope: RouteScope = { ...trainerLinkActor(link.placement, now), t };
      const reply = await this.reply(scope, input.verb, input.data ?? {});
      if (!reply) {
        log.warn({ event: 'bad_action', placementId: link.placement.id }, 'web card action refused');
        return { kind: 'card', card: unknownCommandCard(t) };
      }
      // Cards for others go out after the answer, as after a click in Teams.
      deps.followUps.start(reply, scope.aadObjectId, undefined);
      return { kind: 'card', card: reply.card };
    } catch (error) {
      return { kind: 'card', card: failureCard(log, t, error) };
    }
  }

  private async reply(scope: RouteScope, verb: unknown, data: unknown): Promise<Reply | undefined> {
    const { deps } = this;
    if (verb === Verb.start) return startReply(scope, deps.routes);
    if (verb === Verb.status) return { card: await statusCard(scope, deps.routes) };
    if (verb === Verb.help) {
      const [membership] = scope.memberships;
      const qualification = membership && (await deps.qualifications.forPlacement(membership.placement));
      return { card: webHelpCard(scope.t, qualification ? scaleHelp(scope.t, qualification) : '') };
    }
    const route = routeFor(verb);
    return route ? runRoute(route, scope, data, deps.routes) : undefined;
  }
}
