import MarkdownIt from 'markdown-it';
import type { Placement } from '../../src/domain/placement';
import { trainerMailComposer, unlinkable } from '../../src/mail/trainer-mail-text';

const placement = (company: string, student = 'Sanne de Vries'): Placement => ({
  id: 'p1',
  student: { email: 'sanne@school.nl', name: student },
  trainer: { email: 'trainer@bedrijf.nl', name: 'Trainer' },
  supervisor: { email: 'begeleider@school.nl', name: 'Begeleider' },
  company,
  qualificationId: 'ict-beheerder',
  startDate: '2026-09-01',
  endDate: '2027-01-31',
  trainerContact: 'email',
});

const compose = trainerMailComposer('Europe/Amsterdam', { name: 'BPV-bureau' });
const facts = (p: Placement) => ({
  reason: 'part_open' as const,
  placement: p,
  url: 'https://bpv.school.nl/praktijkopleider#t2.p1.a.b.c',
  expiresAt: new Date('2026-10-15T10:00:00Z'),
  requestUrl: 'https://bpv.school.nl/praktijkopleider/nieuwe-link',
  sentAt: new Date('2026-10-01T10:00:00Z'),
});

// A real linker (linkify-it, through markdown-it) with its fuzzy rules on, as mail programs link
// bare domains, www. and addresses.
const linker = new MarkdownIt().linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });
const OWN = [
  'https://bpv.school.nl/praktijkopleider#t2.p1.a.b.c',
  'https://bpv.school.nl/praktijkopleider/nieuwe-link',
];

/** What a mail program would link in the text, other than the mail's own two links. */
function linkable(text: string): string[] {
  return (linker.match(text) ?? []).map((m) => m.url).filter((url) => !OWN.includes(url));
}

describe('URLs in names and company names', () => {
  it.each([
    'https://inloggen.example/bpv Bedrijf',
    'Bedrijf www.inloggen.example',
    'bedrijf-inloggen.nl/wachtwoord',
    'Mail info@inloggen.example',
  ])('are not linked in the mail: %s', (company) => {
    const mail = compose(facts(placement(company, 'http://sanne.example')));
    const own = [
      'https://bpv.school.nl/praktijkopleider#t2.p1.a.b.c',
      'https://bpv.school.nl/praktijkopleider/nieuwe-link',
    ];
    expect(linkable(mail.text).filter((l) => !own.some((o) => o.startsWith(l) || l.startsWith(o)))).toEqual(
      [],
    );
    expect(
      linkable(mail.html ?? '').filter((l) => !own.some((o) => l.includes(o) || o.startsWith(l))),
    ).toEqual([]);
    expect((mail.html ?? '').match(/<a /g)).toHaveLength(2);
    // Readable as written once the invisible spaces are gone.
    expect(mail.text.replace(/\u200b/g, '')).toContain(company);
  });

  it('leave ordinary names alone', () => {
    for (const name of ['Bedrijf B.V.', 'Jansen & Zn.', 'ICT-Beheer Noord', "D'Artagnan Hosting"]) {
      expect(unlinkable(name)).toBe(name);
    }
    const mail = compose(facts(placement('Bedrijf B.V.')));
    expect(mail.text).toContain('Sanne bij Bedrijf B.V.');
  });
});
