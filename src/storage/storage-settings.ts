/**
 * The storage's settings, part of the configuration (src/config.ts reads the environment): they
 * import nothing of the storage code, so the configuration never reaches back into a feature.
 */

/** Where the tables and queues live and how the bot signs in: an account key, or an Entra identity. */
export type StorageSettings =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | {
      readonly kind: 'identity';
      readonly tableEndpoint: string;
      readonly queueEndpoint: string;
      /** Client id of a user-assigned managed identity; the system-assigned one (or `az login`) otherwise. */
      readonly clientId: string | undefined;
    };

/**
 * Stands in for `EMAIL_HASH_KEY` outside production, so local runs and tests need no secret.
 * Production refuses to start without a key of its own (see config).
 */
export const DEVELOPMENT_EMAIL_HASH_KEY = 'development-only-email-hash-key-never-use-in-production';

/** The shortest `EMAIL_HASH_KEY` accepted: 32 characters keep the key out of reach of guessing. */
export const MIN_EMAIL_HASH_KEY_LENGTH = 32;
