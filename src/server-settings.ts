import { z } from 'zod';
import { guid, lowerCaseList, optionalText, TIME_ZONE } from './common-settings';

/**
 * The server's settings: where it listens, who it is towards the Bot Framework, where browsers reach
 * it, its clock and its log. Part of the configuration (src/config.ts reads the environment).
 */
export const serverSettingsShape = {
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(3978)
    .describe('HTTP port of the bot (`POST /api/messages`, `GET /healthz`).'),
  MicrosoftAppId: optionalText
    .refine((value) => value === undefined || guid.test(value), 'must be a GUID')
    .describe("The bot's Entra app id; when set the bot runs in production mode with JWT authentication."),
  MicrosoftAppPassword: optionalText.describe(
    'Client secret; required unless `MicrosoftAppType=UserAssignedMSI`.',
  ),
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
    .optional()
    .describe(
      '`SingleTenant` when unset; `UserAssignedMSI`, or `MultiTenant` (old registrations only; logs a warning).',
    ),
  MicrosoftAppTenantId: optionalText
    .refine((value) => value === undefined || guid.test(value), 'must be a GUID')
    .describe('Required for `SingleTenant` and `UserAssignedMSI`.'),
  ALLOWED_TENANT_IDS: optionalText
    .refine(
      (value) => value === undefined || value.split(',').every((id) => guid.test(id.trim())),
      'must be a comma-separated list of GUIDs',
    )
    .describe("Comma-separated tenant ids, required in production; other tenants' activities are ignored."),
  TIME_ZONE,
  PUBLIC_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
    .optional()
    .describe(
      "Base of PDF download links and trainers' links; unset: the bot's own address (App Service: `https://$WEBSITE_HOSTNAME`).",
    ),
  WEBSITE_HOSTNAME: optionalText.describe(
    "Set by App Service to the web app's own host name; the base of links when `PUBLIC_URL` is unset.",
  ),
  CONNECTOR_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(1)
    .max(60)
    .default(10)
    .describe('Deadline of each call to the Teams connector, in seconds.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
};

/** The server's settings as the code uses them; the bot's identity is checked and made in src/config.ts. */
export const serverSettings = z.object(serverSettingsShape).transform((e) => ({
  port: e.PORT,
  /** IANA time zone in which cards show dates and times (`TIME_ZONE`). */
  timeZone: e.TIME_ZONE,
  /**
   * Where browsers reach the bot, for download links (`PUBLIC_URL`, else App Service's
   * `WEBSITE_HOSTNAME` over HTTPS); undefined: the address the server listens on.
   */
  publicUrl: (e.PUBLIC_URL ?? (e.WEBSITE_HOSTNAME ? `https://${e.WEBSITE_HOSTNAME}` : undefined))?.replace(
    /\/+$/,
    '',
  ),
  /** How long one call to the Teams connector may take before it is given up. */
  connectorTimeoutMs: e.CONNECTOR_TIMEOUT_SECONDS * 1000,
  logLevel: e.LOG_LEVEL,
  /** Tenants whose activities are served (lower case); empty outside production. */
  allowedTenantIds: lowerCaseList(e.ALLOWED_TENANT_IDS),
}));

export type ServerSettings = z.output<typeof serverSettings>;

/** How the bot signs in to the Bot Framework (production only): made from the settings above. */
export interface BotAuthConfig {
  readonly appId: string;
  readonly appPassword: string | undefined;
  readonly appType: NonNullable<z.output<typeof serverSettingsShape.MicrosoftAppType>>;
  readonly tenantId: string | undefined;
}
