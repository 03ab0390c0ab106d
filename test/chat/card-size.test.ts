import { agreementCard } from '../../src/chat/agreement-card';
import type { AdaptiveCardJson } from '../../src/chat/cards';
import { closedRoundCard, roundCard } from '../../src/chat/round-card';
import { checkInView, stepCard, summaryView } from '../../src/chat/round-replies';
import { overviewCard } from '../../src/chat/step-cards';
import { summaryCard } from '../../src/chat/summary-card';
import {
  checkInSteps,
  MAX_NOTE_LENGTH,
  MAX_REMARK_LENGTH,
  MAX_TEXT_LENGTH,
  type PartRole,
} from '../../src/domain/check-in';
import type { Role } from '../../src/domain/placement';
import { translator } from '../../src/i18n';
import {
  type Alphabet,
  teamsSize,
  useAlphabet,
  worstPlacement,
  worstQualification,
  worstRounds,
  worstText,
} from '../support/worst-case-round';

// Teams refuses a message over about 100 KB counted as UTF-16 (413 MessageSizeTooBig) and
// recommends staying under 80 KB.
const TEAMS_LIMIT = 100 * 1024;
const RECOMMENDED = 80 * 1024;

const deps = {
  qualifications: { forPlacement: async () => worstQualification, loaded: () => worstQualification },
};

/** Every card the bot draws of a round, with every name, note, text and remark at its limit. */
function everyCard(locale: string, alphabet: Alphabet): [string, AdaptiveCardJson][] {
  useAlphabet(alphabet);
  const t = translator(locale, 'Europe/Amsterdam');
  const placement = worstPlacement();
  const rounds = worstRounds();
  const cards: [string, AdaptiveCardJson][] = [];
  const view = (state: keyof typeof rounds, role: PartRole) =>
    checkInView(deps, t, placement, rounds[state], role);
  const typed = { level: 'G', note: worstText(MAX_NOTE_LENGTH), text: worstText(MAX_TEXT_LENGTH) };
  for (const role of ['student', 'trainer'] as const) {
    cards.push([`overview ${role}`, overviewCard(view('settling', role))]);
    checkInSteps(worstQualification).forEach((_, step) => {
      cards.push([`step ${step} ${role}, typed text put back`, stepCard(view('open', role), step, typed)]);
    });
    for (const state of ['settling', 'confirming', 'submitted', 'changesRequested'] as const) {
      cards.push([`agreement ${state} ${role}`, agreementCard(view(state, role))]);
    }
  }
  cards.push([
    'agreement confirming student, remark refused',
    agreementCard(view('confirming', 'student'), {
      remark: worstText(MAX_REMARK_LENGTH + 1),
      remarkError: t('notice_remark_too_long', { length: MAX_REMARK_LENGTH + 1, max: MAX_REMARK_LENGTH }),
    }),
  ]);
  for (const state of ['submitted', 'changesRequested'] as const) {
    cards.push([`summary ${state}`, summaryCard(summaryView(deps, t, placement, rounds[state]))]);
  }
  cards.push([
    'summary, remark refused',
    summaryCard({
      ...summaryView(deps, t, placement, rounds.submitted),
      remarkRetry: {
        value: worstText(MAX_REMARK_LENGTH + 1),
        error: t('notice_remark_too_long', { length: MAX_REMARK_LENGTH + 1, max: MAX_REMARK_LENGTH }),
      },
    }),
  ]);
  for (const role of ['student', 'trainer', 'supervisor'] as Role[]) {
    for (const state of ['settling', 'confirming', 'submitted', 'changesRequested'] as const) {
      const shown = { t, placement, round: rounds[state], qualification: worstQualification, role };
      const notice = { text: t('notify_changes_title'), style: 'warning' as const };
      cards.push([`round card ${state} ${role}`, roundCard({ ...shown, notice })]);
      cards.push([`closed round card ${state} ${role}`, closedRoundCard(shown)]);
    }
  }
  return cards;
}

const over = (cards: [string, AdaptiveCardJson][], limit: number) =>
  cards.map(([name, card]) => [name, teamsSize(card)] as const).filter(([, size]) => size > limit);

// Text made only of characters that are escaped twice (for markdown, then in JSON) weighs up to four
// times its length. These cards hold several such texts at once and are still too large then: the
// texts must move to cards of their own (per kerntaak) before this list can be empty.
const TOO_LARGE_WITH_ESCAPED_TEXT = [
  'agreement settling trainer',
  // The student's list with the previous round, the changes since the last version, note previews
  // and a refused 1,000-character remark put back in full.
  'agreement confirming student, remark refused',
  'summary submitted',
  'summary changesRequested',
  'summary, remark refused',
];

describe('every card with every name, note, text and remark at its limit', () => {
  it.each(['nl-NL', 'en-US'])(
    'written as people write, stays under Teams’ recommended size (%s)',
    (locale) => {
      expect(over(everyCard(locale, 'written'), RECOMMENDED)).toEqual([]);
    },
  );

  it.each(['nl-NL', 'en-US'])(
    'made of escaped characters, stays under Teams’ limit except the cards known to need splitting (%s)',
    (locale) => {
      const cards = everyCard(locale, 'escaped');
      expect(cards.length).toBeGreaterThanOrEqual(80);
      expect(over(cards, TEAMS_LIMIT).map(([name]) => name)).toEqual(TOO_LARGE_WITH_ESCAPED_TEXT);
    },
  );

  it('keeps the notice and closed cards small whatever the round holds', () => {
    for (const [name, card] of everyCard('nl-NL', 'escaped')) {
      if (name.includes('round card')) expect([name, teamsSize(card) < 8 * 1024]).toEqual([name, true]);
    }
  });
});
