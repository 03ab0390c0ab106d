import { createHash, randomBytes } from 'node:crypto';
import type { Placement } from '../domain/placement';
import {
  type AgreementFile,
  agreementDocument,
  agreementFileName,
  type DocumentDeps,
} from './agreement-documents';
import type { Actor } from './check-in/actor';
import { NotYoursError } from './errors';

/** How long a download link works: long enough to click it, short enough that a forwarded one is dead. */
export const DOWNLOAD_LINK_MINUTES = 5;

/** What a download link stands for; stored under the hash of its token, never the token itself. */
export interface DownloadLink {
  readonly placementId: string;
  readonly round: number;
  readonly version: number;
  /** ISO 8601. */
  readonly expiresAt: string;
}

/** Where links are kept between the click in Teams and the browser's request. */
export interface DownloadLinkStore {
  save(tokenHash: string, link: DownloadLink, now: Date): Promise<void>;
  /** The link, left in place; undefined when unknown or already taken. */
  peek(tokenHash: string): Promise<DownloadLink | undefined>;
  /** Removes the link and returns it; undefined when unknown or already taken. Of two callers at once, one gets it. */
  take(tokenHash: string): Promise<DownloadLink | undefined>;
}

export interface DownloadLinkDeps {
  readonly links: DownloadLinkStore;
  /** Where browsers reach the bot, without a trailing slash. */
  readonly baseUrl: () => string;
}

/** The path a link is served under; the token is its last segment. */
export const DOWNLOAD_PATH = '/downloads';

// 32 random bytes: the token is the whole secret, and not derived from anything a person could know.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A one-time link to the PDF of a stored version, for the student, trainer or supervisor of its
 * placement only ({@link NotYoursError} for anyone else); undefined when no such version is stored.
 */
export async function issueDownloadLink(
  deps: DownloadLinkDeps & Pick<DocumentDeps, 'rounds'>,
  actor: Actor,
  at: { placementId: string; round: number; version: number },
): Promise<{ url: string; expiresAt: Date } | undefined> {
  if (!actor.memberships.some((m) => m.placement.id === at.placementId)) throw new NotYoursError('student');
  const versions = await deps.rounds.versions(at.placementId, at.round);
  if (!versions.some((v) => v.version.version === at.version)) return undefined;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(actor.now.getTime() + DOWNLOAD_LINK_MINUTES * 60_000);
  await deps.links.save(hashOf(token), { ...at, expiresAt: expiresAt.toISOString() }, actor.now);
  return { url: `${deps.baseUrl()}${DOWNLOAD_PATH}/${token}`, expiresAt };
}

/**
 * Whether a link would still give its file, without using it up: the page a browser opens first
 * asks for the file with a button, so a link scanner that follows the URL does not spend it.
 */
export async function checkDownloadLink(
  deps: Pick<DownloadLinkDeps, 'links'>,
  token: string,
  now: Date,
): Promise<'valid' | 'expired' | 'unknown'> {
  if (!TOKEN.test(token)) return 'unknown';
  const link = await deps.links.peek(hashOf(token));
  if (!link) return 'unknown';
  return Date.parse(link.expiresAt) <= now.getTime() ? 'expired' : 'valid';
}

/** What a browser gets for a link: the file, or why not. */
export type Redeemed =
  | { readonly kind: 'file'; readonly file: AgreementFile }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

/**
 * The file behind a link, once: the link is taken before the file is made, so a second request
 * (or a forwarded copy) finds nothing, and an expired link is gone too.
 */
export async function redeemDownloadLink(
  deps: DocumentDeps &
    Pick<DownloadLinkDeps, 'links'> & { placements: { get(id: string): Promise<Placement | undefined> } },
  token: string,
  now: Date,
): Promise<Redeemed> {
  if (!TOKEN.test(token)) return { kind: 'unknown' };
  const link = await deps.links.take(hashOf(token));
  if (!link) return { kind: 'unknown' };
  if (Date.parse(link.expiresAt) <= now.getTime()) return { kind: 'expired' };
  const placement = await deps.placements.get(link.placementId);
  if (!placement) return { kind: 'unknown' };
  const all = await deps.rounds.versions(placement.id);
  const shown = all.find((v) => v.version.round === link.round && v.version.version === link.version);
  if (!shown) return { kind: 'unknown' };
  const q = await deps.qualifications.forPlacement(placement);
  const bytes = await deps.render(agreementDocument(all, shown, q, deps.timeZone));
  return { kind: 'file', file: { fileName: agreementFileName(placement, shown.version), bytes } };
}
