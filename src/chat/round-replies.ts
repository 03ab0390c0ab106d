import type { CheckInRound, PartRole } from '../domain/check-in';
import { checkInSteps } from '../domain/check-in';
import { type Placement, type Role, trainerByEmail } from '../domain/placement';
import { markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import type { ChangesSinceVersion } from '../services/agreement-versions';
import type { Changed, Message, Refused, Tidings } from '../services/check-in/outcome';
import type { CheckInDeps, HeldCard } from '../services/check-in/ports';
import type { Progression } from '../services/progression';
import { agreementCard } from './agreement-card';
import type { AdaptiveCardJson } from './cards';
import { type CheckInView, type Notice, sentence, truncate } from './check-in-view';
import type { Notification } from './notifier';
import type { CardUpdate, Reply } from './reply';
import { closedRoundCard, type RoundCardView, roundCard, withRefresh } from './round-card';
import { currentCheckInCard, werkprocesCard, werkzaamhedenCard } from './step-cards';
import type { SummaryView } from './summary-card';

export function checkInView(
  deps: Pick<CheckInDeps, 'qualifications'>,
  t: Translate,
  placement: Placement,
  round: CheckInRound,
  role: PartRole,
  notice?: Notice,
  progression?: Progression,
): CheckInView {
  return {
    t,
    placement,
    round,
    role,
    qualification: deps.qualifications.loaded(placement),
    ...(notice ? { notice } : {}),
    ...(progression ? { progression } : {}),
  };
}

export function summaryView(
  deps: Pick<CheckInDeps, 'qualifications'>,
  t: Translate,
  placement: Placement,
  round: CheckInRound,
  notice?: Notice,
  changes?: ChangesSinceVersion,
  progression?: Progression,
): SummaryView {
  return {
    t,
    placement,
    round,
    qualification: deps.qualifications.loaded(placement),
    ...(notice ? { notice } : {}),
    ...(changes ? { changes } : {}),
    ...(progression ? { progression } : {}),
  };
}

/** What someone typed on a step, shown again when it could not be saved. */
export interface StepDraft {
  readonly level?: string;
  readonly note?: string;
  readonly text?: string;
}

/** A step's card; typed text is put back so nothing is lost, unless it alone would make the card too large. */
export function stepCard(view: CheckInView, stepIndex: number, typed?: StepDraft): AdaptiveCardJson {
  const { draft, dropped } = draftForCard(typed);
  const shown = dropped ? { ...view, notice: withDroppedDraft(view) } : view;
  const step = checkInSteps(shown.qualification)[stepIndex];
  if (!step) return currentCheckInCard(shown);
  if (step.kind === 'werkzaamheden') return werkzaamhedenCard(shown, stepIndex, draft?.text);
  return werkprocesCard(shown, stepIndex, draft);
}

// Teams refuses cards much over 28 KB. What someone typed is shown again so nothing is lost, unless
// it alone would make the card too large: then the notice says it was not put back.
const DRAFT_ON_CARD_MAX_BYTES = 12 * 1024;

export function fitsOnCard(text: string): boolean {
  return Buffer.byteLength(JSON.stringify(text)) <= DRAFT_ON_CARD_MAX_BYTES;
}

function draftForCard(typed: StepDraft | undefined): { draft: StepDraft | undefined; dropped: boolean } {
  if (!typed) return { draft: undefined, dropped: false };
  const { note, text, ...rest } = typed;
  const keep = (value: string | undefined) => value !== undefined && fitsOnCard(value);
  return {
    draft: { ...rest, ...(keep(note) ? { note } : {}), ...(keep(text) ? { text } : {}) },
    dropped: (note !== undefined && !keep(note)) || (text !== undefined && !keep(text)),
  };
}

export function withDroppedDraft(view: CheckInView): Notice {
  const text = view.t('notice_draft_not_shown');
  return { text: view.notice ? `${view.notice.text} ${text}` : text, style: 'warning' };
}

/** Refusals that mean the card was out of date: show the round as it is now. */
const OUT_OF_DATE = new Set<Refused['reason']>(['stale', 'wrong_state', 'wrong_role', 'unknown_step']);

/**
 * A refused action as a card: the current one for a card that was out of date, otherwise `retry`
 * (the same card with what was typed) with the reason. A round someone else kept changing gets the
 * retry card too, so nothing typed is lost.
 */
export function refusedCard(
  view: CheckInView,
  refused: Refused,
  retry: (view: CheckInView) => AdaptiveCardJson,
): AdaptiveCardJson {
  const { t } = view;
  if (OUT_OF_DATE.has(refused.reason)) {
    const key = refused.reason === 'stale' ? 'notice_stale' : 'notice_wrong_state';
    return currentCheckInCard({ ...view, notice: { text: t(key), style: 'warning' } });
  }
  const key = `notice_${refused.reason}` as Parameters<Translate>[0];
  return retry({ ...view, notice: { text: t(key, refused.detail), style: 'warning' } });
}

const TIDINGS: Readonly<Record<Tidings, { title: Parameters<Translate>[0]; style: Notice['style'] }>> = {
  agreement_ready: { title: 'notify_agreement_title', style: 'good' },
  settled: { title: 'notify_settled_title', style: 'accent' },
  sent_back: { title: 'notify_sent_back_title', style: 'warning' },
  submitted: { title: 'notify_submitted_title', style: 'good' },
  review: { title: 'notify_review_title', style: 'accent' },
  resubmitted: { title: 'notify_resubmitted_title', style: 'accent' },
  approved: { title: 'notify_approved_title', style: 'good' },
  changes_requested: { title: 'notify_changes_title', style: 'warning' },
  withdrawn: { title: 'notify_withdrawn_title', style: 'warning' },
};

/**
 * The card for one person the round reached, drawn in their own language when it is sent: short,
 * with what needs them and one button that opens the list. It becomes their current card of the
 * round; the older ones are closed.
 */
export function tidingsCard(
  deps: Pick<CheckInDeps, 'qualifications'>,
  placement: Placement,
  round: CheckInRound,
  message: Message,
): Notification {
  const { title, style } = TIDINGS[message.about];
  const { role } = message;
  return {
    aadObjectId: message.aadObjectId,
    ...(role === 'trainer' && trainerByEmail(placement)
      ? { mail: { placement, reason: message.about, roundKind: round.kind } }
      : {}),
    track: {
      placementId: placement.id,
      round: round.number,
      kind: role === 'supervisor' ? 'summary' : 'agreement',
    },
    card: (t) =>
      roundCard({
        ...roundCardView(deps, t, placement, round, role, { text: t(title), style }),
        remark: remarkFor(t, round, role),
      }),
  };
}

// The start of a remark on a notice: enough to know what was asked; the list shows it whole.
const REMARK_ON_NOTICE = 280;

/** The remark that sent the list back, for a notice to anyone but its author. */
function remarkFor(t: Translate, round: CheckInRound, to: Role): string | undefined {
  const remark = round.remark;
  if (!remark || remark.by === to) return undefined;
  return t('notify_remark', {
    role: sentence(t(`role_${remark.by}`)),
    remark: markdownText(truncate(remark.text.replace(/\s+/g, ' '), REMARK_ON_NOTICE)),
  });
}

function roundCardView(
  deps: Pick<CheckInDeps, 'qualifications'>,
  t: Translate,
  placement: Placement,
  round: CheckInRound,
  role: Role,
  notice?: Notice,
): RoundCardView {
  const qualification = deps.qualifications.loaded(placement);
  return { t, placement, round, qualification, role, ...(notice ? { notice } : {}) };
}

/** The person's current card of the round, drawn anew (small: the list opens on demand), so old buttons disappear. */
export function redrawnCards(
  deps: Pick<CheckInDeps, 'qualifications'>,
  placement: Placement,
  round: CheckInRound,
  held: readonly HeldCard[],
): CardUpdate[] {
  return held.flatMap((card): CardUpdate[] => {
    const role = (['student', 'trainer', 'supervisor'] as const).find(
      (r: Role) => placement[r].aadObjectId === card.aadObjectId,
    );
    if (!role) return [];
    return [
      {
        aadObjectId: card.aadObjectId,
        activityId: card.activityId,
        card: (t) => roundCard(roundCardView(deps, t, placement, round, role)),
      },
    ];
  });
}

/** How older cards of the round look once a newer one shows it. */
export function closedCards(
  deps: Pick<CheckInDeps, 'qualifications'>,
  placement: Placement,
  round: CheckInRound,
): NonNullable<Reply['closes']> {
  return (t, kind) =>
    closedRoundCard(roundCardView(deps, t, placement, round, kind === 'summary' ? 'supervisor' : 'student'));
}

/** Who else must see the change: their notification cards and fresh drawings of the cards they hold. */
export function followUps(
  deps: Pick<CheckInDeps, 'qualifications'>,
  changed: Changed,
): Pick<Reply, 'notifications' | 'updates' | 'closes'> {
  const { placement, round } = changed;
  return {
    notifications: changed.tell.map((message) => tidingsCard(deps, placement, round, message)),
    updates: redrawnCards(deps, placement, round, changed.redraw),
    closes: closedCards(deps, placement, round),
  };
}

/** A reply in the agreement phase: the actor's agreement card, tracked, and the follow-ups. */
export function agreementReply(
  deps: Pick<CheckInDeps, 'qualifications'>,
  t: Translate,
  changed: Changed,
  actor: PartRole,
  notice?: Notice,
): Reply {
  const { placement, round } = changed;
  return {
    card: withRefresh(
      agreementCard(checkInView(deps, t, placement, round, actor, notice, changed.progression)),
      { placement, round, role: actor },
      'list',
    ),
    track: { placementId: placement.id, round: round.number, kind: 'agreement' },
    ...followUps(deps, changed),
  };
}
