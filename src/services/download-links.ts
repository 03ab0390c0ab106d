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

/**
 * How long a download link works: a working day. The link sits beside the approved list in the
 * person's own chat, so they may open it after a meeting or a lesson, not only the minute they
 * asked; it still works once only and is dead by the next morning, so a forwarded or copied link
 * is no lasting way to the record. `docs/agreement-pdf.md` says why.
 */
export const DOWNLOAD_LINK_MINUTES = 8 * 60;

/** What a download link stands for; stored under the hash of its token, never the token itself. */
export interface DownloadLink {
  readonly placementId: string;
  readonly round: number;
  readonly version: number;
  /** ISO 8601. */
  readonly expiresAt: string;
  /** A file of the BPV office instead of an agreement's PDF (the placement fields are then empty). */
  readonly office?: OfficeDownload;
}

/** What an office link gives: a preview's report of refused rows, the overview as CSV, or an export. */
export type OfficeDownload =
  | { readonly kind: 'report'; readonly previewId: string }
  | { readonly kind: 'overview' }
  | {
      readonly kind: 'export';
      readonly since?: string;
      readonly until?: string;
      readonly formats: readonly ('pdf' | 'csv')[];
      /** The zip, made beforehand and kept among the office's files until the link is used. */
      readonly fileId?: string;
    };

/** Makes an office file when its link is used; undefined when what it stood for is gone. */
export type OfficeFileMaker = (download: OfficeDownload) => Promise<AgreementFile | undefined>;

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

/**
 * The page a link opens. The token travels in the address's fragment (`/downloads#<token>`), which a
 * browser never sends: the page's script reads it and posts it. So no token is in a request line,
 * a proxy's or App Service's HTTP log, or a telemetry record.
 */
export const DOWNLOAD_PATH = '/downloads';

/** The link a person is given for a token: the download page with the token in its fragment. */
export function downloadUrl(baseUrl: string, token: string): string {
  return `${baseUrl}${DOWNLOAD_PATH}#${token}`;
}

/** `url` with the page's language (`?lang=en`) before its fragment; Dutch needs none. */
export function withPageLanguage(url: string, language: string): string {
  if (language === 'nl') return url;
  const cut = url.indexOf('#');
  const [address, fragment] = cut === -1 ? [url, ''] : [url.slice(0, cut), url.slice(cut)];
  return `${address}${address.includes('?') ? '&' : '?'}lang=${encodeURIComponent(language)}${fragment}`;
}

/** What a link gives, so the page can name it before it is used. */
export type DownloadKind = 'agreement' | OfficeDownload['kind'];

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
  return { url: downloadUrl(deps.baseUrl(), token), expiresAt };
}

/**
 * A one-time link to a file of the BPV office, with the same safety as an agreement's: a random
 * token stored by its hash, minutes to live, used up by the first download. The caller has checked
 * that the asker is in the office.
 */
export async function issueOfficeLink(
  deps: DownloadLinkDeps,
  download: OfficeDownload,
  now: Date,
): Promise<{ url: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_MINUTES * 60_000);
  await deps.links.save(
    hashOf(token),
    { placementId: '', round: 0, version: 0, expiresAt: expiresAt.toISOString(), office: download },
    now,
  );
  return { url: downloadUrl(deps.baseUrl(), token), expiresAt };
}

/** Whether a link still gives its file, and what file. */
export type LinkCheck =
  | { readonly kind: 'valid'; readonly file: DownloadKind }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

/**
 * Whether a link would still give its file, and which, without using it up: the page a browser
 * opens first asks for the file with a button, so a link scanner that follows the URL does not spend it.
 */
export async function checkDownloadLink(
  deps: Pick<DownloadLinkDeps, 'links'>,
  token: string,
  now: Date,
): Promise<LinkCheck> {
  if (!TOKEN.test(token)) return { kind: 'unknown' };
  const link = await deps.links.peek(hashOf(token));
  if (!link) return { kind: 'unknown' };
  if (Date.parse(link.expiresAt) <= now.getTime()) return { kind: 'expired' };
  return { kind: 'valid', file: link.office?.kind ?? 'agreement' };
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
    Pick<DownloadLinkDeps, 'links'> & {
      placements: { get(id: string): Promise<Placement | undefined> };
      office?: OfficeFileMaker;
    },
  token: string,
  now: Date,
): Promise<Redeemed> {
  if (!TOKEN.test(token)) return { kind: 'unknown' };
  const link = await deps.links.take(hashOf(token));
  if (!link) return { kind: 'unknown' };
  if (Date.parse(link.expiresAt) <= now.getTime()) return { kind: 'expired' };
  if (link.office) {
    const file = await deps.office?.(link.office);
    return file ? { kind: 'file', file } : { kind: 'unknown' };
  }
  const placement = await deps.placements.get(link.placementId);
  if (!placement) return { kind: 'unknown' };
  const all = await deps.rounds.versions(placement.id);
  const shown = all.find((v) => v.version.round === link.round && v.version.version === link.version);
  if (!shown) return { kind: 'unknown' };
  const q = await deps.qualifications.forPlacement(placement);
  const bytes = await deps.render(agreementDocument(all, shown, q, deps.timeZone));
  return { kind: 'file', file: { fileName: agreementFileName(placement, shown.version), bytes } };
}
