import { claimPreview, type ImportOutcome, importClaimed } from '../../services/office/placement-upload';
import type { AdaptiveCardJson } from '../cards';
import { uploadDeps } from '../office-upload';
import { importedCard, installOutcome, officeCard, tamperedCard } from '../office-views';
import { officeIdPayload } from '../payload-parts';
import { defineOfficeVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The BPV office imports the placements file its preview showed; the card shows the outcome. */
export const officeImport = defineOfficeVerb({
  name: Verb.officeImport,
  payload: officeIdPayload,
  async handle(turn, { id }, deps, background) {
    const claimed = await claimPreview(id, deps.upload);
    if (claimed.kind !== 'claimed') return { card: importAnswer(claimed, undefined) };
    // Writing thousands of rows takes longer than Teams waits for a card: the click is answered at
    // once, and the card is drawn anew with the outcome, then with the installs'.
    const { replyToId } = turn;
    const update = replyToId ? await deps.cardUpdater(turn.aadObjectId, replyToId) : async () => {};
    background.run(async () => {
      const outcome = await importClaimed(claimed.claim, turn.aadObjectId, uploadDeps(turn, deps));
      const install = deps.installApp;
      const installs = outcome.kind === 'imported' && outcome.summary.created + outcome.summary.updated > 0;
      await update(importAnswer(outcome, install && installs ? INSTALLING : undefined));
      if (outcome.kind !== 'imported') return;
      deps.logger.info(
        { event: 'placements_imported', created: outcome.summary.created },
        'placements imported',
      );
      if (install && installs) await update(importedCard(outcome.summary, installOutcome(await install())));
    }, deps.logger);
    return {
      card: officeCard('Wordt ingelezen…', [
        'De stages worden nu opgeslagen; deze kaart toont zo de uitkomst.',
      ]),
    };
  },
});

const INSTALLING =
  'De Teams-app wordt nu geïnstalleerd voor wie nog geen gesprek met de bot heeft; deze kaart toont zo de uitkomst.';

/** The card for an import's outcome (or why there was none). */
function importAnswer(outcome: ImportOutcome, installLine: string | undefined): AdaptiveCardJson {
  switch (outcome.kind) {
    case 'stale':
      return officeCard(
        'Dit voorbeeld is verouderd',
        [
          'Er is daarna een ander bestand gestuurd, de opgeslagen stages zijn veranderd, of het bestand is niet meer bewaard (na een verwijderverzoek). Er is niets ingelezen. Stuur het bestand opnieuw voor een nieuw voorbeeld.',
        ],
        { tone: 'warning' },
      );
    case 'busy':
      return officeCard('Wordt al ingelezen', ['Dit bestand wordt op dit moment ingelezen; even geduld.'], {
        tone: 'warning',
      });
    case 'unknown':
      return tamperedCard();
    case 'already':
      return outcome.summary ? importedCard(outcome.summary, undefined, true) : tamperedCard();
    case 'imported':
      return importedCard(outcome.summary, installLine);
  }
}
