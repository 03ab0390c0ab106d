/**
 * Benchmark of the due-reminder plan alone, without storage: dueForPlacement over N placements (a
 * quarter each: parts open, agreement waiting, approval pending, nothing due) at one sweep moment,
 * repeated; prints the median and adds a row to bench/results.md. Run: `npm run bench:plan -- 10000`.
 */
import path from 'node:path';
import type { CheckInRound } from '../src/domain/check-in';
import type { Placement } from '../src/domain/placement';
import { dueForPlacement, type PlacementReminderInput, type ReminderRules } from '../src/domain/reminders';
import { projectRoot } from '../src/project-root';
import { addTableRow } from './results-table';

const NOW = new Date('2026-11-30T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const RUNS = 7;

const rules: ReminderRules = {
  days: [3, 7, 14],
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [8 * 60, 18 * 60],
  timeZone: 'Europe/Amsterdam',
  finalRoundDaysBeforeEnd: 14,
};

function person(n: number) {
  return { email: `p${n}@example.org`, name: `P ${n}` };
}

function input(i: number): PlacementReminderInput {
  const placement = {
    id: `pl-${i}`,
    student: person(i),
    trainer: person(i + 1),
    supervisor: person(i + 2),
    company: 'Bedrijf',
    qualificationId: 'q',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
  } as unknown as Placement;
  const states = ['open', 'settling', 'submitted', 'approved'] as const;
  const state = states[i % 4] ?? 'open';
  const latest = {
    placementId: placement.id,
    number: 1,
    kind: 'start',
    state,
    openedAt: ago(8),
    stateSince: ago(8),
    parts: { student: {}, trainer: { doneAt: ago(7) } },
    version: 1,
    decisions: [],
    rev: 1,
  } as unknown as CheckInRound;
  return { placement, latest, handled: new Set(), snoozedUntil: new Map(), unreachable: new Set() };
}

/** Times the rules over `count` placements `runs` times: milliseconds sorted, and reminders due. */
export function timePlan(
  count: number,
  runs = RUNS,
): { sorted: number[]; median: number; reminders: number } {
  const inputs = Array.from({ length: count }, (_, i) => input(i));
  const times: number[] = [];
  let reminders = 0;
  for (let run = 0; run < runs; run++) {
    const t = process.hrtime.bigint();
    reminders = 0;
    for (const one of inputs) reminders += dueForPlacement(one, NOW, rules).reminders.length;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { sorted, median: sorted[Math.floor(runs / 2)] ?? 0, reminders };
}

function main(): void {
  const count = Number(process.argv[2] ?? 10000);
  const { sorted, median, reminders } = timePlan(count);
  const line = `| ${new Date().toISOString().slice(0, 10)} | ${count} | ${reminders} | ${median.toFixed(1)} | ${(sorted[0] ?? 0).toFixed(1)} | ${(sorted[RUNS - 1] ?? 0).toFixed(1)} |`;
  process.stdout.write(`${line}\n`);
  addTableRow(path.join(projectRoot(), 'bench', 'results.md'), '## Reminder plan', line);
}

if (require.main === module) main();
