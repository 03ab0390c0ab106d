import { z } from 'zod';
import type { AuditEvent } from '../domain/audit';
import {
  answerStep,
  approveRound,
  CheckInError,
  type CheckInRound,
  checkInSteps,
  completePart,
  confirmAgreement,
  differences,
  goToStep,
  missingAnswers,
  type PartRole,
  reopenApproved,
  requestChanges,
  resumeStep,
  sendBackAgreement,
  settleAgreement,
} from '../domain/check-in';
import type { Placement, Role } from '../domain/placement';
import { allWerkprocessen, type Qualification } from '../domain/qualification';
import type { RoundScheduleRules } from '../domain/round-schedule';
import { TransitionError } from '../domain/round-state';
import { markdownParams, markdownText, stripUnsafeCharacters } from '../domain/text';
import type { Translate } from '../i18n';
import type { QualificationCatalog } from '../qualifications/catalog';
import type { Membership } from '../services/identify-user';
import {
  activeRound,
  changeRound,
  currentRound,
  openNextRoundEarly,
  RoundNotFoundError,
} from '../services/rounds';
import type { CardRepository } from '../storage/card-repository';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { RoundRepository } from '../storage/round-repository';
import type { AdaptiveCardJson } from './cards';
import {
  agreementCard,
  type CheckInView,
  currentCheckInCard,
  formatMoment,
  type Notice,
  type SummaryView,
  summaryCard,
  werkprocesCard,
  werkzaamhedenCard,
} from './check-in-views';
import { nextRoundNotice, openedEarlyNotice, openNextRoundAction, roundOpenedCard } from './next-round-views';
import type { CardTracking, Notification } from './notifier';
import { Verb } from './verbs';
import { messageCard, navigationActions } from './views';

/** What a handler gives back: the card that replaces the clicked one, and cards for others. */
export interface Reply {
  readonly card: AdaptiveCardJson;
  readonly notifications?: readonly Notification[];
  /** Which round the reply card shows, so the card can be updated in place later. */
  readonly track?: CardTracking;
  /** Cards sent earlier that now show something outdated. */
  readonly updates?: readonly CardUpdate[];
}

/** A card sent earlier, to be drawn anew for its owner. */
export interface CardUpdate {
  readonly aadObjectId: string;
  readonly activityId: string;
  readonly card: (t: Translate) => AdaptiveCardJson;
}

/** The part of a turn the check-in handlers need. */
export interface CheckInScope {
  readonly t: Translate;
  readonly now: Date;
  readonly aadObjectId: string;
  readonly memberships: readonly Membership[];
}

// Payloads are parsed before a handler runs; anything else is refused with a card.
const placementId = z.string().regex(/^[0-9a-f]{32}$/);
const base = z.object({
  p: placementId,
  r: z.number().int().min(1).max(99),
  role: z.enum(['student', 'trainer']),
  v: z.number().int().min(0),
});
// No length cap here: the HTTP body limit bounds free text, and the domain's limits answer a text
// that is too long with the card, the field it is about and the text kept for shortening. Typed
// text loses control and bidi-override characters first, so what is stored is what is shown.
const longText = z.string().transform((text) => stripUnsafeCharacters(text, { multiline: true }));

export const payloadSchemas = {
  open: z.object({ p: placementId, role: z.enum(['student', 'trainer']) }),
  answer: base.extend({
    s: z.number().int().min(0).max(500),
    nav: z.enum(['next', 'back', 'stay']),
    level: z.string().max(20).optional(),
    note: longText.optional(),
    text: longText.optional(),
  }),
  goTo: base.extend({ s: z.number().int().min(0).max(500) }),
  finish: base,
  // A level is a short code from a choice set; a long one is a tampered card, and a refusal would
  // draw it back onto the card.
  settle: base
    .extend({ role: z.literal('trainer') })
    .catchall(longText)
    .refine((data) =>
      Object.entries(data).every(([key, value]) => !key.startsWith('lvl_') || String(value).length <= 20),
    ),
  confirm: base.extend({ role: z.literal('student') }),
  sendBack: base.extend({ role: z.literal('student'), remark: longText.optional() }),
  reopen: base.extend({ role: z.literal('trainer') }),
  openNextRound: z.object({ p: placementId, r: z.number().int().min(1).max(99) }),
  review: z.object({ p: placementId }),
  approve: z.object({ p: placementId, r: z.number().int().min(1).max(99), version: z.number().int().min(1) }),
  requestChanges: z.object({
    p: placementId,
    r: z.number().int().min(1).max(99),
    version: z.number().int().min(1),
    remark: longText.optional(),
  }),
};

