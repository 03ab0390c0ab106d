import { z } from 'zod';
import type { UploadedFile } from '../services/office/uploaded-file';

/** A typed office command: `overzicht`, `exporteren`, `verwijderen <adres>`, `koppelen <adres>`. */
export type OfficeCommand =
  | { readonly kind: 'overview' }
  | { readonly kind: 'export' }
  | { readonly kind: 'erase' | 'rebind'; readonly email: string };

const WITH_ADDRESS = new Map<string, 'erase' | 'rebind'>([
  ['verwijderen', 'erase'],
  ['verwijder', 'erase'],
  ['erase', 'erase'],
  ['koppelen', 'rebind'],
  ['koppel', 'rebind'],
  ['rebind', 'rebind'],
]);

/** Reads an office command from message text; undefined for anything else. */
export function parseOfficeCommand(text: unknown): OfficeCommand | undefined {
  if (typeof text !== 'string' || text.length > 400) return undefined;
  const words = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    // Teams turns a typed address into a mailto link.
    .replace(/<a [^>]*href="mailto:([^"]+)"[^>]*>[^<]*<\/a>/gi, '$1')
    .trim()
    .replace(/^[/!]+/, '')
    .split(/\s+/);
  const word = words[0]?.toLowerCase().replace(/[.!,]+$/, '');
  if (!word) return undefined;
  if (words.length === 1 && (word === 'overzicht' || word === 'overview')) return { kind: 'overview' };
  if (words.length === 1 && (word === 'exporteren' || word === 'export')) return { kind: 'export' };
  const kind = WITH_ADDRESS.get(word);
  if (kind) return { kind, email: words.slice(1).join(' ') };
  return undefined;
}

const FILE_ATTACHMENT = 'application/vnd.microsoft.teams.file.download.info';

/** The files a Teams message carries (`file.download.info` attachments); other attachments are not files. */
export function uploadedFiles(attachments: unknown): UploadedFile[] {
  if (!Array.isArray(attachments)) return [];
  const files: UploadedFile[] = [];
  for (const a of attachments) {
    const attachment = a as { contentType?: unknown; name?: unknown; content?: unknown } | null;
    if (attachment?.contentType !== FILE_ATTACHMENT) continue;
    const content = attachment.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
    if (typeof content?.downloadUrl !== 'string') continue;
    files.push({
      name: typeof attachment.name === 'string' ? attachment.name : '',
      fileType: typeof content.fileType === 'string' ? content.fileType : '',
      downloadUrl: content.downloadUrl,
    });
  }
  return files;
}

export const idPayload = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
  })
  .strict();
export const exportPayload = z
  .object({
    form: z.literal(true).optional(),
    since: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional(),
    until: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional(),
    formats: z.string().max(20).optional(),
  })
  .strict();
