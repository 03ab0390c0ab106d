import type { Qualification } from '../domain/qualification';
import { markdownParams, markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import type { IdentifiedUser, Membership } from '../services/identify-user';
import type { QualificationCatalog } from '../services/qualification-catalog';
import { type AdaptiveCardJson, type CardAction, renderCard } from './cards';
import { scaleHelp } from './rating-scale-view';
import { Verb } from './verbs';

/** The standard buttons under an informational card. */
export function navigationActions(t: Translate, include: ('start' | 'status' | 'help')[]): CardAction[] {
  const titles = { start: t('action_start'), status: t('action_status'), help: t('action_help') };
  return include.map((verb) => ({ title: titles[verb], verb: Verb[verb], data: {} }));
}

/** A short card: a title, some paragraphs, optional buttons. */
export function messageCard(
  title: string,
  paragraphs: string[],
  actions: CardAction[] = [],
  tone: 'default' | 'warning' | 'good' = 'default',
): AdaptiveCardJson {
  return renderCard('message', { title, paragraphs, actions, tone });
}

/** The greeting for someone with one or more roles; names come from the placement, not from Teams. */
export async function welcomeCard(
  t: Translate,
  memberships: readonly Membership[],
  qualifications: QualificationCatalog,
): Promise<AdaptiveCardJson> {
  const first = memberships[0];
  const onlySupervisor = memberships.length > 0 && memberships.every((m) => m.role === 'supervisor');
  const name = first?.placement[first.role].name.split(' ')[0] ?? '';
  const titles = await Promise.all(
    memberships.map(async ({ placement }) => (await qualifications.forPlacement(placement)).title),
  );
  const roles = memberships.map(({ placement, role }, i) => {
    const params = {
      ...markdownParams({
        company: placement.company,
        student: placement.student.name,
        trainer: placement.trainer.name,
        supervisor: placement.supervisor.name,
      }),
      qualification: titles[i] ?? placement.qualificationId,
      period: t('period', {
        start: t.format.calendarDate(placement.startDate),
        end: t.format.calendarDate(placement.endDate),
      }),
    };
    const key =
      role === 'student' ? 'welcome_student' : role === 'trainer' ? 'welcome_trainer' : 'welcome_supervisor';
    return { heading: t('welcome_as_role', { role: t(`role_${role}`) }), text: t(key, params) };
  });
  return renderCard('welcome', {
    title: t('welcome_title', { name: markdownText(name) }),
    intro: t('welcome_intro'),
    roles,
    // A supervisor fills nothing in: no `start` for her, but where things stand.
    next: onlySupervisor ? t('welcome_next_supervisor') : t('welcome_next'),
    actions: navigationActions(t, onlySupervisor ? ['status', 'help'] : ['start', 'help']),
  });
}

export function notRegisteredCard(t: Translate, lookedUp: boolean): AdaptiveCardJson {
  return messageCard(
    t('not_registered_title'),
    [lookedUp ? t('not_registered_text') : t('not_registered_no_email')],
    navigationActions(t, ['help']),
    'warning',
  );
}

/**
 * For someone with no role to act in: their address matched roles bound to another account
 * (nothing of those is shown), or it matched nothing at all.
 */
export function noRolesCard(t: Translate, user: IdentifiedUser): AdaptiveCardJson {
  if (user.refused.length === 0) return notRegisteredCard(t, user.lookedUp);
  return messageCard(
    t('already_linked_title'),
    [t('already_linked_text')],
    navigationActions(t, ['help']),
    'warning',
  );
}

/**
 * How it works, with the levels of the person's qualifications (all known ones for someone without
 * a placement): one paragraph per scale, named after its qualifications where scales differ.
 */
export async function helpCard(
  t: Translate,
  qualifications: QualificationCatalog,
  memberships: readonly Membership[] = [],
): Promise<AdaptiveCardJson> {
  const shown =
    memberships.length > 0
      ? await Promise.all(memberships.map((m) => qualifications.forPlacement(m.placement)))
      : await Promise.all((await qualifications.ids()).map((id) => qualifications.get(id)));
  const byScale = new Map<string, string[]>();
  const seen = new Set<Qualification>();
  for (const q of shown) {
    if (!q || seen.has(q)) continue;
    seen.add(q);
    const text = scaleHelp(t, q);
    byScale.set(text, [...(byScale.get(text) ?? []), q.title]);
  }
  const scales = [...byScale];
  return renderCard('help', {
    title: t('help_title'),
    intro: t('help_intro'),
    levels:
      scales.length === 1
        ? (scales[0]?.[0] ?? '')
        : scales.map(([text, titles]) => `**${titles.join(', ')}**: ${text}`).join('\n\n'),
    commandsTitle: t('help_commands_title'),
    commands: [
      { name: 'start', text: t('help_cmd_start') },
      { name: 'status', text: t('help_cmd_status') },
      { name: t('help_cmd_overview_name'), text: t('help_cmd_overview') },
      { name: 'help / hulp', text: t('help_cmd_help') },
    ],
    actions: navigationActions(t, ['start', 'status']),
  });
}

export function unknownCommandCard(t: Translate): AdaptiveCardJson {
  return messageCard(
    t('unknown_title'),
    [t('unknown_text')],
    navigationActions(t, ['start', 'status', 'help']),
  );
}

export function storageDownCard(t: Translate): AdaptiveCardJson {
  return messageCard(
    t('storage_down_title'),
    [t('storage_down_text')],
    navigationActions(t, ['start']),
    'warning',
  );
}

export function errorCard(t: Translate): AdaptiveCardJson {
  return messageCard(t('error_title'), [t('error_text')], navigationActions(t, ['start', 'help']), 'warning');
}

/** A version button whose version is not stored (tampered, or from another environment). */
export function versionNotFoundCard(t: Translate): AdaptiveCardJson {
  return messageCard(
    t('version_not_found_title'),
    [t('version_not_found_text')],
    navigationActions(t, ['status']),
    'warning',
  );
}
