import { MailCatcher } from '../../src/local/mail-catcher';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { actionTitles, assertValidCard, type BotHarness, findAction, type TeamsUser } from './bot-harness';

export { MailCatcher };

/** The settings that send trainer mail to `catcher`. */
export function mailEnv(catcher: MailCatcher): Record<string, string> {
  return { MAIL_TRANSPORT: 'smtp', SMTP_URL: catcher.url, MAIL_FROM: 'BPV-bureau <bpv@school.example>' };
}

let sequence = 0;

/**
 * A placement whose trainer works by e-mail: student and supervisor in Teams (installed), the
 * trainer known only by address.
 */
export async function placementWithEmailTrainer(harness: BotHarness) {
  sequence += 1;
  const tag = `${Date.now().toString(36)}w${sequence}`;
  const id = (n: number) =>
    `d0d0d0d0-0000-4000-8${n}00-${String(Date.now() % 1e9).padStart(9, '0')}${String(sequence).padStart(3, '0')}`;
  const people = {
    student: { aadObjectId: id(1), name: `Sanne Jansen${tag}`, email: `sanne.${tag}@example.org` },
    trainer: { name: `Pieter de Vries${tag}`, email: `pieter.${tag}@bedrijf.example` },
    supervisor: { aadObjectId: id(3), name: `Fatima ${tag}`, email: `fatima.${tag}@example.org` },
  };
  const input = {
    student: { email: people.student.email, name: people.student.name },
    trainer: { email: people.trainer.email, name: people.trainer.name },
    supervisor: { email: people.supervisor.email, name: people.supervisor.name },
    company: `Bedrijf ${tag}`,
    qualificationId: 'ict-beheerder',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
    trainerContact: 'email' as const,
  };
  const { id: placementId } = await new PlacementRepository(harness.store).importPlacement(input);
  const student = harness.user(people.student);
  const supervisor = harness.user(people.supervisor);
  await student.install();
  await supervisor.install();
  return { placementId, student, supervisor, people, input };
}

/** The token of a trainer link (the part after `#`). */
export function tokenOf(link: string): string {
  const at = link.indexOf('#');
  if (at < 0) throw new Error('not a trainer link');
  return link.slice(at + 1);
}

/** The trainer's page as its script uses it: card actions posted with the link's token. */
export class WebTrainer {
  constructor(
    private readonly harness: BotHarness,
    public token: string,
    private readonly locale = 'nl-NL',
  ) {}

  async act(verb: string, data: Record<string, unknown> = {}) {
    const response = await fetch(`${this.harness.bot.url}/praktijkopleider/api/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ verb, data, locale: this.locale }),
    });
    const body = (await response.json()) as { card?: Record<string, unknown>; reason?: string };
    await this.harness.bot.idle();
    if (body.card) assertValidCard(body.card);
    return { status: response.status, headers: response.headers, card: body.card, reason: body.reason };
  }

  async click(card: unknown, title: string, inputs: Record<string, string> = {}) {
    const action = findAction(card, title);
    if (!action) throw new Error(`no button '${title}'; buttons: ${actionTitles(card).join(', ')}`);
    return this.act(action.verb, { ...action.data, ...inputs });
  }
}

let requests = 0;

/**
 * Asks for a new link with the form, as a browser posts it: each time from another client address,
 * as trainers' browsers are (the form allows one client a few requests only).
 */
export async function requestLink(harness: BotHarness, email: string) {
  requests += 1;
  const response = await fetch(`${harness.bot.url}/praktijkopleider/nieuwe-link`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': `192.0.2.${requests % 250}`,
    },
    body: new URLSearchParams({ email }).toString(),
  });
  const html = await response.text();
  await harness.bot.idle();
  return { status: response.status, html };
}

/** The newest mail to `address` (waiting for it), caught after `after` mails. */
export function mailTo(catcher: MailCatcher, address: string, after = 0) {
  return catcher.next((m) => m.to.includes(address), after);
}

export type { TeamsUser };
