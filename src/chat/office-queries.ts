import { markdownText } from '../domain/text';
import { issueOfficeLink, type OfficeDownload } from '../services/download-links';
import { askOfficeAction } from '../services/office/office-actions';
import { OFFICE_STATES, officeOverview, officeStateLabel } from '../services/office/office-overview';
import type { AdaptiveCardJson } from './cards';
import type { OfficeDeps, OfficeTurn } from './office-deps';
import { OVERVIEW_ACTION, officeCard, ROLE_NAMES } from './office-views';
import { Verb } from './verbs';
export async function linkCard(
  turn: OfficeTurn,
  download: OfficeDownload,
  deps: OfficeDeps,
): Promise<AdaptiveCardJson> {
  const link = await issueOfficeLink(deps.downloads, download, turn.now);
  const what =
    download.kind === 'report'
      ? 'Het rapport met de afgewezen regels (CSV)'
      : download.kind === 'overview'
        ? 'Het overzicht (CSV)'
        : `De export (zip met ${download.formats.map((f) => f.toUpperCase()).join(' en ')})`;
  return officeCard(
    'Download klaar',
    [
      `${what} staat klaar. De link werkt één keer en ${Math.round((link.expiresAt.getTime() - turn.now.getTime()) / 60_000)} minuten.`,
    ],
    { tone: 'good', url: { title: 'Downloaden', href: link.url }, actions: [OVERVIEW_ACTION] },
  );
}

export async function overviewCard(turn: OfficeTurn, deps: OfficeDeps): Promise<AdaptiveCardJson> {
  const overview = await officeOverview(deps.overview, turn.now, deps.overview.rules);
  const attention = overview.rows
    .filter((r) => r.state === 'behind' || r.state === 'unreachable')
    .slice(0, 15);
  return officeCard(
    'Overzicht BPV-bureau',
    [
      `${overview.rows.length} stage(s) in deze periode.`,
      ...(attention.length > 0 ? ['Aandacht nodig:'] : []),
    ],
    {
      facts: OFFICE_STATES.map((state) => ({
        title: officeStateLabel(state),
        value: String(overview.counts[state]),
      })),
      lines: attention.map(
        (r) =>
          `• ${markdownText(r.placement.student.name)} (${markdownText(r.placement.company)}): ${officeStateLabel(r.state)}`,
      ),
      actions: [
        { title: 'Download CSV', verb: Verb.officeOverviewCsv, data: {} },
        { title: 'Exporteren', verb: Verb.officeExport, data: { form: true } },
      ],
    },
  );
}

export async function askCard(
  turn: OfficeTurn,
  action: 'erase' | 'rebind',
  email: string,
  deps: OfficeDeps,
): Promise<AdaptiveCardJson> {
  const asked = await askOfficeAction(action, email, turn.aadObjectId, turn.now, deps.actions);
  const usage = action === 'erase' ? 'verwijderen naam@school.nl' : 'koppelen naam@school.nl';
  if (asked.kind === 'invalid') {
    return officeCard('Geef een e-mailadres op', [`Bijvoorbeeld: **${usage}**. Er is niets gedaan.`], {
      tone: 'warning',
    });
  }
  if (asked.kind === 'nobody') {
    return officeCard('Niemand gevonden', ['Dit adres heeft geen rol in een stage. Er is niets gedaan.'], {
      tone: 'warning',
    });
  }
  const name = asked.name ? markdownText(asked.name) : 'deze persoon';
  const lines = asked.roles.map(
    ({ placement, role }) =>
      `• ${ROLE_NAMES[role]} bij ${markdownText(placement.company)} (${placement.startDate} t/m ${placement.endDate})` +
      (action === 'erase'
        ? role === 'student'
          ? ': de hele stage wordt verwijderd'
          : ': naam en adres worden vervangen door "verwijderd"'
        : ''),
  );
  if (asked.coordinator) lines.push('• coördinator van stages');
  const erase = action === 'erase';
  return officeCard(
    erase ? `${name} verwijderen?` : `${name} opnieuw koppelen?`,
    [
      erase
        ? `Alle gegevens van ${name} worden verwijderd (AVG): de stages waarin deze persoon deelnemer is helemaal, elders naam, adres, koppeling en gesprek. Dit kan niet ongedaan worden gemaakt.`
        : `De koppeling van ${name} aan het huidige Teams-account wordt opgeheven. Het eerstvolgende account dat met dit adres de bot een bericht stuurt, wordt gekoppeld.`,
      'Rollen:',
    ],
    {
      tone: 'warning',
      lines,
      actions: [
        {
          title: erase ? 'Definitief verwijderen' : 'Koppelen',
          verb: Verb.officeConfirm,
          data: { id: asked.pendingId },
          style: 'destructive',
        },
      ],
    },
  );
}
