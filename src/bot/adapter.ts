import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { BotAuthConfig } from '../config';
import type { Logger } from '../logger';

/**
 * The Bot Framework adapter. With credentials it validates every incoming JWT and signs outgoing
 * calls; without (local mode, tests, Agents Playground) it does neither.
 */
export function createAdapter(auth: BotAuthConfig | undefined, logger: Logger): CloudAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication(
    auth
      ? {
          MicrosoftAppId: auth.appId,
          MicrosoftAppPassword: auth.appPassword,
          MicrosoftAppType: auth.appType,
          MicrosoftAppTenantId: auth.tenantId,
        }
      : {},
  );
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context, error) => {
    logger.error(
      { err: error, conversationId: context.activity.conversation?.id, activityId: context.activity.id },
      'unhandled error in turn',
    );
  };
  return adapter;
}
