import {
  answerStep,
  type CheckInRound,
  checkInSteps,
  completePart,
  confirmAgreement,
  MAX_NOTE_LENGTH,
  MAX_REMARK_LENGTH,
  MAX_TEXT_LENGTH,
  openRound,
  requestChanges,
  sendBackAgreement,
  settleAgreement,
} from '../../src/domain/check-in';
import { MAX_NAME_LENGTH, type Placement } from '../../src/domain/placement';
import { allWerkprocessen } from '../../src/domain/qualification';
import { loadQualificationCatalog } from '../../src/qualifications/catalog';

export const worstQualification = loadQualificationCatalog().require('ict-beheerder');

/** What the texts are made of: what a person writes, or what costs most on a card. */
export type Alphabet = 'written' | 'escaped';

let alphabet: Alphabet = 'escaped';

/** Makes {@link worstText} (and the rounds and placement built from it) use `chosen`. */
export function useAlphabet(chosen: Alphabet): void {
  alphabet = chosen;
}

/**
 * `length` UTF-16 code units of text. `escaped`: each character escaped for markdown and again in
 * JSON (a backslash becomes four characters), with astral emoji between them. `written`: words with
 * accents and emoji, as people write them.
 */
export function worstText(length: number, seed = 0): string {
  if (alphabet === 'written') {
    const words = `${seed} Beheert é😀 servers, laptops en accounts; `.repeat(Math.ceil(length / 40) + 1);
    const cut = words.slice(0, length);
    // Not in the middle of an emoji.
    return /[\uD800-\uDBFF]$/.test(cut) ? `${cut.slice(0, -1)}x` : cut;
  }
  let text = '';
  while (text.length < length) {
    text += (text.length + seed) % 7 === 0 && length - text.length >= 2 ? '😀' : '\\';
  }
  return text;
}

/** A placement with every name at its limit. */
export function worstPlacement(): Placement {
  return {
    id: 'f'.repeat(32),
    student: { email: 's@example.org', name: worstText(MAX_NAME_LENGTH, 1) },
    trainer: { email: 't@example.org', name: worstText(MAX_NAME_LENGTH, 2) },
    supervisor: { email: 'b@example.org', name: worstText(MAX_NAME_LENGTH, 3) },
    company: worstText(MAX_NAME_LENGTH, 4),
    qualificationId: worstQualification.id,
    startDate: '2026-09-01',
    endDate: '2027-06-30',
  };
}

const now = new Date('2026-09-10T08:00:00Z');
const steps = checkInSteps(worstQualification);
const codes = allWerkprocessen(worstQualification).map((w) => w.code);

function fill(round: CheckInRound, role: 'student' | 'trainer', level: string): CheckInRound {
  let r = round;
  steps.forEach((step, stepIndex) => {
    const input =
      step.kind === 'werkproces'
        ? { level, note: worstText(MAX_NOTE_LENGTH, stepIndex) }
        : { text: worstText(MAX_TEXT_LENGTH, stepIndex + (role === 'trainer' ? 1 : 0)) };
    r = answerStep(r, worstQualification, { role, stepIndex, input, navigation: 'next' });
  });
  return completePart(r, worstQualification, { role, now });
}

/** A round in each state, every note, text and remark at its limit, every level different. */
export function worstRounds(): Record<
  'open' | 'settling' | 'confirming' | 'submitted' | 'changesRequested',
  CheckInRound
> {
  const open = openRound({
    placementId: 'f'.repeat(32),
    number: 1,
    kind: 'start',
    qualificationId: worstQualification.id,
    now,
  });
  const settling = fill(fill(open, 'student', 'Bg'), 'trainer', 'Bk');
  const texts = Object.fromEntries(
    worstQualification.kerntaken.map((k, i) => [k.code, worstText(MAX_TEXT_LENGTH, i)]),
  );
  const levels = Object.fromEntries(codes.map((code) => [code, 'G']));
  const settled = settleAgreement(settling, worstQualification, { levels, texts, by: 'po', now });
  const sentBack = sendBackAgreement(settled, { remark: worstText(MAX_REMARK_LENGTH), now });
  const confirming = settleAgreement(sentBack, worstQualification, { levels, texts, by: 'po', now });
  const submitted = confirmAgreement(confirming, { now });
  const changesRequested = requestChanges(submitted, {
    version: submitted.version,
    by: 'sv',
    remark: worstText(MAX_REMARK_LENGTH, 5),
    now,
  });
  return { open, settling, confirming, submitted, changesRequested };
}

/** What Teams counts: the message's JSON as UTF-16. */
export function teamsSize(card: unknown): number {
  return JSON.stringify(card).length * 2;
}
