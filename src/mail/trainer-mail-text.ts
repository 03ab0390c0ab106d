import { translator } from '../i18n';
import type { OutgoingMail } from '../services/mail-ports';
import type { ComposeTrainerMail, TrainerMailFacts, TrainerMailReason } from '../services/trainer-mail';
import type { MailSignature } from './mail-settings';

/** Subject and first line of each mail; `{student}` is the student's first name, `{round}` the round's name. */
const TEXTS: Readonly<Record<TrainerMailReason, { subject: string; line: string }>> = {
  round_opened: {
    subject: 'Uitnodiging: de afsprakenlijst van {student}, {round}',
    line: 'Het {round} van {student} bij {company} is geopend. Vul per werkproces in op welk niveau {student} bij jullie werkt.',
  },
  round_due: {
    subject: 'Tijd voor de volgende check-in',
    line: 'Het {round} van {student} bij {company} staat klaar. Vul per werkproces in op welk niveau {student} bij jullie werkt.',
  },
  part_open: {
    subject: 'Herinnering: de afsprakenlijst wacht op jouw deel',
    line: 'Dit is een herinnering: jouw deel van de afsprakenlijst van {student} bij {company} is nog niet af. Wat je al invulde is bewaard.',
  },
  agreement_ready: {
    subject: 'Jullie zijn allebei klaar: stel de afspraken vast',
    line: '{student} heeft de afsprakenlijst ook ingevuld. Bekijk de verschillen en stel per werkproces het afgesproken niveau vast.',
  },
  agreement_waiting: {
    subject: 'Herinnering: de verschillen wachten op jou',
    line: 'De verschillen in de afsprakenlijst van {student} bij {company} wachten nog op jou.',
  },
  sent_back: {
    subject: 'De afsprakenlijst is teruggestuurd',
    line: '{student} stuurde de afsprakenlijst terug met een opmerking. Bekijk de opmerking en pas de lijst aan.',
  },
  submitted: {
    subject: 'De afsprakenlijst is ingediend',
    line: '{student} ging akkoord; de afsprakenlijst ligt nu bij de begeleider van school.',
  },
  changes_requested: {
    subject: 'De begeleider vraagt om wijzigingen',
    line: 'De begeleider van school vraagt om wijzigingen in de afsprakenlijst van {student}. Bekijk de opmerking en pas de lijst aan.',
  },
  approved: {
    subject: 'De afsprakenlijst is goedgekeurd',
    line: 'De begeleider van school keurde de afsprakenlijst van {student} bij {company} goed.',
  },
  withdrawn: {
    subject: 'Goedkeuring ingetrokken',
    line: 'De goedkeuring van de afsprakenlijst van {student} is ingetrokken om de lijst aan te passen.',
  },
  settled: {
    subject: 'De afspraken zijn vastgesteld',
    line: 'De afgesproken niveaus van {student} zijn vastgesteld.',
  },
  review: {
    subject: 'Een afsprakenlijst ter goedkeuring',
    line: 'De afsprakenlijst van {student} ligt ter goedkeuring klaar.',
  },
  resubmitted: {
    subject: 'Een aangepaste afsprakenlijst',
    line: 'De aangepaste afsprakenlijst van {student} ligt ter goedkeuring klaar.',
  },
  nudge_student: {
    subject: 'Wil je {student} even herinneren?',
    line: 'De check-in van {student} bij {company} wacht al een tijd op {student}. Wil je {student} er even aan herinneren? Via de link zie je hoe ver de afsprakenlijst is.',
  },
  link_requested: {
    subject: 'Je nieuwe link naar de afsprakenlijst',
    line: 'Je vroeg een nieuwe link aan naar de afsprakenlijst van {student} bij {company}.',
  },
};

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Fills `{name}`s; a full stop right after a value that ends in one (`B.V.`) is dropped. */
function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template
    .replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole)
    .replace(/([^.]\.)\.(?!\.)/g, '$1');
}

const LINK_LIKE =
  /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*|[^\s@]+@[^\s@]+\.[^\s@]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b\S*/gi;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Names and company names come from an imported file and end up in official mail, where mail
 * programs turn anything that looks like an address into a link: `https://…`, `www.…`,
 * `bedrijf.nl/inloggen`, `a@b.nl`. A zero-width space after each `.`, `:` and `/` (and around `@`) of such a
 * piece keeps it readable as written and keeps it from being linked; "B.V." and other names stay as they are.
 */
export function unlinkable(text: string): string {
  return text.replace(LINK_LIKE, (piece) =>
    piece.replace(/[.:/@]/g, (c) =>
      c === '@' ? `${ZERO_WIDTH_SPACE}@${ZERO_WIDTH_SPACE}` : `${c}${ZERO_WIDTH_SPACE}`,
    ),
  );
}

/** The student's first name: enough for the trainer to know whose list it is. */
export function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? '';
}

/** Why the mail asks for the list at all: the mails that open a round or remind of one. */
const EXPLAINED: ReadonlySet<TrainerMailReason> = new Set(['round_opened', 'round_due', 'part_open']);

