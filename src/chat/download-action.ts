import type { Translate } from '../i18n';
import type { CardAction } from './cards';
import { Verb } from './verbs';

/**
 * The button that asks for a version's PDF, on the approved agreement and the summary (`list`) and
 * on the version card (`version`): the card it is on comes back with the link beside it.
 */
export function downloadAction(
  t: Translate,
  at: { placementId: string; round: number; version: number },
  from: 'list' | 'version' = 'list',
): CardAction {
  return {
    title: t('action_download_pdf'),
    verb: Verb.download,
    data: { p: at.placementId, r: at.round, v: at.version, from },
  };
}
