import { z } from 'zod';

/**
 * The kinds of value the features' settings share, and the settings more than one feature reads
 * (`TIME_ZONE`). Part of the configuration: it imports nothing but zod.
 */

export const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Trimmed text; blank reads as unset. */
export const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

/** Comma-separated values, trimmed and in lower case; unset: none. */
export const lowerCaseList = (value: string | undefined): string[] =>
  value ? value.split(',').map((item) => item.trim().toLowerCase()) : [];

// Bearer tokens travel only over HTTPS; the SDK refuses them on plain HTTP.
export const httpsEndpoint = (example: string) =>
  optionalText
    .refine((value) => value === undefined || /^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(value), {
      message: `must be an https:// address such as ${example}`,
    })
    .transform((value) => value?.replace(/\/+$/, ''));

/**
 * An IANA time zone name, written as IANA spells it (`europe/amsterdam` → `Europe/Amsterdam`). Offsets
 * such as `+01:00` are refused: they know no summer time.
 */
export const ianaTimeZone = z.string().transform((zone, ctx) => {
  const name = zone.trim();
  try {
    if (/^[A-Za-z]/.test(name))
      return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    // refused below
  }
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `unknown time zone "${name}"; use an IANA name such as Europe/Amsterdam`,
  });
  return z.NEVER;
});

/** `TIME_ZONE`: the bot's time zone, read by the cards and, unless they have their own, the reminders. */
export const TIME_ZONE = ianaTimeZone
  .default('Europe/Amsterdam')
  .describe(
    'IANA time zone of dates and times on cards, and of reminders unless `REMINDER_TIMEZONE` is set.',
  );

/**
 * `local`: no storage and no app id (`npm start` in a checkout); `development`: storage but no app id,
 * unauthenticated on loopback; `production`: `MicrosoftAppId` set, authentication on.
 */
export type RunMode = 'local' | 'development' | 'production';
