import type { AdaptiveCardJson } from './cards';
import { exportFormCard, OVERVIEW_ACTION, officeCard } from './office-views';
import { Verb } from './verbs';

/** The export's card while it is made: how many agreements, and how many PDFs are done. */
export function exportProgressCard(made: number, total: number, pdfs: boolean): AdaptiveCardJson {
  const what = total === 1 ? 'afsprakenlijst' : 'afsprakenlijsten';
  return officeCard(`Export wordt klaargemaakt (${made} van ${total})`, [
    pdfs ? `PDF's maken: ${made} van ${total} ${what}…` : `De CSV met ${total} ${what} wordt gemaakt…`,
    'Deze kaart toont de downloadlink zodra de export klaar is.',
  ]);
}

/** The export's card once its zip is made: the one-time link. */
export function exportReadyCard(
  request: { formats: readonly ('pdf' | 'csv')[] },
  total: number,
  link: { url: string; expiresAt: Date },
  now: Date,
): AdaptiveCardJson {
  const files = request.formats.map((f) => f.toUpperCase()).join(' en ');
  const minutes = Math.round((link.expiresAt.getTime() - now.getTime()) / 60_000);
  return officeCard(
    'Export klaar',
    [
      `De zip met ${files} van ${total} ${total === 1 ? 'afsprakenlijst' : 'afsprakenlijsten'} staat klaar. De link werkt één keer en ${minutes} minuten.`,
    ],
    {
      tone: 'good',
      url: {
        title: request.formats.length === 2 ? "PDF's en CSV downloaden" : `${files} downloaden`,
        href: link.url,
      },
      actions: [OVERVIEW_ACTION],
    },
  );
}

/** An export of a period without approved agreements: nothing to make; the form for another period. */
export function exportEmptyCard(): AdaptiveCardJson {
  return exportFormCard(
    'Er zijn geen goedgekeurde afsprakenlijsten in deze periode. Er is niets geëxporteerd; kies een andere periode.',
  );
}

/** A second click while an export is made. */
export function exportBusyCard(): AdaptiveCardJson {
  return officeCard(
    'Export wordt al gemaakt',
    ['Er wordt al een export voor u klaargemaakt; de kaart daarvan toont zo de downloadlink.'],
    { tone: 'warning' },
  );
}

/** An export that could not be made: nothing to download, and the same export once more. */
export function exportFailedCard(request: {
  since?: string;
  until?: string;
  formats: readonly ('pdf' | 'csv')[];
}): AdaptiveCardJson {
  return officeCard(
    'Export mislukt',
    ['De export kon niet worden gemaakt. Er is geen bestand klaargezet. Probeer het opnieuw.'],
    {
      tone: 'warning',
      actions: [
        {
          title: 'Opnieuw proberen',
          verb: Verb.officeExport,
          data: {
            since: request.since ?? '',
            until: request.until ?? '',
            formats: request.formats.join(','),
          },
        },
      ],
    },
  );
}
