import { z } from 'zod';
import { optionalText, type RunMode } from '../common-settings';

/**
 * The signed links of trainers who work by e-mail (their page without Teams). Part of the
 * configuration (src/config.ts reads the environment); imports nothing of the web page.
 */

/** How many days a trainer's link works when `TRAINER_LINK_DAYS` is not set. */
export const DEFAULT_TRAINER_LINK_DAYS = 14;

/** Signs links outside production when no secret is set: anyone can read it here, so production refuses it. */
export const DEVELOPMENT_TRAINER_LINK_SECRET = 'development-only-trainer-link-secret-never-in-production';
export const MIN_TRAINER_LINK_SECRET_LENGTH = 32;

const text = optionalText;

export const trainerLinkSettingsShape = {
  TRAINER_LINK_SECRET: text
    .refine(
      (value) => value === undefined || value.length >= MIN_TRAINER_LINK_SECRET_LENGTH,
      `must be at least ${MIN_TRAINER_LINK_SECRET_LENGTH} characters`,
    )
    .describe(
      "HMAC key of trainers' links (32+ characters); in production required for mail, else no link works. Unset outside production: a development key.",
    ),
  TRAINER_LINK_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(90)
    .default(DEFAULT_TRAINER_LINK_DAYS)
    .describe("How many days a trainer's link works (1–90)."),
};

/**
 * The links' key and lifetime in `mode`; undefined: no link works. Production without a secret of
 * its own accepts no link at all (with the development one anyone could make a link to any
 * trainer's page); config.ts refuses mail in production without one.
 */
export const trainerLinkSettings = (mode: RunMode) =>
  z.object(trainerLinkSettingsShape).transform((e) => {
    const secret =
      e.TRAINER_LINK_SECRET ?? (mode === 'production' ? undefined : DEVELOPMENT_TRAINER_LINK_SECRET);
    return secret ? { secret, days: e.TRAINER_LINK_DAYS } : undefined;
  });

/** The signed links of trainers who work by e-mail. */
export type TrainerLinkConfig = NonNullable<z.output<ReturnType<typeof trainerLinkSettings>>>;
