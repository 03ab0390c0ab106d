import type { UploadedFile } from '../services/office/uploaded-file';

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
