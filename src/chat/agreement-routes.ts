import type { PartRole } from '../domain/check-in';
import { markdownParams } from '../domain/text';
import { confirmAgreement } from '../services/check-in/confirm-agreement';
import type { RoundResult } from '../services/check-in/outcome';
import { reopenAgreement } from '../services/check-in/reopen-agreement';
import { sendBackAgreement } from '../services/check-in/send-back-agreement';
import { settleAgreement } from '../services/check-in/settle-agreement';
import { agreementCard } from './agreement-card';
import type { CheckInView, Notice } from './check-in-view';
import type { Payload } from './payloads';
import type { Reply } from './reply';
import { agreementReply, checkInView, fitsOnCard, refusedCard, withDroppedDraft } from './round-replies';
import type { RouteDeps, RouteScope } from './route-scope';

/** An agreement-phase result as the actor's reply: the list with `notice`, or why it was refused. */
function agreementResultReply(
  scope: RouteScope,
  deps: RouteDeps,
  result: RoundResult,
  role: PartRole,
  notice: Notice,
  retry: (view: CheckInView) => ReturnType<typeof agreementCard> = (view) => agreementCard(view),
): Reply {
  if (result.outcome === 'changed') return agreementReply(deps, scope.t, result, role, notice);
  const view = checkInView(
    deps,
    scope.t,
    result.placement,
    result.round,
    role,
    undefined,
    result.progression,
  );
  if (result.outcome === 'refused') return { card: refusedCard(view, result, retry) };
  return { card: agreementCard({ ...view, notice }) };
}

export async function settleRoute(
  scope: RouteScope,
  data: Payload<'settle'>,
  deps: RouteDeps,
): Promise<Reply> {
  const levels = fieldsWithPrefix(data, 'lvl_');
  const texts = fieldsWithPrefix(data, 'txt_');
  const result = await settleAgreement(deps, scope, {
    placementId: data.p,
    round: data.r,
    rev: data.v,
    levels,
    texts,
  });
  const notice: Notice = {
    text: scope.t('notice_settled', markdownParams({ student: result.placement.student.name })),
    style: 'good',
  };
  return agreementResultReply(scope, deps, result, 'trainer', notice, (view) => {
    // A text too large to put back on the card shows what is stored, and the notice says so.
    const shown = Object.fromEntries(
      Object.entries(texts).map(([code, text]) => [
        code,
        text !== undefined && !fitsOnCard(text) ? view.round.agreement?.texts[code] : text,
      ]),
    );
    const dropped = Object.values(texts).some((text) => text !== undefined && !fitsOnCard(text));
    return agreementCard(dropped ? { ...view, notice: withDroppedDraft(view) } : view, {
      agreement: { levels: pickDefined(levels), texts: pickDefined(shown) },
    });
  });
}

export async function confirmRoute(
  scope: RouteScope,
  data: Payload<'confirm'>,
  deps: RouteDeps,
): Promise<Reply> {
  const result = await confirmAgreement(deps, scope, { placementId: data.p, round: data.r, rev: data.v });
  return agreementResultReply(scope, deps, result, 'student', {
    text: scope.t('notice_confirmed'),
    style: 'good',
  });
}

export async function sendBackRoute(
  scope: RouteScope,
  data: Payload<'sendBack'>,
  deps: RouteDeps,
): Promise<Reply> {
  const result = await sendBackAgreement(deps, scope, {
    placementId: data.p,
    round: data.r,
    rev: data.v,
    remark: data.remark ?? '',
  });
  const notice: Notice = {
    text: scope.t('notice_sent_back', markdownParams({ trainer: result.placement.trainer.name })),
    style: 'good',
  };
  if (result.outcome === 'refused' && REMARK_REFUSALS.has(result.reason)) {
    // The reason goes next to the field, with the remark put back as typed.
    const view = checkInView(deps, scope.t, result.placement, result.round, 'student');
    const remark = data.remark ?? '';
    return {
      card: agreementCard(fitsOnCard(remark) ? view : { ...view, notice: withDroppedDraft(view) }, {
        remark: fitsOnCard(remark) ? remark : '',
        remarkError: scope.t(`notice_${result.reason}` as 'notice_remark_required', result.detail),
      }),
    };
  }
  return agreementResultReply(scope, deps, result, 'student', notice);
}

const REMARK_REFUSALS = new Set(['remark_required', 'remark_too_long']);

export async function reopenRoute(
  scope: RouteScope,
  data: Payload<'reopen'>,
  deps: RouteDeps,
): Promise<Reply> {
  const result = await reopenAgreement(deps, scope, { placementId: data.p, round: data.r, rev: data.v });
  return agreementResultReply(scope, deps, result, 'trainer', {
    text: scope.t('notice_reopened'),
    style: 'warning',
  });
}

/** The card's inputs named `<prefix><code>`, by code: a level per werkproces, a text per kerntaak. */
function fieldsWithPrefix(data: Record<string, unknown>, prefix: string): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(data)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), typeof value === 'string' ? value : undefined]),
  );
}

function pickDefined(record: Record<string, string | undefined>): Record<string, never> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<
    string,
    never
  >;
}
