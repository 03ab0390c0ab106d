import { z } from 'zod';
import { guid, httpsEndpoint, optionalText } from '../common-settings';

/** Where Microsoft Graph is, and the app the bot installs for people there. Imports nothing of graph/. */
export const graphSettingsShape = {
  GRAPH_BASE_URL: httpsEndpoint('https://graph.microsoft.com/v1.0').describe(
    'Microsoft Graph, HTTPS; `https://graph.microsoft.com/v1.0` when unset (another cloud, a stand-in).',
  ),
  TEAMS_APP_CATALOG_ID: optionalText
    .refine(
      (value) => value === undefined || guid.test(value),
      'must be the GUID of the app in the Teams app catalog',
    )
    .describe(
      "The app's id in the organisation's app catalog: `import` and `install-app` install it for people.",
    ),
};

export const graphSettings = z.object(graphSettingsShape).transform((e) => ({
  /** `GRAPH_BASE_URL`, without a trailing slash. */
  baseUrl: e.GRAPH_BASE_URL ?? 'https://graph.microsoft.com/v1.0',
  /** The app's id in the organisation's Teams app catalog; undefined: installing for people is off. */
  teamsAppCatalogId: e.TEAMS_APP_CATALOG_ID,
}));

/** How the bot signs in to Graph: the managed identity, or its app registration's secret. */
export type GraphIdentity =
  | { readonly kind: 'managedIdentity'; readonly clientId: string }
  | {
      readonly kind: 'clientSecret';
      readonly tenantId: string;
      readonly clientId: string;
      readonly secret: string;
    };

/** Where Microsoft Graph is and what the bot does there, signed in as its own app identity. */
export type GraphConfig = z.output<typeof graphSettings> & {
  /** `MAIL_FROM`: the school mailbox mail is sent from. */
  readonly mailFrom: string | undefined;
  /** The bot's own identity, for Graph tokens; undefined without `MicrosoftAppId`. */
  readonly identity: GraphIdentity | undefined;
};
