import type { AdaptiveCardJson, CardAction } from '../chat/cards';
import { coordinatorOverviewCard } from '../chat/coordinator-views';
import { escalationCard, escalationRungOf } from '../chat/escalation-cards';
import { Verb } from '../chat/verbs';
import { messageCard } from '../chat/views';
import { missingAnswers } from '../domain/check-in';
import { allWerkprocessen } from '../domain/qualification';
import { markdownParams } from '../domain/text';
import type { Translate } from '../i18n';
import type { CoordinatorOverview, OverviewRules } from '../services/coordinator-overview';
import type { QualificationCatalog } from '../services/qualification-catalog';
import type { ReminderSender, ReminderToSend } from '../services/reminders';
import type { ProactiveChannel } from './proactive-channel';

function snoozeAction(t: Translate, reminders: readonly ReminderToSend[]): CardAction {
  return {
    title: t('action_snooze'),
    verb: Verb.snooze,
    data: { items: reminders.map((r) => ({ p: r.placement.id, item: r.entry.itemKey })) },
  };
}

/** The reminder card: what is waiting, and a button that continues exactly there. */
export function reminderCard(
  t: Translate,
  reminders: readonly ReminderToSend[],
  qualifications: Pick<QualificationCatalog, 'loaded'>,
): AdaptiveCardJson {
  const [first] = reminders;
  if (!first) throw new Error('a reminder card needs at least one reminder');
  const { entry, placement, round } = first;
  const roundName = t(`round_${round.kind}`);
  if (entry.kind === 'approval_pending') {
    return messageCard(
      t('reminder_digest_title', { count: reminders.length }),
      reminders.map((r) =>
        t('reminder_digest_line', {
          ...markdownParams({ student: r.placement.student.name, company: r.placement.company }),
          round: t(`round_${r.round.kind}`),
          since: t.format.dateTime(r.round.stateSince),
        }),
      ),
      [
        ...reminders.slice(0, 5).map((r) => ({
          title: t('action_review', { student: r.placement.student.name }),
          verb: Verb.review,
          data: { p: r.placement.id },
        })),
        snoozeAction(t, reminders),
      ],
    );
  }
  const resume: CardAction = {
    title: t('action_resume'),
    verb: Verb.open,
    data: { p: placement.id, role: entry.role },
    style: 'positive',
  };
  const params = {
    round: roundName.toLowerCase(),
    ...markdownParams({
      company: placement.company,
      student: placement.student.name,
      trainer: placement.trainer.name,
    }),
  };
  if (entry.kind === 'agreement_waiting') {
    const key = entry.role === 'trainer' ? 'settle' : 'confirm';
    return messageCard(
      t(`reminder_${key}_title`),
      [t(`reminder_${key}_text`, params)],
      [resume, snoozeAction(t, reminders)],
    );
  }
  if (entry.kind === 'round_due') {
    return messageCard(
      t('reminder_round_title', params),
      [t('reminder_round_text', params)],
      [resume, snoozeAction(t, reminders)],
    );
  }
  const q = qualifications.loaded(placement);
  const part = round.parts[entry.role === 'trainer' ? 'trainer' : 'student'];
  const total = allWerkprocessen(q).length;
  return messageCard(
    t('reminder_part_title'),
    [
      t('reminder_part_text', {
        ...params,
        round: roundName,
        answered: total - missingAnswers(part, q).length,
        total,
      }),
    ],
    [resume, snoozeAction(t, reminders)],
  );
}

/** Sends reminder cards through the {@link ProactiveChannel}, reporting Teams' answer as a {@link SendError}. */
export class BotReminderSender implements ReminderSender {
  constructor(
    private readonly channel: ProactiveChannel,
    private readonly qualifications: QualificationCatalog,
    /** The ladder's settings, for the rungs shown in a coordinator's digest. */
    private readonly ladder: Pick<OverviewRules, 'escalationWorkingDays'> = {},
  ) {}

  async send(recipient: string, reminders: readonly ReminderToSend[]): Promise<void> {
    // The worker has taken the slot within the limits and retries on its own.
    const rung = escalationRungOf(reminders);
    // The card is drawn synchronously: read the placements' qualification versions first.
    await Promise.all(reminders.map((r) => this.qualifications.forPlacement(r.placement)));
    await this.channel.attempt(recipient, {
      kind: 'send',
      card: (t) =>
        rung ? escalationCard(t, rung, reminders) : reminderCard(t, reminders, this.qualifications),
    });
  }

  /** A coordinator's weekly digest: the same content as their `overzicht`. */
  async sendDigest(recipient: string, overview: CoordinatorOverview): Promise<void> {
    await this.channel.attempt(recipient, {
      kind: 'send',
      card: (t) => coordinatorOverviewCard(t, overview, this.ladder, 'digest'),
    });
  }
}
