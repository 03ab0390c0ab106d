import { issueDownloadLink } from '../services/download-links';
import type { AdaptiveCardJson, CardAction } from './cards';
import type { Payload } from './payloads';
import type { Reply } from './reply';
import type { RouteDeps, RouteScope } from './route-scope';
import { Verb } from './verbs';
import { messageCard, navigationActions, versionNotFoundCard } from './views';

/** The button that asks for a version's PDF, on the approved agreement, the summary and the version card. */
export function downloadAction(
  t: RouteScope['t'],
  at: { placementId: string; round: number; version: number },
): CardAction {
  return {
    title: t('action_download_pdf'),
    verb: Verb.download,
    data: { p: at.placementId, r: at.round, v: at.version },
  };
}

/**
 * A one-time link to the PDF of a stored version, on a card in the asker's own chat: Teams opens
 * it in the browser, where the bot serves the file once, within minutes. Anyone else is refused
 * before a link exists.
 */
export async function downloadRoute(
  scope: RouteScope,
  data: Payload<'download'>,
  deps: RouteDeps,
): Promise<Reply> {
  const { t } = scope;
  const at = { placementId: data.p, round: data.r, version: data.v };
  const link = await issueDownloadLink({ ...deps.downloads, rounds: deps.rounds }, scope, at);
  if (!link) {
    return { card: versionNotFoundCard(t) };
  }
  const card: AdaptiveCardJson = messageCard(
    t('download_ready_title'),
    [
      t('download_ready_text', {
        version: data.v,
        round: `${t('fact_round').toLowerCase()} ${data.r}`,
        until: t.format.dateTime(link.expiresAt),
      }),
    ],
    [
      { title: t('action_version', { version: data.v }), verb: Verb.version, data: { ...data } },
      ...navigationActions(t, ['status']),
    ],
    'good',
  );
  const actions = Array.isArray(card.actions) ? card.actions : [];
  return {
    card: {
      ...card,
      actions: [{ type: 'Action.OpenUrl', title: t('action_open_pdf'), url: link.url }, ...actions],
    },
  };
}
