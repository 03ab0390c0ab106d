import { type Placement, type Role, trainerByEmail } from './placement';

const MAIL_PREFIX = 'mail:';

/**
 * Who gets a role's reminders: the person's Entra id, or, for a trainer who works by e-mail, a
 * recipient id of that placement's trainer (`mail:<placement id>`), never their address. Undefined
 * while the person has never used the app.
 */
export function reminderRecipient(placement: Placement, role: Role): string | undefined {
  if (role === 'trainer' && trainerByEmail(placement)) return `${MAIL_PREFIX}${placement.id}`;
  return placement[role].aadObjectId;
}

/** Whether a recipient id stands for a trainer reached by e-mail rather than a Teams chat. */
export function isMailRecipient(recipient: string): boolean {
  return recipient.startsWith(MAIL_PREFIX);
}
