import { gunzipSync, gzipSync } from 'node:zlib';
import { type Qualification, qualificationData } from '../domain/qualification';
import { markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import {
  type PreviewOutcome,
  type QualificationChanges,
  type QualificationPreview,
  qualificationCounts,
  type SaveOutcome,
} from '../services/qualification-forms';
import { type AdaptiveCardJson, renderCard } from './cards';
import type { Payload } from './payloads';
import { Verb } from './verbs';
import { messageCard } from './views';

/** The longest qualification JSON a card's Opslaan may carry back, unpacked. */
const MAX_FORM_JSON_BYTES = 1024 * 1024;

/**
 * What Opslaan sends back: the previewed qualification (gzip, base64: a card stays small), the
 * version it was based on and its digest. The use case parses and checks it again.
 */
export function saveQualificationPayload(preview: QualificationPreview): Payload<'saveQualification'> {
  return {
    q: gzipSync(Buffer.from(JSON.stringify(qualificationData(preview.qualification)), 'utf8')).toString(
      'base64',
    ),
    b: preview.basedOn,
    d: preview.digest,
  };
}

/** The qualification a payload carries, or undefined when it does not unpack to JSON. */
export function qualificationFromPayload(data: Payload<'saveQualification'>): unknown {
  try {
    const json = gunzipSync(Buffer.from(data.q, 'base64'), { maxOutputLength: MAX_FORM_JSON_BYTES });
    return JSON.parse(json.toString('utf8'));
  } catch {
    return undefined;
  }
}

function changeLines(t: Translate, changes: QualificationChanges): string[] {
  const lines: string[] = [];
  const codes = (key: Parameters<Translate>[0], list: readonly string[]) => {
    if (list.length > 0) lines.push(t(key, { codes: list.join(', ') }));
  };
  codes('qualification_change_added_kerntaken', changes.addedKerntaken);
  codes('qualification_change_removed_kerntaken', changes.removedKerntaken);
  codes('qualification_change_retitled_kerntaken', changes.retitledKerntaken);
  codes('qualification_change_added_werkprocessen', changes.addedWerkprocessen);
  codes('qualification_change_removed_werkprocessen', changes.removedWerkprocessen);
  codes('qualification_change_changed_werkprocessen', changes.changedWerkprocessen);
  if (changes.scaleChanged) lines.push(t('qualification_change_scale'));
  if (changes.headerChanged) lines.push(t('qualification_change_header'));
  return lines;
}

function facts(t: Translate, q: Qualification): { label: string; value: string }[] {
  return [
    { label: t('qualification_fact_id'), value: q.id },
    { label: t('qualification_fact_crebo'), value: q.crebo ?? t('qualification_not_on_form') },
    { label: t('qualification_fact_size'), value: t('qualification_size', qualificationCounts(q)) },
    {
      label: t('qualification_fact_scale'),
      value: q.levels.map((level) => `${level.code} ${level.label}`).join(' · '),
    },
    {
      label: t('qualification_fact_criteria'),
      value: q.criteria.map((criterion) => `${criterion.key}) ${criterion.label}`).join(' · '),
    },
    {
      label: t('qualification_fact_not_applicable'),
      value: `${q.notApplicable.code} – ${q.notApplicable.label}`,
    },
  ];
}

/**
 * The answer to a form sent in: the preview with **Opslaan**, the lines that could not be read, or
 * that there is nothing new. `fileName` is shown as the office named it.
 */
export function qualificationPreviewCard(
  t: Translate,
  outcome: PreviewOutcome,
  fileName: string,
): AdaptiveCardJson {
  if (outcome.kind === 'unreadable') {
    return messageCard(
      t('qualification_unreadable_title'),
      [
        t('qualification_unreadable_text'),
        ...outcome.problems.map((problem) =>
          problem.line > 0
            ? t('qualification_problem_line', { line: problem.line, message: markdownText(problem.message) })
            : markdownText(problem.message),
        ),
      ],
      [],
      'warning',
    );
  }
  if (outcome.kind === 'unchanged') {
    return messageCard(
      t('qualification_unchanged_title'),
      [t('qualification_unchanged_text', { version: outcome.version, id: outcome.qualification.id })],
      [],
    );
  }
  const { preview } = outcome;
  const q = preview.qualification;
  const file = markdownText(fileName);
  return renderCard('qualification', {
    title: t('qualification_preview_title', { title: markdownText(q.title) }),
    intro:
      preview.basedOn === 0
        ? t('qualification_preview_new', { file, id: q.id })
        : t('qualification_preview_new_version', {
            file,
            id: q.id,
            version: preview.version,
            basedOn: preview.basedOn,
          }),
    facts: facts(t, q),
    changesTitle: t('qualification_changes_title', { version: preview.basedOn }),
    changes: preview.changes ? changeLines(t, preview.changes) : [],
    kerntaken: q.kerntaken.map((kerntaak) => ({
      heading: `${kerntaak.code} ${markdownText(kerntaak.title)}`,
      werkprocessen: kerntaak.werkprocessen.map((w) => `${w.code} ${markdownText(w.title)}`),
    })),
    actions: [
      {
        title: t('action_save_qualification'),
        verb: Verb.saveQualification,
        data: saveQualificationPayload(preview),
        style: 'positive',
      },
    ],
  });
}

/** The answer to Opslaan. */
export function qualificationSavedCard(
  t: Translate,
  outcome: SaveOutcome | { kind: 'notOffice' },
): AdaptiveCardJson {
  switch (outcome.kind) {
    case 'saved':
    case 'alreadySaved': {
      const params = { title: markdownText(outcome.title), id: outcome.id, version: outcome.version };
      const key = outcome.kind === 'saved' ? 'qualification_saved_text' : 'qualification_already_saved_text';
      return messageCard(t('qualification_saved_title'), [t(key, params)], [], 'good');
    }
    case 'stale':
      return messageCard(
        t('qualification_stale_title'),
        [t('qualification_stale_text', { newest: outcome.newest, id: outcome.id })],
        [],
        'warning',
      );
    case 'notOffice':
      return messageCard(
        t('qualification_invalid_title'),
        [t('qualification_not_office_text')],
        [],
        'warning',
      );
    default:
      return messageCard(t('qualification_invalid_title'), [t('qualification_invalid_text')], [], 'warning');
  }
}
