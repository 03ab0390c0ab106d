import { createHash } from 'node:crypto';
import { normalizeEmail } from '../domain/placement';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Keys appear in URLs, logs of the storage service and continuation tokens, so an e-mail address
 * never becomes a key itself, only its hash.
 */
export function emailKey(email: string): string {
  return sha256(`email:${normalizeEmail(email)}`);
}

/**
 * A placement is the same placement when the same student starts the same qualification on the
 * same date; that makes re-importing a file idempotent.
 */
export function placementKey(studentEmail: string, qualificationId: string, startDate: string): string {
  return sha256(`placement:${normalizeEmail(studentEmail)}|${qualificationId}|${startDate}`).slice(0, 32);
}
