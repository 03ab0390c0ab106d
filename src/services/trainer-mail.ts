import type { RoundKind } from '../domain/check-in';
import { normalizeEmail, type Placement, trainerByEmail } from '../domain/placement';
import type { Tidings } from './check-in/outcome';
import type { MailSender, OutgoingMail } from './mail-ports';
import { issueTrainerLink, type TrainerLinkSettings } from './trainer-links';

/**
 * Why a trainer who works by e-mail gets a mail: what the bot would have told them in Teams (a
 * notice, a round opened, a reminder), or the link they asked for again.
 */
export type TrainerMailReason =
  | Tidings
  | 'round_opened'
  | 'part_open'
  | 'round_due'
  | 'agreement_waiting'
  | 'nudge_student'
  | 'link_requested';

/** What a mail to a trainer says: the reason, whose list, and the fresh link. */
export interface TrainerMailFacts {
  readonly reason: TrainerMailReason;
  readonly placement: Placement;
  /** The round the mail is about, when it is about one. */
  readonly roundKind?: RoundKind;
  readonly url: string;
  readonly expiresAt: Date;
  /** Where a trainer asks for a new link once this one has expired. */
  readonly requestUrl: string;
  /** When the mail goes: a date it asks for is counted from here. */
  readonly sentAt: Date;
}

/** Writes the mail's subject and text (plain and HTML) from its facts. */
export type ComposeTrainerMail = (facts: TrainerMailFacts) => Omit<OutgoingMail, 'to'>;

export interface TrainerMailDeps {
  readonly links: TrainerLinkSettings;
  /** Undefined when no mail transport is configured (`MAIL_TRANSPORT` off). */
  readonly mail: MailSender | undefined;
  readonly compose: ComposeTrainerMail;
}

/** What came of mailing a trainer. */
export type TrainerMailOutcome = 'sent' | 'mail_off' | 'not_by_email';

/**
 * Mails the placement's trainer a fresh link with why it comes, when they work by e-mail. Throws
 * the transport's error (`MailUndeliverableError` when the address is refused for good).
 */
export async function mailTrainer(
  deps: TrainerMailDeps,
  placement: Placement,
  reason: TrainerMailReason,
  now: Date,
  about: { roundKind?: RoundKind } = {},
): Promise<TrainerMailOutcome> {
  if (!trainerByEmail(placement)) return 'not_by_email';
  if (!deps.mail) return 'mail_off';
  const link = issueTrainerLink(deps.links, placement, now);
  const content = deps.compose({
    reason,
    placement,
    ...(about.roundKind ? { roundKind: about.roundKind } : {}),
    url: link.url,
    expiresAt: link.expiresAt,
    requestUrl: `${deps.links.baseUrl()}${trainerRequestPath}`,
    sentAt: now,
  });
  await deps.mail.send({ to: placement.trainer.email, ...content });
  return 'sent';
}

/** The form where a trainer asks for a new link. */
export const trainerRequestPath = '/praktijkopleider/nieuwe-link';

/** Finds the roles held by an address, each checked against its placement. */
export interface TrainerRoleFinder {
  rolesForEmail(email: string): Promise<readonly { placement: Placement; role: string }[]>;
}

/**
 * "Send me a new link": the placements where `email` is the trainer and works by e-mail. The
 * caller mails each and answers the same whatever this finds, so the form reveals nothing.
 */
export async function placementsForLinkRequest(
  roles: TrainerRoleFinder,
  email: string,
): Promise<Placement[]> {
  const address = normalizeEmail(email);
  if (!address || address.length > 254) return [];
  const found = await roles.rolesForEmail(address);
  return found
    .filter(
      (m) =>
        m.role === 'trainer' &&
        trainerByEmail(m.placement) &&
        normalizeEmail(m.placement.trainer.email) === address,
    )
    .map((m) => m.placement);
}