type Payload<K extends keyof typeof payloadSchemas> = z.infer<(typeof payloadSchemas)[K]>;

/** Thrown when a card action names a placement or role the user does not hold. */
export class NotYoursError extends Error {
  constructor(readonly role: Role) {
    super('card action by someone who is not that card’s person');
    this.name = 'NotYoursError';
  }
}

const otherRole = (role: PartRole): PartRole => (role === 'student' ? 'trainer' : 'student');

/** Start, resume, answer, finish, settle and confirm: the check-in as cards. */
export class CheckInHandlers {
  constructor(
    private readonly deps: {
      rounds: RoundRepository;
      cards: CardRepository;
      conversations: ConversationRepository;
      qualifications: QualificationCatalog;
      /** When the next check-in opens: the rule the reminder sweep follows too. */
      schedule: RoundScheduleRules;
    },
  ) {}

  private membership(scope: CheckInScope, placementId: string, role: Role): Placement {
    const found = scope.memberships.find((m) => m.placement.id === placementId && m.role === role);
    if (!found) throw new NotYoursError(role);
    return found.placement;
  }

  private view(
    scope: CheckInScope,
    placement: Placement,
    round: CheckInRound,
    role: PartRole,
    notice?: Notice,
  ): CheckInView {
    return {
      t: scope.t,
      placement,
      round,
      role,
      qualification: this.deps.qualifications.require(placement.qualificationId),
      ...(notice ? { notice } : {}),
    };
  }

  private audit(
    scope: CheckInScope,
    role: Role,
    event: AuditEvent['event'],
    round: number,
    detail?: Record<string, string | number>,
  ): AuditEvent {
    return {
      at: scope.now.toISOString(),
      actorRole: role,
      actorId: scope.aadObjectId,
      event,
      round,
      ...(detail ? { detail } : {}),
    };
  }

  /** Opens the first round of each placement a student or trainer holds, so reminders can count from now. */
  async ensureRounds(scope: CheckInScope): Promise<void> {
    for (const m of scope.memberships) {
      if (m.role !== 'supervisor') {
        await currentRound(m.placement, this.deps, { id: scope.aadObjectId, role: m.role }, scope.now);
      }
    }
  }

  /** `start`: resume the one check-in, or let a trainer with several students pick one. */
  async start(scope: CheckInScope): Promise<Reply> {
    const { t } = scope;
    const parts = scope.memberships.filter((m) => m.role !== 'supervisor');
    if (parts.length === 0) {
      return {
        card: messageCard(t('app_name'), [t('supervisor_start')], navigationActions(t, ['status', 'help'])),
      };
    }
    if (parts.length === 1 && parts[0]) {
      return this.resume(scope, parts[0].placement, parts[0].role as PartRole);
    }
    return {
      card: messageCard(
        t('pick_title'),
        [t('pick_text')],
        parts.map((m) => ({
          title:
            m.role === 'student'
              ? `${t('role_student')}: ${m.placement.company}`
              : t('action_open', { student: m.placement.student.name, company: m.placement.company }),
          verb: Verb.open,
          data: { p: m.placement.id, role: m.role },
        })),
      ),
    };
  }

  async open(scope: CheckInScope, data: Payload<'open'>): Promise<Reply> {
    return this.resume(scope, this.membership(scope, data.p, data.role), data.role);
  }

  private async resume(
    scope: CheckInScope,
    placement: Placement,
    role: PartRole,
    notice?: Notice,
  ): Promise<Reply> {
    const active = await activeRound(
      placement,
      this.deps,
      { id: scope.aadObjectId, role },
      scope.now,
      this.deps.schedule,
    );
    const { round } = active;
    const view = this.view(scope, placement, round, role, notice);
    // This `start` opened the round because it was due: the other part hears of it.
    const notifications = active.tell.map((to) => this.roundOpened(placement, round, to, role));
    if (round.state === 'open' && !round.parts[role].doneAt) {
      const step = resumeStep(round.parts[role], view.qualification);
      return { card: this.stepCard(view, step), notifications };
    }
    if (active.upcoming) {
      return {
        card: currentCheckInCard({
          ...view,
          notice: notice ?? nextRoundNotice(scope.t, active.upcoming),
          extraActions: role === 'trainer' ? [openNextRoundAction(scope.t, placement.id, round.number)] : [],
        }),
      };
    }
    return { card: currentCheckInCard(view), notifications };
  }

