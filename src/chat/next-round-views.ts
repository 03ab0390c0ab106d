import type { PartRole, RoundKind } from '../domain/check-in';
import type { Placement } from '../domain/placement';
import type { ScheduledRound } from '../domain/round-schedule';
import { markdownParams } from '../domain/text';
import type { Translate } from '../i18n';
import type { AdaptiveCardJson, CardAction } from './cards';
import type { Notice } from './check-in-view';
import { Verb } from './verbs';
import { messageCard } from './views';

const shortName = (t: Translate, kind: RoundKind) => t(`round_short_${kind}`);

/** "De volgende ronde (tussentijds) opent op 03-02-2027." above the approved list: the date as every card writes it. */
export function nextRoundNotice(t: Translate, next: ScheduledRound): Notice {
  return {
    text: t('next_round_opens', { round: shortName(t, next.kind), date: t.format.calendarDate(next.dueOn) }),
    style: 'accent',
  };
}

/** The trainer's button to open the round after approved round `from` before its date. */
export function openNextRoundAction(t: Translate, placementId: string, from: number): CardAction {
  return { title: t('action_open_next_round'), verb: Verb.openNextRound, data: { p: placementId, r: from } };
}

/** The trainer's notice once the next check-in has been opened early. */
export function openedEarlyNotice(t: Translate, placement: Placement, kind: RoundKind): Notice {
  return {
    text: t('notice_next_round_opened_early', {
      round: shortName(t, kind),
      ...markdownParams({ student: placement.student.name }),
    }),
    style: 'good',
  };
}

/** The card for someone whose next check-in was just opened by the other part. */
export function roundOpenedCard(
  t: Translate,
  placement: Placement,
  kind: RoundKind,
  recipient: PartRole,
  openedBy: PartRole,
): AdaptiveCardJson {
  return messageCard(
    t('notify_round_opened_title', { round: shortName(t, kind) }),
    [
      t('notify_round_opened_text', {
        ...markdownParams({ by: placement[openedBy].name, company: placement.company }),
      }),
    ],
    [{ title: t('action_start'), verb: Verb.open, data: { p: placement.id, role: recipient } }],
    'good',
  );
}
