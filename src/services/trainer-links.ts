import { createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeEmail, type Placement, trainerByEmail } from '../domain/placement';
import type { Actor } from './check-in/actor';

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

const VERSION = 't2';
// `t2.<placement id>.<issued>.<expiry>.<HMAC-SHA256, base64url>`, times in seconds since 1970, base 36.
const TOKEN = /^t2\.([a-z0-9]{1,64})\.([a-z0-9]{1,12})\.([a-z0-9]{1,12})\.([A-Za-z0-9_-]{43})$/;
// Links mailed before the issue time was signed in: `t1.<placement id>.<expiry>.<HMAC>`.
const TOKEN_V1 = /^t1\.([a-z0-9]{1,64})\.([a-z0-9]{1,12})\.([A-Za-z0-9_-]{43})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The MAC covers the placement, the role, the times and the trainer's address as the placement
 * names it now: a link stops working when the placement gets another trainer, and it cannot be
 * turned into one for another placement or person without the secret.
 */
function mac(
  secret: string,
  placementId: string,
  times: string,
  trainerEmail: string,
  version = VERSION,
): Buffer {
  return createHmac('sha256', secret)
    .update(`${version}|${placementId}|trainer|${times}|${normalizeEmail(trainerEmail)}`)
    .digest();
}

const seconds36 = (date: Date) => Math.floor(date.getTime() / 1000).toString(36);
const fromSeconds36 = (text: string) => new Date(Number.parseInt(text, 36) * 1000);

/** A fresh signed link to the trainer's page of one placement, working for `settings.days` days. */
export function issueTrainerLink(
  settings: TrainerLinkSettings,
  placement: Placement,
  now: Date,
): { url: string; token: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + settings.days * DAY_MS);
  const times = `${seconds36(now)}.${seconds36(expiresAt)}`;
  const signature = mac(settings.secret, placement.id, times, placement.trainer.email).toString('base64url');
  const token = `${VERSION}.${placement.id}.${times}.${signature}`;
  return { url: `${settings.baseUrl()}${TRAINER_PAGE_PATH}#${token}`, token, expiresAt };
}

// Clocks of two instances may differ a little; a link issued a moment ago on another is not refused.
const CLOCK_LEEWAY_MS = 5 * 60 * 1000;

/** The token's parts, whichever version wrote it; undefined for anything else. */
function readToken(token: string):
  | {
      version: string;
      placementId: string;
      times: string;
      issuedAt?: Date;
      expiresAt: Date;
      signature: string;
    }
  | undefined {
  const v2 = TOKEN.exec(token);
  if (v2) {
    const [, placementId = '', issued = '', expiry = '', signature = ''] = v2;
    return {
      version: 't2',
      placementId,
      times: `${issued}.${expiry}`,
      issuedAt: fromSeconds36(issued),
      expiresAt: fromSeconds36(expiry),
      signature,
    };
  }
  const v1 = TOKEN_V1.exec(token);
  if (!v1) return undefined;
  const [, placementId = '', expiry = '', signature = ''] = v1;
  return { version: 't1', placementId, times: expiry, expiresAt: fromSeconds36(expiry), signature };
}

/**
 * Checks a link against its placement as stored now: signed with the secret for the placement's
 * current trainer, that trainer still working by e-mail, and not expired. An expired link is told
 * apart only when its signature holds, so a guessed or altered token never learns more than
 * "invalid". A link works at most `days` (`TRAINER_LINK_DAYS` as set now) after it was issued:
 * lowering the setting ends longer links, and the trainer asks for a new one.
 */
export async function checkTrainerLink(
  settings: Pick<TrainerLinkSettings, 'secret' | 'days'>,
  placements: TrainerPlacementLookup,
  token: string,
  now: Date,
): Promise<TrainerLinkCheck> {
  const parts = readToken(token);
  if (!parts) return { kind: 'invalid' };
  const placement = await placements.get(parts.placementId);
  if (!placement || !trainerByEmail(placement)) return { kind: 'invalid' };
  // Compared as text: decoding first would let the spare bits of the last character vary, so
  // several spellings of one link would all work.
  const expected = Buffer.from(
    mac(settings.secret, parts.placementId, parts.times, placement.trainer.email, parts.version).toString(
      'base64url',
    ),
  );
  const given = Buffer.from(parts.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'invalid' };
  const cap = settings.days * DAY_MS;
  // An old link carries no issue time: it works while its expiry lies within `days` from now.
  const issuedAt = parts.issuedAt ?? new Date(Math.min(parts.expiresAt.getTime() - cap, now.getTime()));
  if (issuedAt.getTime() > now.getTime() + CLOCK_LEEWAY_MS) return { kind: 'invalid' };
  const expiresAt = new Date(Math.min(parts.expiresAt.getTime(), issuedAt.getTime() + cap));
  if (!(expiresAt.getTime() > now.getTime())) return { kind: 'expired' };
  if (!parts.issuedAt && parts.expiresAt.getTime() > now.getTime() + cap + CLOCK_LEEWAY_MS) {
    return { kind: 'expired' };
  }
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
