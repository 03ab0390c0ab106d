import type { Server } from 'restify';
import { FollowUps } from '../chat/follow-ups';
import type { Notifier } from '../chat/notifier';
import type { RouteDeps } from '../chat/route-scope';
import type { TrainerLinkConfig } from '../config';
import type { Logger } from '../logger';
import type { TrainerMailer } from '../mail/trainer-mailer';
import type { QualificationCatalog } from '../services/qualification-catalog';
import type { TrainerPlacementLookup } from '../services/trainer-links';
import type { TrainerRoleFinder } from '../services/trainer-mail';
import { LinkRequests } from './link-requests';
import { TrainerActions } from './trainer-actions';
import { registerTrainerEndpoint } from './trainer-endpoint';

/** The trainer's web page, wired into the bot's server; `idle` waits for its background sends. */
export function startTrainerWeb(
  server: Server,
  deps: {
    readonly links: TrainerLinkConfig | undefined;
    readonly placements: TrainerPlacementLookup & TrainerRoleFinder;
    readonly routes: RouteDeps;
    readonly qualifications: QualificationCatalog;
    readonly notifier: Notifier;
    readonly mailer: TrainerMailer | undefined;
    readonly timeZone: string;
    readonly logger: Logger;
    readonly now: () => Date;
  },
): { idle(): Promise<void> } {
  const followUps = new FollowUps({ cards: deps.routes.cards, notifier: deps.notifier, logger: deps.logger });
  const requests = new LinkRequests({
    roles: deps.placements,
    mailer: deps.mailer,
    logger: deps.logger,
    now: deps.now,
  });
  registerTrainerEndpoint(server, {
    actions: new TrainerActions({ ...deps, followUps }),
    requestLinks: (email) => requests.request(email),
    logger: deps.logger,
  });
  return {
    idle: async () => {
      await followUps.idle();
      await requests.idle();
    },
  };
}
