import {
  type Agreement,
  differences,
  MAX_REMARK_LENGTH,
  MAX_TEXT_LENGTH,
  overLongTexts,
} from '../domain/check-in';
import { allWerkprocessen } from '../domain/qualification';
import { markdownParams, markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import { type AdaptiveCardJson, type CardAction, renderCard } from './cards';
import { actionContext, type CheckInView, contextLine, type Notice, remarkBlock } from './check-in-view';
import { downloadAction } from './download-action';
import { progressionRow, revisionBlock } from './progression-view';
import { codeChoices, scaleLegend, shortLevel } from './rating-scale-view';
import { Verb } from './verbs';

/**
 * The side-by-side list once both parts are done: student's level, trainer's level, the agreed
 * level, differences marked. The trainer edits it while settling; the student confirms or sends
 * it back; otherwise it is read-only.
 */
export function agreementCard(
  view: CheckInView,
  draft?: { agreement?: Agreement; remark?: string; remarkError?: string },
): AdaptiveCardJson {
  const { t, qualification: q, round, role } = view;
  const agreement = draft?.agreement ?? round.agreement ?? { levels: {}, texts: {} };
  const differing = new Set(differences(round, q));
  const editable = role === 'trainer' && (round.state === 'settling' || round.state === 'confirming');
  // While the trainer settles, the agreement holds the trainer's proposal, not what was agreed.
  const pending = role === 'student' && round.state === 'settling';
  const confirming = role === 'student' && round.state === 'confirming';
  const data = { ...actionContext(view, round.rev) };
  const actions: CardAction[] = [];
  if (editable) actions.push({ title: t('action_settle'), verb: Verb.settle, data, style: 'positive' });
  if (round.state === 'approved') {
    const at = { placementId: view.placement.id, round: round.number, version: round.version };
    actions.push(downloadAction(t, at));
  }
  if (role === 'trainer' && round.state === 'approved') {
    actions.push({ title: t('action_reopen'), verb: Verb.reopen, data });
  }
  if (confirming) {
    actions.push({ title: t('action_confirm'), verb: Verb.confirm, data, style: 'positive' });
    actions.push({ title: t('action_send_back'), verb: Verb.sendBack, data, style: 'destructive' });
  }
  actions.push(...(view.extraActions ?? []));
  actions.push({ title: t('action_status'), verb: Verb.status, data: {} });
  const intro = t(`agreement_intro_${round.state}_${role}` as Parameters<Translate>[0], {
    count: differing.size,
    ...markdownParams({ student: view.placement.student.name, trainer: view.placement.trainer.name }),
  });
  const overLong = editable ? overLongTexts(agreement)[0] : undefined;
  const notice: Notice | undefined =
    view.notice ??
    (overLong
      ? {
          text: t('notice_agreement_text_too_long', { ...overLong, max: MAX_TEXT_LENGTH }),
          style: 'warning',
        }
      : undefined);
  return renderCard('agreement', {
    context: contextLine(view),
    heading: t('agreement_title'),
    progress: t('agreement_differences', { count: differing.size }),
    notice: notice ?? null,
    remark: remarkBlock(view) ?? null,
    revision: revisionBlock(view),
    intro,
    editable,
    choices: codeChoices(q),
    kerntaken: q.kerntaken.map((k) => ({
      title: t('kerntaak_heading', { code: k.code, title: k.title }),
      textsLabel: t('werkzaamheden_title'),
      textInputId: `txt_${k.code}`,
      // No maxLength: a joined starting text over the limit is shown whole for the trainer to
      // shorten, and a pasted text is never cut; the server refuses what is too long.
      // An input shows its value as typed; a TextBlock reads it as markdown.
      agreedText: editable
        ? (agreement.texts[k.code] ?? '')
        : pending
          ? agreement.texts[k.code]
            ? t('agreed_text_proposal', { text: markdownText(agreement.texts[k.code] as string) })
            : round.agreement
              ? t('werkzaamheden_empty')
              : t('agreed_pending')
          : agreement.texts[k.code]
            ? markdownText(agreement.texts[k.code] as string)
            : t('werkzaamheden_empty'),
      ...(editable ? settleBox(view, k.code, agreement.texts[k.code]) : { agreedTextLabel: '', sources: [] }),
      rows: allWerkprocessen(q)
        .filter((w) => w.kerntaak.code === k.code)
        .map((w) => ({
          label: `${differing.has(w.code) ? '≠ ' : ''}${w.code} ${w.title}`,
          levelsLine: t('agreement_row_levels', {
            student: shortLevel(round.parts.student.answers[w.code]?.level),
            trainer: shortLevel(round.parts.trainer.answers[w.code]?.level),
          }),
          // While the trainer settles, the student sees the trainer's proposal, marked as such.
          agreed: pending
            ? round.agreement && agreement.levels[w.code]
              ? `_${agreement.levels[w.code]}_`
              : t('agreed_pending')
            : `**${shortLevel(agreement.levels[w.code])}**`,
          agreedValue: agreement.levels[w.code] ?? '',
          inputId: `lvl_${w.code}`,
          differs: differing.has(w.code),
          ...progressionRow(view, w.code, { differs: differing.has(w.code), editable }),
        })),
    })),
    legend: [
      t('agreement_legend', { levels: scaleLegend(t, q, true) }),
      ...(pending ? [t('agreement_legend_proposal')] : []),
    ].join(' '),
    remarkInput: confirming
      ? {
          label: t('send_back_label', { max: MAX_REMARK_LENGTH }),
          placeholder: t('send_back_placeholder'),
          required: t('remark_required_error'),
          // A remark refused as too long is put back whole, for the student to shorten.
          max: Math.max(MAX_REMARK_LENGTH, draft?.remark?.length ?? 0),
          value: draft?.remark ?? '',
          error: draft?.remarkError ?? null,
        }
      : null,
    // Only sending back needs the remark: the client must not block the other buttons on it.
    actions: confirming
      ? actions.map((a): CardAction => (a.verb === Verb.sendBack ? a : { ...a, inputs: 'none' }))
      : actions,
  });
}

/**
 * The settle box of a kerntaak: what student and trainer each wrote, attributed, when they wrote
 * different texts, above the agreed text the trainer writes. A text the box still holds is not
 * repeated (the label says whose it is), and once the trainer has written a text of their own the
 * originals are no longer shown: the card must stay under Teams' size limit.
 */
function settleBox(
  view: CheckInView,
  kerntaak: string,
  agreed: string | undefined,
): { agreedTextLabel: string; sources: { text: string }[] } {
  const { t, round } = view;
  const written = (['student', 'trainer'] as const).flatMap((role) => {
    const text = round.parts[role].texts[kerntaak]?.trim();
    return text ? [{ role, text }] : [];
  });
  const inBox = agreed?.trim() ?? '';
  const held = written.find(({ text }) => text === inBox);
  const both = written.length === 2 && written[0]?.text !== written[1]?.text;
  if (!both || (inBox !== '' && !held))
    return { agreedTextLabel: t('agreed_text_label', { max: MAX_TEXT_LENGTH }), sources: [] };
  return {
    agreedTextLabel: t(held ? `agreed_text_label_${held.role}` : 'agreed_text_label', {
      max: MAX_TEXT_LENGTH,
    }),
    sources: written
      .filter(({ role }) => role !== held?.role)
      .map(({ role, text }) => ({
        text: t('werkzaamheden_by', { role: t(`role_${role}`), text: markdownText(text) }),
      })),
  };
}
