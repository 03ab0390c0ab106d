import type { Translate } from '../i18n';
import type { Logger } from '../logger';
import { ConcurrentUpdateError, NotYoursError, StorageUnavailableError } from '../services/errors';
import { RoundNotFoundError } from '../services/rounds';
import type { AdaptiveCardJson } from './cards';
import { errorCard, messageCard, navigationActions, storageDownCard } from './views';

/** A failed turn as a card the person can act on, logged without personal data. */
export function failureCard(log: Logger, t: Translate, error: unknown): AdaptiveCardJson {
  if (error instanceof StorageUnavailableError) {
    log.error({ err: error.cause, event: 'storage_unavailable' }, 'storage unavailable');
    return storageDownCard(t);
  }
  if (error instanceof NotYoursError) {
    log.warn({ event: 'not_yours', role: error.role }, 'card action for someone else’s placement refused');
    return error.role === 'supervisor'
      ? messageCard(
          t('not_supervisor_title'),
          [t('not_supervisor_text')],
          navigationActions(t, ['status']),
          'warning',
        )
      : messageCard(t('not_yours_title'), [t('not_yours_text')], navigationActions(t, ['start']), 'warning');
  }
  if (error instanceof ConcurrentUpdateError || error instanceof RoundNotFoundError) {
    log.warn({ event: error.name }, 'card action could not be applied');
    return errorCard(t);
  }
  log.error({ err: error }, 'turn failed');
  return errorCard(t);
}
