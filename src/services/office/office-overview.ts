import { stringify } from 'csv-stringify/sync';
import { stalledItems } from '../../domain/escalation';
import type { Placement } from '../../domain/placement';
import { localDate } from '../../domain/privacy';
import type { RoundStore } from '../check-in/ports';
import type { OverviewRules } from '../coordinator-overview';
import { neutralizeCell } from '../csv-cell';

/** Where a placement stands for the office, one state each, the first that applies in this order. */
export type OfficePlacementState = 'approved' | 'waiting_supervisor' | 'behind' | 'unreachable' | 'on_track';

export const OFFICE_STATES: readonly OfficePlacementState[] = [
  'behind',
  'waiting_supervisor',
  'unreachable',
  'on_track',
  'approved',
];

export interface OfficeOverviewRow {
  readonly placement: Placement;
  readonly state: OfficePlacementState;
  /** The latest round's number, 0 before the first one opens. */
  readonly round: number;
}

export interface OfficeOverview {
  readonly rows: readonly OfficeOverviewRow[];
  readonly counts: Readonly<Record<OfficePlacementState, number>>;
}

export interface OfficeOverviewDeps {
  readonly placements: { listAll(): AsyncIterable<Placement> };
  readonly rounds: Pick<RoundStore, 'list'>;
}

const CONCURRENCY = 8;

/**
 * Every placement of the term (not ended before today) by state: approved (the latest round), the
 * supervisor to decide, behind (an item open past the first rung of the ladder), people
 * unreachable (the student or trainer never opened the app), or on track.
 */
export async function officeOverview(
  deps: OfficeOverviewDeps,
  now: Date,
  rules: OverviewRules,
): Promise<OfficeOverview> {
  const today = localDate(now, rules.timeZone);
  const placements: Placement[] = [];
  for await (const p of deps.placements.listAll()) if (p.endDate >= today) placements.push(p);
  const rows: OfficeOverviewRow[] = new Array(placements.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, placements.length) }, async () => {
      while (next < placements.length) {
        const index = next++;
        const placement = placements[index] as Placement;
        const latest = (await deps.rounds.list(placement.id)).at(-1)?.round;
        rows[index] = {
          placement,
          round: latest?.number ?? 0,
          state: stateOf(placement, latest, now, rules),
        };
      }
    }),
  );
  rows.sort(
    (a, b) =>
      OFFICE_STATES.indexOf(a.state) - OFFICE_STATES.indexOf(b.state) ||
      a.placement.student.name.localeCompare(b.placement.student.name),
  );
  const counts = Object.fromEntries(OFFICE_STATES.map((s) => [s, 0])) as Record<OfficePlacementState, number>;
  for (const row of rows) counts[row.state] += 1;
  return { rows, counts };
}

function stateOf(
  placement: Placement,
  latest: Parameters<typeof stalledItems>[1],
  now: Date,
  rules: OverviewRules,
): OfficePlacementState {
  if (latest?.state === 'approved') return 'approved';
  if (latest?.state === 'submitted') return 'waiting_supervisor';
  if (stalledItems(placement, latest, now, rules).length > 0) return 'behind';
  const trainerByTeams = placement.trainerContact !== 'email';
  if (!placement.student.aadObjectId || (trainerByTeams && !placement.trainer.aadObjectId))
    return 'unreachable';
  return 'on_track';
}

const STATE_LABELS: Record<OfficePlacementState, string> = {
  approved: 'goedgekeurd',
  waiting_supervisor: 'wacht op begeleider',
  behind: 'achter',
  unreachable: 'niet bereikbaar',
  on_track: 'op schema',
};

export function officeStateLabel(state: OfficePlacementState): string {
  return STATE_LABELS[state];
}

/** The overview as CSV (semicolons and a byte-order mark, as Excel in Dutch opens it). */
export function officeOverviewCsv(overview: OfficeOverview): Uint8Array {
  const rows = [
    ['student', 'student_email', 'bedrijf', 'kwalificatie', 'start', 'einde', 'ronde', 'stand'],
    ...overview.rows.map(({ placement: p, state, round }) => [
      p.student.name,
      p.student.email,
      p.company,
      p.qualificationId,
      p.startDate,
      p.endDate,
      String(round),
      STATE_LABELS[state],
    ]),
  ];
  const cells = rows.map((row) => row.map((cell) => neutralizeCell(cell)));
  return Buffer.from(`\uFEFF${stringify(cells, { delimiter: ';' })}`, 'utf8');
}
