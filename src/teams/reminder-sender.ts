import { coordinatorOverviewCard } from '../chat/coordinator-views';
import { escalationCard, escalationRungOf } from '../chat/escalation-cards';
import { reminderCard } from '../chat/reminder-card';
import type { CoordinatorOverview, OverviewRules } from '../services/coordinator-overview';
import type { QualificationCatalog } from '../services/qualification-catalog';
import type { ReminderSender, ReminderToSend } from '../services/reminders';
import type { ProactiveChannel } from './proactive-channel';

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
