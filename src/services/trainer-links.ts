import { createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeEmail, type Placement, trainerByEmail } from '../domain/placement';
import type { Actor } from './check-in/actor';

/** How long a trainer's link works unless `TRAINER_LINK_DAYS` says otherwise. */
export const DEFAULT_TRAINER_LINK_DAYS = 14;

/** The page a trainer's link opens; the token travels in the fragment, which browsers never send. */
export const TRAINER_PAGE_PATH = '/praktijkopleider';

/** What signs and checks the links of trainers who work by e-mail. */
export interface TrainerLinkSettings {
  /** The `TRAINER_LINK_SECRET` setting: the key of the links' HMAC. */
  readonly secret: string;
  /** How many days a link works. */
  readonly days: number;
  /** Where browsers reach the bot, without a trailing slash. */
  readonly baseUrl: () => string;
}

/** Reads one placement by its id. */
export interface TrainerPlacementLookup {
  get(id: string): Promise<Placement | undefined>;
}

/** What a link comes to: the trainer's placement, or why not. */
export type TrainerLinkCheck =
  | { readonly kind: 'valid'; readonly placement: Placement; readonly expiresAt: Date }
  | { readonly kind: 'expired' }
  | { readonly kind: 'invalid' };

const VERSION = 't1';
// `t1.<placement id>.<expiry, seconds since 1970, base 36>.<HMAC-SHA256, base64url>`
const TOKEN = /^t1\.([a-z0-9]{1,64})\.([a-z0-9]{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * The MAC covers the placement, the role, the expiry and the trainer's address as the placement
 * names it now: a link stops working when the placement gets another trainer, and it cannot be
 * turned into one for another placement or person without the secret.
 */
function mac(secret: string, placementId: string, expiry: string, trainerEmail: string): Buffer {
  return createHmac('sha256', secret)
    .update(`${VERSION}|${placementId}|trainer|${expiry}|${normalizeEmail(trainerEmail)}`)
    .digest();
}

/** A fresh signed link to the trainer's page of one placement, working for `settings.days` days. */
export function issueTrainerLink(
  settings: TrainerLinkSettings,
  placement: Placement,
  now: Date,
): { url: string; token: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + settings.days * 24 * 60 * 60 * 1000);
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  const signature = mac(settings.secret, placement.id, expiry, placement.trainer.email).toString('base64url');
  const token = `${VERSION}.${placement.id}.${expiry}.${signature}`;
  return { url: `${settings.baseUrl()}${TRAINER_PAGE_PATH}#${token}`, token, expiresAt };
}

/**
 * Checks a link against its placement as stored now: signed with the secret for the placement's
 * current trainer, that trainer still working by e-mail, and not expired. An expired link is told
 * apart only when its signature holds, so a guessed or altered token never learns more than
 * "invalid".
 */
export async function checkTrainerLink(
  settings: Pick<TrainerLinkSettings, 'secret'>,
  placements: TrainerPlacementLookup,
  token: string,
  now: Date,
): Promise<TrainerLinkCheck> {
  const parts = TOKEN.exec(token);
  if (!parts) return { kind: 'invalid' };
  const [, placementId = '', expiry = '', signature = ''] = parts;
  const placement = await placements.get(placementId);
  if (!placement || !trainerByEmail(placement)) return { kind: 'invalid' };
  // Compared as text: decoding first would let the spare bits of the last character vary, so
  // several spellings of one link would all work.
  const expected = Buffer.from(
    mac(settings.secret, placementId, expiry, placement.trainer.email).toString('base64url'),
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'invalid' };
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  if (!(expiresAt.getTime() > now.getTime())) return { kind: 'expired' };
  return { kind: 'valid', placement, expiresAt };
}

/**
 * The id a trainer who works by link acts under in audit lines and records, in place of an Entra
 * id: one per placement, never their address.
 */
export function linkActorId(placementId: string): string {
  return `link:trainer:${placementId}`;
}

/** The actor of a valid link: the trainer of that one placement, nothing more. */
export function trainerLinkActor(placement: Placement, now: Date): Actor {
  return { aadObjectId: linkActorId(placement.id), memberships: [{ placement, role: 'trainer' }], now };
}
