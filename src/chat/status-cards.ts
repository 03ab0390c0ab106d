import type { AuditEvent } from '../domain/audit';
import type { Placement, Role } from '../domain/placement';
import { markdownParams, markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import { type PlacementStatus, placementStatus } from '../services/check-in/placement-status';
import type { AdaptiveCardJson, CardAction } from './cards';
import { renderCard } from './cards';
import type { RouteDeps, RouteScope } from './route-scope';
import { Verb } from './verbs';
import { versionStatus } from './version-views';
import { navigationActions } from './views';

/** One placement on the status card. */
interface StatusItem {
  heading: string;
  facts: { title: string; value: string }[];
  actions: CardAction[];
  /** A button per submitted version of the latest round, opening it read-only. */
  versions: CardAction[];
  history: string[];
}

const personName = (placement: Placement, role: Role) => markdownText(placement[role].name);

/** The supervisor's line per person the Teams app could not be installed for. */
function installFacts(t: Translate, status: PlacementStatus): { title: string; value: string }[] {
  return status.installFailures.map(({ role, reason }) => ({
    title: t('status_install_failed'),
    value: t('status_install_failed_value', {
      role: t(`role_${role}`),
      reason: t(`install_reason_${reason}`),
    }),
  }));
}

/** Per placement: the round, its state, who is to act and since when, progress and the last steps. */
function statusItem(t: Translate, status: PlacementStatus): StatusItem {
  const { placement: p, role, latest } = status;
  const heading = `${t('status_heading', markdownParams({ student: p.student.name, company: p.company }))} (${t(`role_${role}`)})`;
  if (!latest || !status.progress) {
    return {
      heading,
      facts: [{ title: t('status_state'), value: t('status_no_round') }, ...installFacts(t, status)],
      actions: [],
      versions: [],
      history: [],
    };
  }
  const progress = (['student', 'trainer'] as const).map((part) => {
    const { answered, total, done } = status.progress?.[part] ?? { answered: 0, total: 0, done: false };
    return t('status_part_progress', {
      role: t(`role_${part}`),
      answered,
      total,
      done: done ? t('status_part_done') : '',
    });
  });
  const versions = versionStatus(t, status.versions);
  const unreachable = status.unreachable.map((part) => `${personName(p, part)} (${t(`role_${part}`)})`);
  return {
    heading,
    facts: [
      // Escaped, or "1. Startgesprek" reads as a numbered list.
      { title: t('status_round'), value: markdownText(`${latest.number}. ${t(`round_${latest.kind}`)}`) },
      { title: t('status_state'), value: t(`state_${latest.state}`) },
      {
        title: t('status_waiting_on'),
        value:
          status.waitingOn.length > 0
            ? status.waitingOn.map((r) => personName(p, r)).join(', ')
            : t('status_nobody'),
      },
      { title: t('status_since'), value: t.format.dateTime(latest.stateSince) },
      ...(latest.state === 'open' ? [{ title: '', value: progress.join('; ') }] : []),
      ...(unreachable.length > 0
        ? [
            {
              title: t('status_unreachable'),
              value: t('status_unreachable_value', { names: unreachable.join(', ') }),
            },
          ]
        : []),
      ...installFacts(t, status),
      ...versions.facts,
    ],
    versions: versions.actions,
    actions: status.awaitsReview
      ? [{ title: t('action_review', { student: p.student.name }), verb: Verb.review, data: { p: p.id } }]
      : [],
    history: historyLines(t, status.trail),
  };
}

/**
 * `status`: where each of the actor's placements stands. For someone with nothing to fill in (a
 * supervisor), `footer` says so and there is no start button.
 */
export async function statusCard(
  scope: RouteScope,
  deps: RouteDeps,
  footer: string | null = null,
): Promise<AdaptiveCardJson> {
  const statuses = await placementStatus(deps, scope.memberships);
  const fillsIn = scope.memberships.some((m) => m.role !== 'supervisor');
  return renderCard('status', {
    title: scope.t('status_title'),
    items: statuses.map((s) => statusItem(scope.t, s)),
    footer,
    actions: navigationActions(scope.t, fillsIn ? ['start', 'help'] : ['help']),
  });
}

/** A supervisor's caseload: every placement they supervise, and how many approvals wait on them. */
export async function caseloadCard(scope: RouteScope, deps: RouteDeps): Promise<AdaptiveCardJson> {
  const supervised = scope.memberships.filter((m) => m.role === 'supervisor');
  if (supervised.length === 0) return statusCard(scope, deps);
  // A caseload can be long: the versions of each list are on the status card.
  const statuses = await placementStatus(deps, supervised, { versions: false });
  return renderCard('status', {
    title: scope.t('overview_caseload_title'),
    items: statuses.map((s) => statusItem(scope.t, s)),
    footer: scope.t('overview_pending', { count: statuses.filter((s) => s.awaitsReview).length }),
    actions: navigationActions(scope.t, ['status', 'help']),
  });
}

/**
 * The audit trail as lines, oldest first. The student's "akkoord" submits the list in the same
 * step: one line says both, with the version it became.
 */
function historyLines(t: Translate, trail: readonly AuditEvent[]): string[] {
  const lines: string[] = [];
  trail.forEach((e, i) => {
    const next = trail[i + 1];
    if (e.event === 'submitted' && trail[i - 1]?.event === 'confirmed' && trail[i - 1]?.at === e.at) return;
    const merged = e.event === 'confirmed' && next?.event === 'submitted' && next.at === e.at;
    lines.push(
      t('history_line', {
        at: t.format.dateTime(e.at),
        role: t(`role_${e.actorRole}`),
        event: merged
          ? t('event_confirmed_submitted', { version: String(next.detail?.version ?? '') })
          : t(`event_${e.event}`),
      }),
    );
  });
  return lines;
}
