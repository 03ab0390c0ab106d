import { translator } from '../i18n';
import { type PlacementUploadDeps, previewPlacementUpload } from '../services/office/placement-upload';
import { fetchUpload, type UploadedFile, uploadKind } from '../services/office/uploaded-file';
import { previewQualificationForm } from '../services/qualification-forms';
import type { AdaptiveCardJson } from './cards';
import type { OfficeDeps, OfficeTurn } from './office-deps';
import { officeCard, previewCard } from './office-views';
import { qualificationPreviewCard } from './qualification-views';

export function uploadDeps(turn: OfficeTurn, deps: OfficeDeps): PlacementUploadDeps {
  const today = deps.upload.today(turn.now);
  return { ...deps.upload, now: turn.now, today, keptFrom: deps.upload.keptFrom(today) };
}

/** Decides by file kind, in this one place, what an uploaded file is for. */
export async function uploadCard(
  turn: OfficeTurn,
  files: UploadedFile[],
  deps: OfficeDeps,
): Promise<AdaptiveCardJson> {
  if (files.length > 1) {
    return officeCard('Eén bestand tegelijk', ['Stuur één bestand per bericht; er is niets ingelezen.'], {
      tone: 'warning',
    });
  }
  const file = files[0] as UploadedFile;
  const kind = uploadKind(file);
  if (kind === 'other') {
    return officeCard(
      'Dit bestand kan de bot niet lezen',
      [
        'Stuur de stages als **CSV-bestand** (in Excel: Opslaan als → CSV UTF-8), of de afsprakenlijst van een kwalificatie als PDF, Word (.docx) of tekst (.txt). Er is niets ingelezen.',
      ],
      { tone: 'warning' },
    );
  }
  const fetched = await fetchUpload(file.downloadUrl, deps.fetchRules);
  if (fetched.kind === 'host-not-allowed') {
    deps.logger.warn({ event: 'upload_host_refused' }, 'uploaded file on a host that is not allowed');
    return officeCard(
      'Bestand niet opgehaald',
      [
        'Het bestand staat op een plek waar de bot geen bestanden van ophaalt (alleen OneDrive en SharePoint van de school). Stuur het als bijlage in deze chat; er is niets ingelezen.',
      ],
      { tone: 'warning' },
    );
  }
  if (fetched.kind === 'too-large') {
    return officeCard(
      'Bestand te groot',
      [
        `Het bestand is groter dan ${Math.round(fetched.maxBytes / 1024 / 1024)} MB, de grens die de school heeft ingesteld (FILE_UPLOAD_MAX_BYTES). Er is niets ingelezen. Splits het bestand, of vraag de beheerder de grens te verhogen.`,
      ],
      { tone: 'warning' },
    );
  }
  if (fetched.kind === 'unreachable') {
    return officeCard('Bestand niet opgehaald', ['Teams gaf het bestand niet (meer). Stuur het nog eens.'], {
      tone: 'warning',
    });
  }
  if (kind === 'qualification') return qualificationFormCard(file, fetched.bytes, deps);
  const outcome = await previewPlacementUpload(fetched.bytes, turn.aadObjectId, uploadDeps(turn, deps));
  if (outcome.kind === 'unreadable') {
    return officeCard('Het bestand is niet ingelezen', outcome.message.split('\n'), { tone: 'warning' });
  }
  deps.logger.info(
    {
      event: 'placements_previewed',
      created: outcome.summary.created,
      rejected: outcome.summary.rejected.length,
    },
    'placements file previewed',
  );
  return previewCard(outcome.previewId, outcome.summary, deps.installApp !== undefined);
}

/** A qualification's afsprakenlijst sent in: its preview with **Opslaan**, or the lines that could not be read. */
async function qualificationFormCard(
  file: UploadedFile,
  bytes: Uint8Array,
  deps: OfficeDeps,
): Promise<AdaptiveCardJson> {
  // The reader tells the formats apart by the extension, which Teams may give apart from the name.
  const fileName = file.name.includes('.') ? file.name : `${file.name}.${file.fileType}`;
  const outcome = await previewQualificationForm(
    { qualifications: deps.qualifications },
    { bytes, fileName, maxBytes: deps.fetchRules.maxBytes },
  );
  deps.logger.info(
    { event: 'qualification_previewed', outcome: outcome.kind },
    'qualification form previewed',
  );
  return qualificationPreviewCard(translator('nl', deps.timeZone), outcome, file.name);
}
