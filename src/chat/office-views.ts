import type { Role } from '../domain/placement';
import { markdownText } from '../domain/text';
import type { InstallReport } from '../services/install-app';
import type { ConfirmOutcome } from '../services/office/office-actions';
import type { ImportedSummary, PreviewSummary } from '../services/office/placement-upload';
import { type AdaptiveCardJson, type CardAction, renderCard } from './cards';
import { Verb } from './verbs';

export function officeCard(
  title: string,
  paragraphs: string[],
  options: {
    tone?: 'default' | 'warning' | 'good';
    facts?: { title: string; value: string }[];
    lines?: string[];
    actions?: CardAction[];
    url?: { title: string; href: string };
    exportForm?: boolean;
  } = {},
): AdaptiveCardJson {
  return renderCard('office', {
    title,
    tone: options.tone ?? 'default',
    paragraphs,
    facts: options.facts ?? [],
    lines: options.lines ?? [],
    exportForm: options.exportForm ?? false,
    since: '',
    url: options.url?.href ?? '',
    urlTitle: options.url?.title ?? '',
    actions: options.actions ?? [],
  });
}

export const OVERVIEW_ACTION: CardAction = { title: 'Overzicht', verb: Verb.officeOverview, data: {} };

/** The answer to someone outside the office who tries what only the office does. */
export function notOfficeCard(configured: boolean): AdaptiveCardJson {
  return officeCard(
    'Alleen voor het BPV-bureau',
    [
      'Stages inlezen, exporteren, iemand verwijderen of opnieuw koppelen kan alleen het BPV-bureau van de school. Er is niets gedaan.',
      configured
        ? 'Hoort u bij het BPV-bureau? Vraag de beheerder van de app u toe te voegen.'
        : 'De school heeft nog niemand als BPV-bureau ingesteld (BPV_OFFICE_USERS of BPV_OFFICE_GROUP_ID).',
    ],
    { tone: 'warning' },
  );
}

/** The office's welcome and help: what it can do here. */
export function officeHelpCard(): AdaptiveCardJson {
  return officeCard(
    'BPV-bureau',
    [
      'Wat u hier kunt doen:',
      '- **Stages inlezen**: stuur het CSV-bestand uit het studentvolgsysteem als bijlage in deze chat. U krijgt eerst een voorbeeld; pas na **Importeren** wordt er iets opgeslagen.\n- **overzicht**: alle stages van deze periode per stand, met een CSV-download.\n- **exporteren**: de goedgekeurde afsprakenlijsten als zip (PDF en CSV).\n- **verwijderen** *e-mailadres*: alle gegevens van iemand verwijderen (AVG), na bevestiging.\n- **koppelen** *e-mailadres*: iemand met een nieuw Teams-account opnieuw koppelen, na bevestiging.',
    ],
    { actions: [OVERVIEW_ACTION, { title: 'Exporteren', verb: Verb.officeExport, data: { form: true } }] },
  );
}

export const SHOWN_ROWS = 20;
const SHOWN_PEOPLE = 10;
export const ROLE_NAMES: Record<Role, string> = {
  student: 'deelnemer',
  trainer: 'praktijkopleider',
  supervisor: 'begeleider',
};

export function previewCard(previewId: string, s: PreviewSummary, installs: boolean): AdaptiveCardJson {
  const lines = s.rejected
    .slice(0, SHOWN_ROWS)
    .map(({ line, reasons }) => `• regel ${line}: ${markdownText(reasons.join('; '))}`);
  if (s.rejected.length > SHOWN_ROWS) {
    lines.push(`• … en nog ${s.rejected.length - SHOWN_ROWS} regel(s): zie het rapport`);
  }
  const people = s.newPeople
    .slice(0, SHOWN_PEOPLE)
    .map((p) => `${markdownText(p.name)} (${ROLE_NAMES[p.role]})`)
    .join(', ');
  const more = s.newPeople.length > SHOWN_PEOPLE ? ` en ${s.newPeople.length - SHOWN_PEOPLE} anderen` : '';
  const install =
    s.newPeople.length === 0
      ? 'Er komen geen nieuwe mensen bij.'
      : installs
        ? `Na het importeren krijgen de nieuwe mensen zonder gesprek met de bot de Teams-app: ${people}${more}.`
        : `Nieuwe mensen: ${people}${more}. De app wordt niet automatisch geïnstalleerd (TEAMS_APP_CATALOG_ID of de Graph-identiteit ontbreekt); zij beginnen zelf met de app.`;
  const actions: CardAction[] = [];
  if (s.created + s.updated > 0) {
    actions.push({
      title: 'Importeren',
      verb: Verb.officeImport,
      data: { id: previewId },
      style: 'positive',
    });
  }
  if (s.rejected.length + s.warnings.length > 0) {
    actions.push({ title: 'Rapport afgewezen regels', verb: Verb.officeReport, data: { id: previewId } });
  }
  return officeCard(
    'Voorbeeld: stages inlezen',
    [
      'Er is nog **niets opgeslagen**. Controleer de aantallen en kies **Importeren**.',
      ...(s.created + s.updated === 0 ? ['Dit bestand verandert niets aan de opgeslagen stages.'] : []),
      install,
      ...(s.rejected.length > 0
        ? [`Afgewezen regels (worden niet ingelezen; pas ze aan in het studentvolgsysteem):`]
        : []),
    ],
    {
      facts: [
        { title: 'Nieuw', value: String(s.created) },
        { title: 'Gewijzigd', value: String(s.updated) },
        { title: 'Ongewijzigd', value: String(s.unchanged) },
        { title: 'Al afgelopen', value: String(s.ended) },
        { title: 'Afgewezen', value: String(s.rejected.length) },
        { title: 'Waarschuwingen', value: String(s.warnings.length) },
      ],
      lines,
      actions,
    },
  );
}

