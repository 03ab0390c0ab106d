import { issueDownloadLink, withPageLanguage } from '../services/download-links';
import type { AdaptiveCardJson } from './cards';
import type { Payload } from './payloads';
import { refreshRoute } from './refresh-route';
import type { Reply } from './reply';
import type { RouteDeps, RouteScope } from './route-scope';
import { Verb } from './verbs';
import { versionRoute } from './version-route';
import { versionNotFoundCard } from './views';

/**
 * A link to the PDF of a stored version, beside the button on the card that asked for it: the
 * approved list or summary stays what it is. Teams opens the link in the browser, where the bot
 * serves the file once, within the link's lifetime. Anyone else is refused before a link exists.
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
  const shown =
    data.from === 'version'
      ? await versionRoute(scope, { p: data.p, r: data.r, v: data.v }, deps)
      : await refreshRoute(scope, { p: data.p, r: data.r, shape: 'list' }, deps);
  const url = withPageLanguage(link.url, t.language);
  const notice = t('download_ready_notice', { version: data.v, until: t.format.dateTime(link.expiresAt) });
  return { ...shown, card: withPdfLink(shown.card, t('action_open_pdf'), url, notice) };
}

/** `card` with "PDF openen" right after its download button, and a line saying so above the buttons. */
function withPdfLink(card: AdaptiveCardJson, title: string, url: string, notice: string): AdaptiveCardJson {
  const open = { type: 'Action.OpenUrl', title, url };
  let placed = false;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.flatMap((item) => {
        const mapped = walk(item);
        const isDownload =
          !!item && typeof item === 'object' && (item as { verb?: unknown }).verb === Verb.download;
        if (isDownload && !placed) {
          placed = true;
          return [mapped, open];
        }
        return [mapped];
      });
    }
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [key, key === 'refresh' ? value : walk(value)]),
      );
    }
    return node;
  };
  // No automatic refresh: it would draw the card again without the link.
  const { refresh: _refresh, ...rest } = card;
  const drawn = walk(rest) as AdaptiveCardJson;
  const body = Array.isArray(drawn.body) ? drawn.body : [];
  const line = {
    type: 'Container',
    style: 'good',
    spacing: 'Medium',
    items: [{ type: 'TextBlock', text: notice, wrap: true }],
  };
  return {
    ...drawn,
    body: [...body, line],
    ...(placed ? {} : { actions: [open, ...(Array.isArray(drawn.actions) ? drawn.actions : [])] }),
  };
}