/** How long a trainer is asked to take for their part, in days (the first reminder comes sooner). */
export const ANSWER_WITHIN_DAYS = 7;

/** The explanation of the afsprakenlijst and what is asked, for a trainer who may never have seen it. */
const EXPLANATION = [
  '{studentFull} loopt stage (BPV) bij {company} en jij bent de praktijkopleider. School vraagt jullie samen een afsprakenlijst te maken: per werkproces van de opleiding spreken jullie af op welk niveau {student} bij jullie werkt (Beginnend, Gevorderd of Bekwaam).',
  'Wat we van je vragen:',
  '1. Open de afsprakenlijst met de link hieronder en kies per werkproces het niveau. Je hoeft niets te installeren; het kost ongeveer een kwartier en wat je invult wordt steeds bewaard.',
  '2. Als {student} ook klaar is, zie je waar jullie verschillen en stel je het afgesproken niveau vast.',
  '3. Daarna keurt {supervisor}, begeleider van school, de lijst goed.',
];

/**
 * The short Dutch mails to trainers who work by e-mail: why it comes (with what the afsprakenlijst
 * is and what is asked by when, when it opens or reminds of a round), the link (theirs alone, with
 * its end date), where to ask for a new one, and whom to ask a question. Dates in `timeZone`.
 */
export function trainerMailComposer(timeZone: string, signature: MailSignature): ComposeTrainerMail {
  const t = translator('nl', timeZone);
  // "maandag 14 december 2026": a date to work towards reads better written out.
  const longDate = new Intl.DateTimeFormat('nl-NL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  });
  return (facts: TrainerMailFacts): Omit<OutgoingMail, 'to'> => {
    const { placement } = facts;
    const texts = TEXTS[facts.reason];
    const params = {
      student: unlinkable(firstName(placement.student.name)),
      studentFull: unlinkable(placement.student.name.trim()),
      company: unlinkable(placement.company.trim()),
      supervisor: unlinkable(placement.supervisor.name.trim()),
      round: facts.roundKind ? t(`round_${facts.roundKind}`).toLowerCase() : 'gesprek',
    };
    const line = fill(texts.line, params);
    const explained = EXPLAINED.has(facts.reason);
    const explanation = explained ? EXPLANATION.map((l) => fill(l, params)) : [];
    const by =
      facts.reason === 'part_open'
        ? undefined
        : longDate.format(new Date(facts.sentAt.getTime() + ANSWER_WITHIN_DAYS * 24 * 60 * 60 * 1000));
    const deadline = explained && by ? `Graag vóór ${by}.` : undefined;
    const until = t.format.dateTime(facts.expiresAt);
    const contact = fill(
      'Vragen? Beantwoord deze e-mail, of neem contact op met {supervisor}, begeleider van school.',
      params,
    );
    const greeting = `Beste ${placement.trainer.name.trim() || 'praktijkopleider'},`;
    const lines = [
      greeting,
      '',
      line,
      ...(explanation.length > 0 ? ['', ...explanation] : []),
      ...(deadline ? ['', deadline] : []),
      '',
      'Open de afsprakenlijst:',
      facts.url,
      '',
      `Deze link is alleen voor jou en werkt tot ${until}. Stuur hem niet door.`,
      `Verlopen? Vraag een nieuwe link aan op ${facts.requestUrl}`,
      '',
      contact,
      '',
      'Met vriendelijke groet,',
      signature.name,
    ];
    const [intro, asked, ...steps] = explanation;
    const html = [
      '<!doctype html><html lang="nl"><body style="font-family:Segoe UI,Arial,sans-serif">',
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>${escapeHtml(line)}</p>`,
      ...(intro ? [`<p>${escapeHtml(intro)}</p>`] : []),
      ...(asked
        ? [
            `<p>${escapeHtml(asked)}</p>`,
            `<ol>${steps.map((step) => `<li>${escapeHtml(step.replace(/^\d\. /, ''))}</li>`).join('')}</ol>`,
          ]
        : []),
      ...(deadline ? [`<p><strong>${escapeHtml(deadline)}</strong></p>`] : []),
      `<p><a href="${escapeHtml(facts.url)}">Open de afsprakenlijst</a></p>`,
      `<p>Deze link is alleen voor jou en werkt tot ${escapeHtml(until)}. Stuur hem niet door.<br>`,
      `Verlopen? Vraag een nieuwe link aan op <a href="${escapeHtml(facts.requestUrl)}">${escapeHtml(facts.requestUrl)}</a></p>`,
      `<p>${escapeHtml(contact)}</p>`,
      `<p>Met vriendelijke groet,<br>${escapeHtml(signature.name)}</p>`,
      '</body></html>',
    ].join('\n');
    return {
      subject: `Afsprakenlijst BPV: ${fill(texts.subject, params)}`,
      text: lines.join('\n'),
      html,
      replyTo: signature.replyTo ?? placement.supervisor.email,
    };
  };
}
