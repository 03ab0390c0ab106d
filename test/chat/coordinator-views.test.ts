import { coordinatorOverviewCard, MAX_OVERVIEW_ITEMS } from '../../src/chat/coordinator-views';
import { groupBySupervisor, type StalledItem } from '../../src/domain/escalation';
import type { Placement } from '../../src/domain/placement';
import { translator } from '../../src/i18n';
import { assertValidCard, cardText } from '../support/bot-harness';

const longName = (prefix: string, i: number) =>
  `${prefix} ${i} ${'van der Achternaam-Dubbel '.repeat(3)}`.slice(0, 100);

function items(count: number, supervisors: number): StalledItem[] {
  return Array.from({ length: count }, (_, i) => {
    const placement: Placement = {
      id: `p${i}`,
      student: { email: `s${i}@x.nl`, name: longName('Student', i) },
      trainer: { email: `t${i}@x.nl`, name: longName('Trainer', i) },
      supervisor: { email: `v${i % supervisors}@x.nl`, name: longName('Begeleider', i % supervisors) },
      company: `${'Bedrijf met een heel lange naam '.repeat(6)}${i}`.slice(0, 200),
      qualificationId: 'ict-beheerder',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
    };
    return {
      placement,
      kind: 'part_open',
      role: 'student',
      since: '2026-11-02T09:00:00Z',
      workingDays: 5 + (i % 20),
      rung: 'other_party',
    };
  });
}

describe("the coordinator's overview card", () => {
  it.each(['nl-NL', 'en-GB'])(
    'stays within Teams card limits with hundreds behind, and says how many more (%s)',
    (locale) => {
      const all = items(500, 40);
      const t = translator(locale, 'Europe/Amsterdam');
      const card = coordinatorOverviewCard(
        t,
        { groups: groupBySupervisor(all), placements: 600, stalled: all.length },
        {},
        'overview',
      );
      assertValidCard(card);
      const text = cardText(card);
      expect(text).toContain(
        locale === 'nl-NL' ? `en ${500 - MAX_OVERVIEW_ITEMS} meer` : `and ${500 - MAX_OVERVIEW_ITEMS} more`,
      );
      expect(text.split(locale === 'nl-NL' ? 'werkdagen ·' : 'working days ·').length - 1).toBe(
        MAX_OVERVIEW_ITEMS,
      );
    },
  );

  it('says nobody is behind when nothing has reached the first rung', () => {
    const t = translator('nl-NL', 'Europe/Amsterdam');
    const card = coordinatorOverviewCard(
      t,
      { groups: [], placements: 3, stalled: 0 },
      { escalationWorkingDays: [4, 8, 12] },
      'digest',
    );
    expect(cardText(card)).toContain('Weekoverzicht BPV');
    expect(cardText(card)).toContain('geen punt staat 4 werkdagen of langer open bij je 3 plaatsingen');
  });
});