  /** The card for `to` that the next check-in has been opened, by `by`. */
  private roundOpened(placement: Placement, round: CheckInRound, to: PartRole, by: PartRole): Notification {
    return {
      aadObjectId: placement[to].aadObjectId,
      card: (t) => roundOpenedCard(t, placement, round.kind, to, by),
    };
  }

  /** The trainer opens the next check-in before its date; the student is told. */
  async openNextRound(scope: CheckInScope, data: Payload<'openNextRound'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, 'trainer');
    const outcome = await openNextRoundEarly(
      placement,
      this.deps,
      { id: scope.aadObjectId, role: 'trainer' },
      data.r,
      scope.now,
      this.deps.schedule,
    );
    if (outcome.outcome === 'unchanged') {
      const text = scope.t(
        outcome.reason === 'already_open' ? 'notice_next_round_already_open' : 'notice_wrong_state',
      );
      return this.resume(scope, placement, 'trainer', { text, style: 'warning' });
    }
    const view = this.view(
      scope,
      placement,
      outcome.round,
      'trainer',
      openedEarlyNotice(scope.t, placement, outcome.round.kind),
    );
    return {
      card: this.stepCard(view, resumeStep(outcome.round.parts.trainer, view.qualification)),
      notifications: outcome.tell.map((to) => this.roundOpened(placement, outcome.round, to, 'trainer')),
    };
  }

  private stepCard(
    view: CheckInView,
    stepIndex: number,
    typed?: { level?: string; note?: string; text?: string },
  ): AdaptiveCardJson {
    const { draft, dropped } = draftForCard(typed);
    if (dropped) view = { ...view, notice: withDroppedDraft(view) };
    const step = checkInSteps(view.qualification)[stepIndex];
    if (!step) return currentCheckInCard(view);
    if (step.kind === 'werkzaamheden') return werkzaamhedenCard(view, stepIndex, draft?.text);
    // Show what the person typed, even when it could not be saved, so nothing is lost.
    return werkprocesCard(view, stepIndex, draft);
  }

  /** Turns a refused action into the right card: the current one for stale input, the same one with a hint otherwise. */
  private refusal(
    scope: CheckInScope,
    error: unknown,
    current: () => Promise<CheckInView>,
    retry: (view: CheckInView) => AdaptiveCardJson,
  ): Promise<Reply> {
    const { t } = scope;
    return (async () => {
      if (
        error instanceof TransitionError ||
        (error instanceof CheckInError &&
          (error.reason === 'stale' || error.reason === 'wrong_state' || error.reason === 'unknown_step'))
      ) {
        const view = await current();
        const key =
          error instanceof CheckInError && error.reason === 'stale' ? 'notice_stale' : 'notice_wrong_state';
        return { card: currentCheckInCard({ ...view, notice: { text: t(key), style: 'warning' } }) };
      }
      if (error instanceof CheckInError) {
        const view = await current();
        const key = `notice_${error.reason}` as Parameters<Translate>[0];
        return { card: retry({ ...view, notice: { text: t(key, error.detail), style: 'warning' } }) };
      }
      throw error;
    })();
  }

  /** A refused action on a stored round: the current card, or `retry` with the reason. */
  private refusalOn(
    scope: CheckInScope,
    error: unknown,
    placement: Placement,
    round: number,
    role: PartRole,
    retry: (view: CheckInView) => AdaptiveCardJson,
  ): Promise<Reply> {
    return this.refusal(scope, error, () => this.load(scope, placement, round, role), retry);
  }

  /** A refused agreement-phase action: the current list, or the same one with the reason. */
  private agreementRefusal(
    scope: CheckInScope,
    error: unknown,
    placement: Placement,
    round: number,
    role: PartRole,
  ) {
    return this.refusalOn(scope, error, placement, round, role, (view) => agreementCard(view));
  }

  private async load(
    scope: CheckInScope,
    placement: Placement,
    number: number,
    role: PartRole,
    notice?: Notice,
  ): Promise<CheckInView> {
    const stored = await this.deps.rounds.get(placement.id, number);
    if (!stored) throw new RoundNotFoundError();
    return this.view(scope, placement, stored.round, role, notice);
  }

  async answer(scope: CheckInScope, data: Payload<'answer'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, data.role);
    const q = this.deps.qualifications.require(placement.qualificationId);
    const step = checkInSteps(q)[data.s];
    const input = {
      ...(data.level !== undefined ? { level: data.level } : {}),
      ...(data.note !== undefined ? { note: data.note } : {}),
      ...(data.text !== undefined ? { text: data.text } : {}),
    };
    try {
      const { before, after } = await changeRound(this.deps, placement.id, data.r, (round) => {
        const part = round.parts[data.role];
        // A double click repeats an answer that is already saved: show where the first click led.
        if (data.v !== part.rev && sameAsSaved(round, q, data.role, data.s, input))
          return { round, events: [] };
        const changed = answerStep(round, q, {
          role: data.role,
          stepIndex: data.s,
          rev: data.v,
          input,
          navigation: data.nav,
        });
        const events: AuditEvent[] = [];
        if (step?.kind === 'werkproces') {
          const answer = changed.parts[data.role].answers[step.werkproces.code];
          if (answer && answer !== part.answers[step.werkproces.code]) {
            events.push(
              this.audit(scope, data.role, 'answered', round.number, {
                werkproces: step.werkproces.code,
                level: answer.level,
              }),
            );
          }
        } else if (
          step &&
          changed.parts[data.role].texts[step.kerntaakCode] !== part.texts[step.kerntaakCode]
        ) {
          events.push(
            this.audit(scope, data.role, 'answered', round.number, {
              kerntaak: step.kerntaakCode,
              field: 'werkzaamheden',
            }),
          );
        }
        return { round: changed, events };
      });
      const view = this.view(scope, placement, after, data.role);
      if (before === after && data.v !== after.parts[data.role].rev)
        return { card: currentCheckInCard(view) };
      if (data.nav === 'stay') {
        return {
          card: this.stepCard(
            { ...view, notice: { text: scope.t('notice_saved_later'), style: 'good' } },
            data.s,
          ),
        };
      }
      return { card: currentCheckInCard(view) };
    } catch (error) {
      return this.refusal(
        scope,
        error,
        () => this.load(scope, placement, data.r, data.role),
        (view) => this.stepCard(view, data.s, input),
      );
    }
  }

  async goTo(scope: CheckInScope, data: Payload<'goTo'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, data.role);
    const q = this.deps.qualifications.require(placement.qualificationId);
    try {
      const { after } = await changeRound(this.deps, placement.id, data.r, (round) => ({
        round: goToStep(round, q, { role: data.role, stepIndex: data.s, rev: data.v }),
        events: [],
      }));
      return { card: this.stepCard(this.view(scope, placement, after, data.role), data.s) };
    } catch (error) {
      return this.refusalOn(scope, error, placement, data.r, data.role, currentCheckInCard);
    }
  }

  async finish(scope: CheckInScope, data: Payload<'finish'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, data.role);
    const q = this.deps.qualifications.require(placement.qualificationId);
    try {
      const { before, after } = await changeRound(this.deps, placement.id, data.r, (round) => {
        if (round.parts[data.role].doneAt && data.v !== round.parts[data.role].rev)
          return { round, events: [] };
        const changed = completePart(round, q, { role: data.role, rev: data.v, now: scope.now });
        return { round: changed, events: [this.audit(scope, data.role, 'part_completed', round.number)] };
      });
      if (before.state === 'open' && after.state === 'settling') {
        return this.agreementReply(scope, placement, after, data.role, undefined, [
          { role: otherRole(data.role), title: 'notify_agreement_title', style: 'good' },
        ]);
      }
      const view = this.view(scope, placement, after, data.role);
      return {
        card: currentCheckInCard({ ...view, notice: { text: scope.t('notice_part_done'), style: 'good' } }),
      };
    } catch (error) {
      return this.refusalOn(scope, error, placement, data.r, data.role, currentCheckInCard);
    }
  }

  async settle(scope: CheckInScope, data: Payload<'settle'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, 'trainer');
    const q = this.deps.qualifications.require(placement.qualificationId);
    const fields = data as Record<string, unknown>;
    const levels = Object.fromEntries(
      allWerkprocessen(q).map((w) => [w.code, stringField(fields[`lvl_${w.code}`])]),
    );
    const texts = Object.fromEntries(q.kerntaken.map((k) => [k.code, stringField(fields[`txt_${k.code}`])]));
    try {
      const { after } = await changeRound(this.deps, placement.id, data.r, (round) => {
        const changed = settleAgreement(round, q, { rev: data.v, levels, texts, now: scope.now });
        const detail = { differences: differences(changed, q).length };
        return { round: changed, events: [this.audit(scope, 'trainer', 'settled', round.number, detail)] };
      });
      return this.agreementReply(
        scope,
        placement,
        after,
        'trainer',
        {
          text: scope.t('notice_settled', markdownParams({ student: placement.student.name })),
          style: 'good',
        },
        [{ role: 'student', title: 'notify_settled_title', style: 'accent' }],
      );
    } catch (error) {
      return this.refusal(
        scope,
        error,
        () => this.load(scope, placement, data.r, 'trainer'),
        (view) => {
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
        },
      );
    }
  }

  async confirm(scope: CheckInScope, data: Payload<'confirm'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, 'student');
    try {
      const { before, after } = await changeRound(this.deps, placement.id, data.r, (round) => {
        // The same "akkoord" twice: the first one counted.
        if (round.state === 'submitted' && data.v === round.rev - 1) return { round, events: [] };
        const changed = confirmAgreement(round, { rev: data.v, now: scope.now });
        return {
          round: changed,
          events: [
            this.audit(scope, 'student', 'confirmed', round.number),
            this.audit(scope, 'student', 'submitted', round.number, { version: changed.version }),
          ],
        };
      });
      const notice: Notice = { text: scope.t('notice_confirmed'), style: 'good' };
      if (before === after)
        return { card: agreementCard(this.view(scope, placement, after, 'student', notice)) };
      return this.agreementReply(scope, placement, after, 'student', notice, [
        { role: 'trainer', title: 'notify_submitted_title', style: 'good' },
        {
          role: 'supervisor',
          title: after.previousAgreement ? 'notify_resubmitted_title' : 'notify_review_title',
          style: 'accent',
        },
      ]);
    } catch (error) {
      return this.agreementRefusal(scope, error, placement, data.r, 'student');
    }
  }

  async sendBack(scope: CheckInScope, data: Payload<'sendBack'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, 'student');
    try {
      const { after } = await changeRound(this.deps, placement.id, data.r, (round) => ({
        round: sendBackAgreement(round, { rev: data.v, remark: data.remark ?? '', now: scope.now }),
        events: [this.audit(scope, 'student', 'sent_back', round.number)],
      }));
      return this.agreementReply(
        scope,
        placement,
        after,
        'student',
        {
          text: scope.t('notice_sent_back', markdownParams({ trainer: placement.trainer.name })),
          style: 'good',
        },
        [{ role: 'trainer', title: 'notify_sent_back_title', style: 'warning' }],
      );
    } catch (error) {
      return this.agreementRefusal(scope, error, placement, data.r, 'student');
    }
  }

  /** The trainer reopens an approved list; the approval is withdrawn and all three hear of it. */
  async reopen(scope: CheckInScope, data: Payload<'reopen'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, 'trainer');
    try {
      // Only the latest round can be reopened: reminders, `start` and `status` follow that one.
      const latest = (await this.deps.rounds.list(placement.id)).at(-1)?.round;
      if (latest && latest.number !== data.r) throw new CheckInError('wrong_state');
      const { after } = await changeRound(this.deps, placement.id, data.r, (round) => ({
        round: reopenApproved(round, { rev: data.v, now: scope.now }),
        events: [
          this.audit(scope, 'trainer', 'approval_withdrawn', round.number, { version: round.version }),
        ],
      }));
      return this.agreementReply(
        scope,
        placement,
        after,
        'trainer',
        { text: scope.t('notice_reopened'), style: 'warning' },
        [
          { role: 'student', title: 'notify_withdrawn_title', style: 'warning' },
          { role: 'supervisor', title: 'notify_withdrawn_title', style: 'warning' },
        ],
      );
    } catch (error) {
      return this.agreementRefusal(scope, error, placement, data.r, 'trainer');
    }
  }

  /** The supervisor opens the summary of a placement's latest round. */
  async review(scope: CheckInScope, data: Payload<'review'>): Promise<Reply> {
    const placement = this.membership(scope, data.p, 'supervisor');
    const latest = (await this.deps.rounds.list(placement.id)).at(-1)?.round;
    if (!latest) {
      return {
        card: messageCard(
          scope.t('app_name'),
          [scope.t('status_no_round')],
          navigationActions(scope.t, ['status']),
        ),
      };
    }
    return {
      card: summaryCard(this.summaryView(scope, placement, latest)),
      track: { placementId: placement.id, round: latest.number, kind: 'summary' },
    };
  }

  async approve(scope: CheckInScope, data: Payload<'approve'>): Promise<Reply> {
    return this.decide(scope, data, 'approved');
  }

  async requestChanges(scope: CheckInScope, data: Payload<'requestChanges'>): Promise<Reply> {
    return this.decide(scope, data, 'changes_requested');
  }

  /**
   * Records the supervisor's decision on the version the card shows. Exactly one decision per
   * version: a second click, or a click on an older version, gets the outcome instead.
   */
  private async decide(
    scope: CheckInScope,
    data: Payload<'approve'> & { remark?: string },
    outcome: 'approved' | 'changes_requested',
  ): Promise<Reply> {
    const placement = this.membership(scope, data.p, 'supervisor');
    const track = { placementId: placement.id, round: data.r, kind: 'summary' as const };
    try {
      const { before, after } = await changeRound(this.deps, placement.id, data.r, (round) => {
        const command = { version: data.version, by: scope.aadObjectId, now: scope.now };
        const changed =
          outcome === 'approved'
            ? approveRound(round, command)
            : requestChanges(round, { ...command, remark: data.remark ?? '' });
        const event = this.audit(scope, 'supervisor', outcome, round.number, { version: round.version });
        return { round: changed, events: changed === round ? [] : [event] };
      });
      if (before === after) {
        const notice: Notice = { text: scope.t('notice_decision_taken'), style: 'accent' };
        return { card: summaryCard(this.summaryView(scope, placement, after, notice)), track };
      }
      const approved = outcome === 'approved';
      const notice: Notice = approved
        ? { text: scope.t('notice_approved'), style: 'good' }
        : { text: scope.t('notice_changes_requested'), style: 'good' };
      const title = approved ? 'notify_approved_title' : 'notify_changes_title';
      const style = approved ? 'good' : 'warning';
      return {
        card: summaryCard(this.summaryView(scope, placement, after, notice)),
        track,
        notifications: [
          this.notifyRole(scope, placement, after, 'student', title, style),
          this.notifyRole(scope, placement, after, 'trainer', title, style),
        ],
        updates: await this.refreshTracked(scope, placement, after),
      };
    } catch (error) {
      if (
        error instanceof CheckInError &&
        (error.reason === 'remark_required' || error.reason === 'remark_too_long')
      ) {
        const stored = await this.deps.rounds.get(placement.id, data.r);
        if (!stored) throw new RoundNotFoundError();
        const notice: Notice = { text: scope.t(`notice_${error.reason}`, error.detail), style: 'warning' };
        return { card: summaryCard(this.summaryView(scope, placement, stored.round, notice)), track };
      }
      if (error instanceof TransitionError || (error instanceof CheckInError && error.reason === 'stale')) {
        const stored = await this.deps.rounds.get(placement.id, data.r);
        if (!stored) throw new RoundNotFoundError();
        const notice: Notice = { text: scope.t('notice_decision_taken'), style: 'accent' };
        return { card: summaryCard(this.summaryView(scope, placement, stored.round, notice)), track };
      }
      throw error;
    }
  }

  private summaryView(
    scope: CheckInScope,
    placement: Placement,
    round: CheckInRound,
    notice?: Notice,
  ): SummaryView {
    return {
      t: scope.t,
      placement,
      round,
      qualification: this.deps.qualifications.require(placement.qualificationId),
      ...(notice ? { notice } : {}),
    };
  }

  /** The card a person gets in their chat when the round reaches them, drawn in their language. */
  private notifyRole(
    scope: CheckInScope,
    placement: Placement,
    round: CheckInRound,
    role: Role,
    title: Parameters<Translate>[0],
    style: Notice['style'],
  ): Notification {
    const kind = role === 'supervisor' ? 'summary' : 'agreement';
    return {
      aadObjectId: placement[role].aadObjectId,
      track: { placementId: placement.id, round: round.number, kind },
      card: (t) => {
        const notice: Notice = { text: t(title), style };
        return role === 'supervisor'
          ? summaryCard(this.summaryView({ ...scope, t }, placement, round, notice))
          : agreementCard(this.view({ ...scope, t }, placement, round, role, notice));
      },
    };
  }

  /** A reply in the agreement phase: the actor's card, cards for those it reaches, and fresh renderings of older cards. */
  private async agreementReply(
    scope: CheckInScope,
    placement: Placement,
    round: CheckInRound,
    actor: PartRole,
    notice: Notice | undefined,
    reach: { role: Role; title: Parameters<Translate>[0]; style: Notice['style'] }[],
  ): Promise<Reply> {
    return {
      card: agreementCard(this.view(scope, placement, round, actor, notice)),
      track: { placementId: placement.id, round: round.number, kind: 'agreement' },
      notifications: reach.map((r) => this.notifyRole(scope, placement, round, r.role, r.title, r.style)),
      updates: await this.refreshTracked(scope, placement, round),
    };
  }

  /** Every card of this round that people hold, drawn anew for its owner, so old buttons disappear. */
  private async refreshTracked(
    scope: CheckInScope,
    placement: Placement,
    round: CheckInRound,
  ): Promise<CardUpdate[]> {
    const tracked = await this.deps.cards.list(placement.id, round.number);
    return tracked.flatMap((card): CardUpdate[] => {
      const role = (['student', 'trainer', 'supervisor'] as const).find(
        (r) => placement[r].aadObjectId === card.aadObjectId,
      );
      if (!role) return [];
      return [
        {
          aadObjectId: card.aadObjectId,
          activityId: card.activityId,
          card: (t) =>
            card.kind === 'summary' || role === 'supervisor'
              ? summaryCard(this.summaryView({ ...scope, t }, placement, round))
              : agreementCard(this.view({ ...scope, t }, placement, round, role)),
        },
      ];
    });
  }

  /** For the supervisor: who of this placement cannot get reminders (app blocked, removed, or never opened). */
  private async unreachableFact(
    scope: CheckInScope,
    p: Placement,
  ): Promise<{ title: string; value: string }[]> {
    const names: string[] = [];
    for (const role of ['student', 'trainer'] as const) {
      const id = p[role].aadObjectId;
      const reachable = id ? (await this.deps.conversations.get(id))?.active === true : false;
      if (!reachable) names.push(`${markdownText(p[role].name)} (${scope.t(`role_${role}`)})`);
    }
    return names.length > 0
      ? [
          {
            title: scope.t('status_unreachable'),
            value: scope.t('status_unreachable_value', { names: names.join(', ') }),
          },
        ]
      : [];
  }

  /**
   * Per placement: the round, its state, who is to act and since when, how far each part is, and
   * the last steps of the audit trail. Supervisors get a button to a pending approval.
   */
  async statusItems(
    scope: CheckInScope,
    memberships: readonly Membership[] = scope.memberships,
  ): Promise<StatusItem[]> {
    const { t } = scope;
    // Placements are independent: read them side by side, so a large caseload still answers quickly.
    return Promise.all(
      memberships.map(async (m): Promise<StatusItem> => {
        const p = m.placement;
        const rounds = await this.deps.rounds.list(p.id);
        const latest = rounds.at(-1)?.round;
        const heading = `${t('status_heading', markdownParams({ student: p.student.name, company: p.company }))} (${t(`role_${m.role}`)})`;
        if (!latest) {
          return {
            heading,
            facts: [{ title: t('status_state'), value: t('status_no_round') }],
            actions: [],
            history: [],
          };
        }
        const q: Qualification = this.deps.qualifications.require(p.qualificationId);
        const total = allWerkprocessen(q).length;
        const progress = (role: PartRole) => {
          const part = latest.parts[role];
          return t('status_part_progress', {
            role: t(`role_${role}`),
            answered: total - missingAnswers(part, q).length,
            total,
            done: part.doneAt ? t('status_part_done') : '',
          });
        };
        const [trail, unreachable] = await Promise.all([
          this.deps.rounds.audit(p.id, 3),
          m.role === 'supervisor' ? this.unreachableFact(scope, p) : Promise.resolve([]),
        ]);
        const actions: CardActionData[] =
          m.role === 'supervisor' && latest.state === 'submitted'
            ? [
                {
                  title: t('action_review', { student: p.student.name }),
                  verb: Verb.review,
                  data: { p: p.id },
                },
              ]
            : [];
        return {
          heading,
          facts: [
            { title: t('status_round'), value: `${latest.number}. ${t(`round_${latest.kind}`)}` },
            { title: t('status_state'), value: t(`state_${latest.state}`) },
            { title: t('status_waiting_on'), value: waitingOn(latest, p, t) },
            { title: t('status_since'), value: formatMoment(latest.stateSince) },
            ...(latest.state === 'open'
              ? [{ title: '', value: `${progress('student')}; ${progress('trainer')}` }]
              : []),
            ...unreachable,
          ],
          actions,
          history: trail.map((e) =>
            t('history_line', {
              at: formatMoment(e.at),
              role: t(`role_${e.actorRole}`),
              event: t(`event_${e.event}`),
            }),
          ),
        };
      }),
    );
  }
}

