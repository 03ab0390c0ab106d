import { CardFactory, type CloudAdapter, type ConversationReference, MessageFactory } from 'botbuilder';
import { missingAnswers } from '../domain/check-in';
import { allWerkprocessen } from '../domain/qualification';
import { markdownParams } from '../domain/text';
import { type Translate, translator } from '../i18n';
import type { QualificationCatalog } from '../qualifications/catalog';
import { SendError } from '../scheduler/rate-limiter';
import type { ReminderSender, ReminderToSend } from '../scheduler/reminder-worker';
import type { ConversationRepository } from '../storage/conversation-repository';
import type { AdaptiveCardJson, CardAction } from './cards';
import { Verb } from './verbs';
import { messageCard } from './views';

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
  qualifications: QualificationCatalog,
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
  const q = qualifications.require(placement.qualificationId);
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

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } }).response
    ?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Sends reminder cards through the Bot Framework connector, reporting Teams' answer as a {@link SendError}. */
export class BotReminderSender implements ReminderSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly qualifications: QualificationCatalog,
    /** The `TIME_ZONE` setting: reminders show their dates in it. */
    private readonly timeZone: string,
  ) {}

  async send(recipient: string, reminders: readonly ReminderToSend[]): Promise<void> {
    const stored = await this.conversations.get(recipient);
    if (!stored?.active) throw new SendError(403);
    const reference = stored.reference as Partial<ConversationReference>;
    const t = translator(reference.locale, this.timeZone);
    const card = reminderCard(t, reminders, this.qualifications);
    // The adapter hands errors inside the callback to its turn-error handler, which logs and
    // swallows them; keep the failure here to report Teams' answer.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        try {
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) {
      const status = (failure as { statusCode?: number }).statusCode;
      throw new SendError(typeof status === 'number' ? status : undefined, retryAfterMs(failure));
    }
  }
}
