import { createHmac } from 'node:crypto';
import { normalizeEmail } from '../domain/placement';
import { DEVELOPMENT_EMAIL_HASH_KEY } from './storage-settings';

export { DEVELOPMENT_EMAIL_HASH_KEY, MIN_EMAIL_HASH_KEY_LENGTH } from './storage-settings';

/**
 * Turns e-mail addresses into storage keys. Keys appear in URLs, logs of the storage service and
 * continuation tokens, so an address never becomes a key itself; and because school addresses are
 * easy to guess (first.last@school.nl), a plain hash could be reversed by hashing guesses. The
 * hash is therefore keyed (HMAC-SHA256) with a secret that is not stored next to the data.
 */
export class KeyHasher {
  private constructor(private readonly hash: (text: string) => string) {}

  /** HMAC-SHA256 under `secret`: the keys the app reads and writes. */
  static keyed(secret: string): KeyHasher {
    return new KeyHasher((text) => createHmac('sha256', secret).update(text, 'utf8').digest('hex'));
  }

  /** The keyed hasher with {@link DEVELOPMENT_EMAIL_HASH_KEY}, for local runs and tests. */
  static development(): KeyHasher {
    return KeyHasher.keyed(DEVELOPMENT_EMAIL_HASH_KEY);
  }

  /** The key of a person: their role index partition and their user binding. */
  emailKey(email: string): string {
    return this.hash(`email:${normalizeEmail(email)}`);
  }

  /**
   * A placement is the same placement when the same student starts the same qualification on the
   * same date; that makes re-importing a file idempotent.
   */
  placementKey(studentEmail: string, qualificationId: string, startDate: string): string {
    return this.hash(`placement:${normalizeEmail(studentEmail)}|${qualificationId}|${startDate}`).slice(
      0,
      32,
    );
  }
}