/** One placement on the status card. */
export interface StatusItem {
  heading: string;
  facts: { title: string; value: string }[];
  actions: CardActionData[];
  history: string[];
}

interface CardActionData {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

function waitingOn(round: CheckInRound, p: Placement, t: Translate): string {
  switch (round.state) {
    case 'open': {
      const open = (['student', 'trainer'] as const)
        .filter((r) => !round.parts[r].doneAt)
        .map((r) => markdownText(p[r].name));
      return open.join(', ');
    }
    case 'settling':
      return markdownText(p.trainer.name);
    case 'confirming':
      return markdownText(p.student.name);
    case 'submitted':
      return markdownText(p.supervisor.name);
    default:
      return t('status_nobody');
  }
}

// Teams refuses cards much over 28 KB. What someone typed is shown again so nothing is lost, unless
// it alone would make the card too large: then the notice says it was not put back.
const DRAFT_ON_CARD_MAX_BYTES = 12 * 1024;

function fitsOnCard(text: string): boolean {
  return Buffer.byteLength(JSON.stringify(text)) <= DRAFT_ON_CARD_MAX_BYTES;
}

function draftForCard(typed: { level?: string; note?: string; text?: string } | undefined): {
  draft: { level?: string; note?: string; text?: string } | undefined;
  dropped: boolean;
} {
  if (!typed) return { draft: undefined, dropped: false };
  const { note, text, ...rest } = typed;
  const keep = (value: string | undefined) => value !== undefined && fitsOnCard(value);
  return {
    draft: { ...rest, ...(keep(note) ? { note } : {}), ...(keep(text) ? { text } : {}) },
    dropped: (note !== undefined && !keep(note)) || (text !== undefined && !keep(text)),
  };
}

function withDroppedDraft(view: CheckInView): Notice {
  const text = view.t('notice_draft_not_shown');
  return { text: view.notice ? `${view.notice.text} ${text}` : text, style: 'warning' };
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function pickDefined(record: Record<string, string | undefined>): Record<string, never> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<
    string,
    never
  >;
}

/** Whether an answer equals what is already saved for that step (a repeated click). */
function sameAsSaved(
  round: CheckInRound,
  q: Qualification,
  role: PartRole,
  stepIndex: number,
  input: { level?: string; note?: string; text?: string },
): boolean {
  const step = checkInSteps(q)[stepIndex];
  const part = round.parts[role];
  if (!step) return false;
  if (step.kind === 'werkzaamheden')
    return (input.text?.trim() ?? '') === (part.texts[step.kerntaakCode] ?? '');
  const saved = part.answers[step.werkproces.code];
  return !!saved && saved.level === input.level?.trim() && (saved.note ?? '') === (input.note?.trim() ?? '');
}