function importedFacts(s: ImportedSummary) {
  return [
    { title: 'Nieuw', value: String(s.created) },
    { title: 'Gewijzigd', value: String(s.updated) },
    { title: 'Ongewijzigd', value: String(s.unchanged) },
    { title: 'Afgewezen', value: String(s.rejected) },
    ...(s.failed.length > 0 ? [{ title: 'Niet opgeslagen', value: String(s.failed.length) }] : []),
  ];
}

export function importedCard(
  s: ImportedSummary,
  installLine: string | undefined,
  again = false,
): AdaptiveCardJson {
  return officeCard(
    again ? 'Dit bestand is al ingelezen' : 'Stages ingelezen',
    [
      again ? 'Er is niets opnieuw opgeslagen.' : 'De stages zijn opgeslagen zoals het voorbeeld liet zien.',
      ...s.failed.slice(0, SHOWN_ROWS).map((f) => `Regel ${f.line}: ${markdownText(f.reason)}`),
      ...(installLine ? [installLine] : []),
    ],
    { tone: 'good', facts: importedFacts(s), actions: [OVERVIEW_ACTION] },
  );
}

export function installOutcome(report: InstallReport): string {
  const count = (outcomes: string[]) =>
    report.results.filter((r) => outcomes.includes(r.attempt.outcome)).length;
  if (report.permissionMissing) {
    return 'Teams-app: Microsoft Graph weigert de installatie (machtiging ontbreekt); niemand kreeg de app. Vraag de beheerder (docs/deploy.md).';
  }
  const toMail = report.results.reduce((n, r) => n + r.trainerToEmail.length, 0);
  return (
    `Teams-app: geïnstalleerd ${count(['installed'])}, had hem al ${count(['already-installed'])}, ` +
    `niet gelukt ${count(['no-account', 'not-installable', 'failed'])}` +
    (toMail > 0 ? `; ${toMail} praktijkopleider(s) werken voortaan via e-mail` : '') +
    '.'
  );
}

export function tamperedCard(): AdaptiveCardJson {
  return officeCard(
    'Deze knop werkt niet (meer)',
    ['De kaart is verouderd of onbekend; er is niets gedaan.'],
    {
      tone: 'warning',
      actions: [OVERVIEW_ACTION],
    },
  );
}

export function exportFormCard(problem?: string): AdaptiveCardJson {
  return officeCard(
    'Exporteren',
    [
      'De goedgekeurde afsprakenlijsten van een periode, als zip: een PDF per lijst en een CSV voor het studentvolgsysteem.',
      ...(problem ? [`**${problem}**`] : []),
    ],
    {
      exportForm: true,
      actions: [{ title: 'Export maken', verb: Verb.officeExport, data: {} }],
      ...(problem ? { tone: 'warning' as const } : {}),
    },
  );
}

export function confirmedCard(outcome: ConfirmOutcome): AdaptiveCardJson {
  switch (outcome.kind) {
    case 'gone':
      return officeCard(
        'Al gedaan',
        ['Deze bevestiging is al gebruikt of bestaat niet; er is niets (opnieuw) gedaan.'],
        {
          tone: 'warning',
        },
      );
    case 'expired':
      return officeCard(
        'Bevestiging verlopen',
        ['Er is niets gedaan. Typ de opdracht opnieuw voor een nieuwe bevestiging.'],
        {
          tone: 'warning',
        },
      );
    case 'erased':
      return officeCard(
        'Verwijderd',
        [
          `Stages verwijderd: ${outcome.report.removedPlacements.length}; stages waarin de persoon is vervangen door "verwijderd": ${outcome.report.anonymisedPlacements.length}. Vastgelegd in het logboek van het BPV-bureau.`,
        ],
        { tone: 'good' },
      );
    case 'rebound':
      return officeCard(
        'Ontkoppeld',
        [
          `Rollen ontkoppeld: ${outcome.report.released.length}${outcome.report.coordinatorReleased ? ', en de coördinatorrol' : ''}. Het eerstvolgende Teams-account dat met dit adres de bot een bericht stuurt, wordt gekoppeld. Vastgelegd in het logboek.`,
        ],
        { tone: 'good' },
      );
  }
}
