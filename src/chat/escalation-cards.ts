import { type EscalationRung, type LadderHistory, type Reach, rungOfKey } from '../domain/escalation';
import type { Placement, Role } from '../domain/placement';
import { markdownParams, markdownText } from '../domain/text';
import type { MessageKey, Translate } from '../i18n';
import type { ReminderToSend } from '../services/reminders';
import type { AdaptiveCardJson } from './cards';
import { messageCard, navigationActions } from './views';

/** The rung a batch of reminders is on; undefined for the person's own reminders. */
export function escalationRungOf(reminders: readonly ReminderToSend[]): EscalationRung | undefined {
  const rung = reminders[0] ? rungOfKey(reminders[0].entry.key) : 'person';
  return rung === 'person' ? undefined : rung;
}

/** "eigen deel nog niet afgerond": what the item waits for, in a few words. */
export function whatIsOpen(t: Translate, kind: string, role: string): string {
  if (kind === 'agreement_waiting')
    return t(
      role === 'trainer'
        ? 'escalate_what_agreement_waiting_trainer'
        : 'escalate_what_agreement_waiting_student',
    );
  const key = `escalate_what_${kind}` as MessageKey;
  return t(key);
}

function paramsOf(r: ReminderToSend) {
  return {
    ...markdownParams({
      student: r.placement.student.name,
      trainer: r.placement.trainer.name,
      supervisor: r.placement.supervisor.name,
      company: r.placement.company,
    }),
    days: r.workingDays ?? 0,
  };
}

/** For the other party: "Sanne heeft het eigen deel … nog niet afgerond. Wil je Sanne er even aan herinneren?" */
function otherPartyText(t: Translate, r: ReminderToSend): string {
  const params = paramsOf(r);
  if (r.entry.kind === 'agreement_waiting')
    return t(r.entry.role === 'trainer' ? 'escalate_other_settle' : 'escalate_other_confirm', params);
  return t(
    r.entry.role === 'trainer' ? 'escalate_other_part_trainer' : 'escalate_other_part_student',
    params,
  );
}

/** What was done about an item and who cannot be reached, as it happened: "Sanne kreeg 2 herinneringen." */
export function historyText(t: Translate, placement: Placement, history: LadderHistory): string {
  const name = (role: Role) => markdownText(placement[role].name);
  const unreachable = (role: Role, reach: Reach) =>
    reach === 'reachable' ? undefined : t(`escalate_history_${reach}`, { name: name(role) });
  const { person, otherParty, supervisor } = history;
  const parts = [
    unreachable(person.role, person.reach) ??
      (person.reminded === 0
        ? t('escalate_history_not_reminded', { name: name(person.role) })
        : person.reminded === 1
          ? t('escalate_history_reminded_one', { name: name(person.role) })
          : t('escalate_history_reminded', { name: name(person.role), count: person.reminded })),
  ];
  if (otherParty) {
    const about = { name: name(otherParty.role), person: name(person.role) };
    parts.push(
      otherParty.asked
        ? t('escalate_history_asked', about)
        : (unreachable(otherParty.role, otherParty.reach) ?? t('escalate_history_not_asked', about)),
    );
  }
  if (supervisor && supervisor !== 'reachable') {
    parts.push(t('escalate_history_supervisor_unreachable', { name: name('supervisor') }));
  }
  return parts.join(' ');
}

/** One line for the supervisor or the coordinator about one stalled item, with what happened to it. */
function stalledLine(t: Translate, r: ReminderToSend, rung: 'supervisor' | 'coordinator'): string {
  const line = t(rung === 'supervisor' ? 'escalate_supervisor_line' : 'escalate_coordinator_line', {
    ...paramsOf(r),
    role: t(`role_${r.entry.role}`),
    what: whatIsOpen(t, r.entry.kind, r.entry.role),
  });
  return r.history ? `${line} ${historyText(t, r.placement, r.history)}` : line;
}

/**
 * The card for someone told about another person's open item, written for their rung: the other
 * party is asked to give a nudge, the supervisor hears what has stalled and where, the
 * coordinator gets the items for their overview. No snooze: the item is not theirs to put off.
 */
export function escalationCard(
  t: Translate,
  rung: EscalationRung,
  reminders: readonly ReminderToSend[],
): AdaptiveCardJson {
  if (rung === 'other_party') {
    return messageCard(
      t('escalate_other_title'),
      reminders.map((r) => otherPartyText(t, r)),
      navigationActions(t, ['status']),
    );
  }
  const lines = reminders.map((r) => stalledLine(t, r, rung));
  const [title, hint] =
    rung === 'supervisor'
      ? (['escalate_supervisor_title', 'escalate_supervisor_hint'] as const)
      : (['escalate_coordinator_title', 'escalate_coordinator_hint'] as const);
  return messageCard(
    reminders.length === 1 ? t(`${title}_one`) : t(title, { count: reminders.length }),
    [...lines, t(hint)],
    rung === 'supervisor' ? navigationActions(t, ['status']) : [],
    'warning',
  );
}
