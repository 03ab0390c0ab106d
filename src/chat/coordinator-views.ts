import { DEFAULT_ESCALATION_WORKING_DAYS, honestRung, type StalledItem } from '../domain/escalation';
import { markdownParams, markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import type { CoordinatorOverview, OverviewRules } from '../services/coordinator-overview';
import { type AdaptiveCardJson, renderCard } from './cards';
import { whatIsOpen } from './escalation-cards';
import { messageCard, navigationActions } from './views';

/**
 * The most items one overview card lists: Teams refuses cards over about 80 KB, and a long list
 * is read no further anyway. What is left out is counted at the end ("en 12 meer").
 */
export const MAX_OVERVIEW_ITEMS = 60;

/**
 * Who is behind, per supervisor, oldest first: names, placement, what is open, for how many working
 * days and how far up it has climbed. The coordinator's `overzicht` and their weekly digest.
 */
export function coordinatorOverviewCard(
  t: Translate,
  overview: CoordinatorOverview,
  rules: Pick<OverviewRules, 'escalationWorkingDays'>,
  kind: 'overview' | 'digest',
): AdaptiveCardJson {
  const threshold = (rules.escalationWorkingDays ?? DEFAULT_ESCALATION_WORKING_DAYS)[0];
  const title = t(kind === 'digest' ? 'coordinator_digest_title' : 'coordinator_overview_title');
  if (overview.stalled === 0) {
    return messageCard(
      title,
      [t('coordinator_overview_none', { threshold, placements: overview.placements })],
      [],
      'good',
    );
  }
  let room = MAX_OVERVIEW_ITEMS;
  const items = [];
  for (const group of overview.groups) {
    if (room <= 0) break;
    const shown = group.items.slice(0, room);
    room -= shown.length;
    items.push({
      heading: t('coordinator_group_heading', {
        supervisor: markdownText(group.supervisor),
        count: group.items.length,
      }),
      facts: shown.map((item) => ({
        title: t(
          'coordinator_item_title',
          markdownParams({ student: item.placement.student.name, company: item.placement.company }),
        ),
        value: t('coordinator_item_value', {
          what: whatIsOpen(t, item.kind, item.role),
          role: t(`role_${item.role}`),
          days: item.workingDays,
          rung: rungLabel(t, item),
        }),
      })),
      actions: [],
      versions: [],
      history: [],
    });
  }
  const left = overview.stalled - (MAX_OVERVIEW_ITEMS - Math.max(room, 0));
  const footer = [
    ...(left > 0 ? [t('coordinator_overview_more', { count: left })] : []),
    t('coordinator_overview_footer', {
      stalled: overview.stalled,
      threshold,
      placements: overview.placements,
    }),
  ].join(' · ');
  return renderCard('status', { title, items, footer, actions: [] });
}

/** "herinnerd", "andere partij gevraagd" … or, when nobody could be told, who cannot be reached and why. */
function rungLabel(t: Translate, item: StalledItem): string {
  const honest = honestRung(item);
  if ('unreachable' in honest) return `${t(`role_${item.role}`)} ${t(`reach_${honest.unreachable}`)}`;
  if ('rungUnreachable' in honest) return t(`rung_${honest.rungUnreachable}_unreachable`);
  return t(`rung_${honest.rung}`);
}

/** The greeting for a coordinator. */
export function coordinatorWelcomeCard(t: Translate, placements: number): AdaptiveCardJson {
  return messageCard(
    t('coordinator_welcome_title'),
    [t('coordinator_welcome_text', { count: placements })],
    navigationActions(t, ['help']),
  );
}

/** `overzicht` from someone who is not a coordinator and supervises no one. */
export function coordinatorOnlyCard(t: Translate): AdaptiveCardJson {
  return messageCard(
    t('coordinator_only_title'),
    [t('coordinator_only_text')],
    navigationActions(t, ['status', 'help']),
  );
}
