import { createHmac } from 'node:crypto';
import type { Placement } from '../../src/domain/placement';
import { checkTrainerLink, issueTrainerLink } from '../../src/services/trainer-links';

const placement: Placement = {
  id: 'p1a2b3',
  student: { email: 'student@school.nl', name: 'Student' },
  trainer: { email: 'trainer@bedrijf.nl', name: 'Trainer' },
  supervisor: { email: 'begeleider@school.nl', name: 'Begeleider' },
  company: 'Bedrijf BV',
  qualificationId: 'ict-beheerder',
  startDate: '2026-09-01',
  endDate: '2027-01-31',
  trainerContact: 'email',
};
const lookup = { get: async (id: string) => (id === placement.id ? placement : undefined) };
const secret = 'a-link-secret-of-the-school-0123456789';
const now = new Date('2026-10-01T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

function issued(days: number, at = now): string {
  return issueTrainerLink({ secret, days, baseUrl: () => 'https://bot.school.nl' }, placement, at).token;
}

describe('a trainer link’s expiry', () => {
  it('works for TRAINER_LINK_DAYS and no longer', async () => {
    const token = issued(14);
    expect((await checkTrainerLink({ secret, days: 14 }, lookup, token, now)).kind).toBe('valid');
    expect(
      (await checkTrainerLink({ secret, days: 14 }, lookup, token, new Date(now.getTime() + 13 * DAY))).kind,
    ).toBe('valid');
    expect(
      (await checkTrainerLink({ secret, days: 14 }, lookup, token, new Date(now.getTime() + 14 * DAY))).kind,
    ).toBe('expired');
  });

  it('is capped by TRAINER_LINK_DAYS: a link signed for 90 days stops once the setting says 14', async () => {
    const token = issued(90);
    expect((await checkTrainerLink({ secret, days: 90 }, lookup, token, now)).kind).toBe('valid');
    // Under the lower setting it works 14 days from its issue, not 90.
    expect((await checkTrainerLink({ secret, days: 14 }, lookup, token, now)).kind).toBe('valid');
    expect(
      (await checkTrainerLink({ secret, days: 14 }, lookup, token, new Date(now.getTime() + 15 * DAY))).kind,
    ).toBe('expired');
    expect(
      (await checkTrainerLink({ secret, days: 14 }, lookup, token, new Date(now.getTime() + 80 * DAY))).kind,
    ).toBe('expired');
  });

  it('caps a link of the earlier format, which carries only its expiry, to TRAINER_LINK_DAYS from now', async () => {
    const expiry = Math.floor((now.getTime() + 90 * DAY) / 1000).toString(36);
    const signature = createHmac('sha256', secret)
      .update(`t1|${placement.id}|trainer|${expiry}|${placement.trainer.email}`)
      .digest('base64url');
    const token = `t1.${placement.id}.${expiry}.${signature}`;
    expect((await checkTrainerLink({ secret, days: 90 }, lookup, token, now)).kind).toBe('valid');
    expect((await checkTrainerLink({ secret, days: 14 }, lookup, token, now)).kind).toBe('expired');
  });

  it('refuses a link issued in the future', async () => {
    const token = issued(14, new Date(now.getTime() + DAY));
    expect((await checkTrainerLink({ secret, days: 14 }, lookup, token, now)).kind).toBe('invalid');
  });

  it('allows a few minutes of clock difference between instances', async () => {
    const token = issued(14, new Date(now.getTime() + 2 * 60 * 1000));
    expect((await checkTrainerLink({ secret, days: 14 }, lookup, token, now)).kind).toBe('valid');
  });

  it('tells nothing of the expiry of a link with a wrong signature', async () => {
    const token = issued(90).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await checkTrainerLink({ secret, days: 14 }, lookup, token, now)).kind).toBe('invalid');
  });
});
