/** A file someone sent the bot, as the chat names it (Teams: `file.download.info`). */
export interface UploadedFile {
  readonly name: string;
  /** The file's extension as Teams gives it (`csv`), or from the name. */
  readonly fileType: string;
  /** A short-lived link to the file's bytes. */
  readonly downloadUrl: string;
}

/** What the bot does with a file, decided by its kind in this one place. */
export type UploadKind = 'placements' | 'qualification' | 'other';

const KINDS: ReadonlyMap<string, UploadKind> = new Map<string, UploadKind>([
  ['csv', 'placements'],
  // A school's afsprakenlijst form: read by the qualification reader.
  ['pdf', 'qualification'],
  ['docx', 'qualification'],
  ['txt', 'qualification'],
]);

/** The kind of an uploaded file, by its type (or the extension of its name). */
export function uploadKind(file: Pick<UploadedFile, 'name' | 'fileType'>): UploadKind {
  const type = (file.fileType || file.name.split('.').at(-1) || '').toLowerCase().replace(/^\./, '');
  return KINDS.get(type) ?? 'other';
}

/** What fetching an uploaded file gave. */
export type FetchedUpload =
  | { readonly kind: 'file'; readonly bytes: Uint8Array }
  | { readonly kind: 'host-not-allowed'; readonly host: string }
  | { readonly kind: 'too-large'; readonly maxBytes: number }
  | { readonly kind: 'unreachable' };

export interface UploadFetchRules {
  /** Host names; `*.example.com` allows every host below example.com. */
  readonly allowedHosts: readonly string[];
  readonly maxBytes: number;
  /** `fetch` (the platform's, or a stand-in's). */
  readonly fetch: typeof fetch;
}

/** Whether `host` is one of `allowed` (exactly, or below a `*.` entry). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const name = host.toLowerCase();
  return allowed.some((entry) =>
    entry.startsWith('*.') ? name.endsWith(entry.slice(1)) && name.length > entry.length - 1 : name === entry,
  );
}

/**
 * Fetches an uploaded file from its download link: only over HTTPS from an allowed host (plain
 * HTTP only on loopback, for local mode and tests), no redirects to elsewhere, and no more than the
 * cap — a larger file is refused as soon as its size shows, not read to the end.
 */
export async function fetchUpload(url: string, rules: UploadFetchRules): Promise<FetchedUpload> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'host-not-allowed', host: '' };
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === '127.0.0.1' || host === 'localhost';
  const schemeOk = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback);
  if (!schemeOk || !hostAllowed(host, rules.allowedHosts)) return { kind: 'host-not-allowed', host };
  let response: Response;
  try {
    response = await rules.fetch(parsed, { redirect: 'error', signal: AbortSignal.timeout(30_000) });
  } catch {
    return { kind: 'unreachable' };
  }
  if (!response.ok || !response.body) return { kind: 'unreachable' };
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > rules.maxBytes) {
    await response.body.cancel();
    return { kind: 'too-large', maxBytes: rules.maxBytes };
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > rules.maxBytes) {
      await reader.cancel();
      return { kind: 'too-large', maxBytes: rules.maxBytes };
    }
    parts.push(value);
  }
  return { kind: 'file', bytes: Buffer.concat(parts) };
}
