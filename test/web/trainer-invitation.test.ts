import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { PlacementRepository } from '../../src/storage/placement-repository';
import { BotHarness } from '../support/bot-harness';
import { MailCatcher, mailEnv, mailTo, tokenOf, WebTrainer } from '../support/web-trainer';

let catcher: MailCatcher;
let harness: BotHarness;

beforeAll(async () => {
  catcher = await MailCatcher.start();
  harness = await BotHarness.start({ env: { ...mailEnv(catcher), MAIL_FROM: 'bpv@school.example' } });
});
afterAll(async () => {
  await harness?.stop();
  await catcher?.stop();
});

/** A placement at "Voorbeeld ICT B.V." whose trainer works by e-mail; nobody has used the bot yet. */
async function placement() {
  const tag = randomUUID().slice(0, 8);
  const people = {
    student: { aadObjectId: randomUUID(), name: `Sanne Jansen ${tag}`, email: `sanne.${tag}@example.org` },
    trainer: { name: `Pieter de Vries ${tag}`, email: `pieter.${tag}@bedrijf.example` },
    supervisor: {
      aadObjectId: randomUUID(),
      name: `Fatima El Amrani ${tag}`,
      email: `fatima.${tag}@example.org`,
    },
  };
  const { id } = await new PlacementRepository(harness.store).importPlacement({
    student: { email: people.student.email, name: people.student.name },
    trainer: { email: people.trainer.email, name: people.trainer.name },
    supervisor: { email: people.supervisor.email, name: people.supervisor.name },
    company: 'Voorbeeld ICT B.V.',
    qualificationId: 'ict-beheerder',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
    trainerContact: 'email',
  });
  return { id, people, student: harness.user(people.student) };
}

/** The value of a header of a caught mail, as its mail program reads it. */
function header(raw: Buffer, name: string): string | undefined {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
  const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim();
}

describe('the invitation of a trainer who works by e-mail', () => {
  it('goes out the moment the student opens the first round by installing the app, and explains the list', async () => {
    const { id, people, student } = await placement();
    const before = catcher.mails.length;
    await student.install();
    const mail = await mailTo(catcher, people.trainer.email, before);

    expect(mail.subject).toBe(`Afsprakenlijst BPV: Uitnodiging: de afsprakenlijst van Sanne, startgesprek`);
    // Who, where, what the list is, what is asked and by when, and the link.
    expect(mail.text).toContain(`Beste ${people.trainer.name},`);
    expect(mail.text).toContain(
      `${people.student.name} loopt stage (BPV) bij Voorbeeld ICT B.V. en jij bent de praktijkopleider.`,
    );
    expect(mail.text).toContain(
      'per werkproces van de opleiding spreken jullie af op welk niveau Sanne bij jullie werkt',
    );
    expect(mail.text).toContain('Wat we van je vragen:');
    expect(mail.text).toContain(
      `Daarna keurt ${people.supervisor.name}, begeleider van school, de lijst goed.`,
    );
    expect(mail.text).toMatch(/Graag vóór \w+dag \d{1,2} \w+ 20\d\d\./);
    expect(tokenOf(mail.links[0] as string)).toContain(id);
    // The link opens the round the student opened.
    const trainer = new WebTrainer(harness, tokenOf(mail.links[0] as string));
    expect((await trainer.act('start')).status).toBe(200);
    // Mail details: no double full stop after "B.V.", one sender name and signature, answers reach a person.
    expect(mail.text).not.toMatch(/B\.V\.\./);
    expect(mail.html).not.toMatch(/B\.V\.\./);
    expect(header(mail.raw, 'From')?.replaceAll('"', '')).toBe('BPV-bureau <bpv@school.example>');
    expect(mail.text.trimEnd().endsWith('Met vriendelijke groet,\nBPV-bureau')).toBe(true);
    expect(header(mail.raw, 'Reply-To')).toBe(people.supervisor.email);
    expect(mail.text).toContain(
      `Vragen? Beantwoord deze e-mail, of neem contact op met ${people.supervisor.name}`,
    );
  });

  it('goes out when the student types start before anything else, once', async () => {
    const { people, student } = await placement();
    const before = catcher.mails.length;
    await student.say('start');
    const mail = await mailTo(catcher, people.trainer.email, before);
    expect(mail.subject).toContain('Uitnodiging');
    await student.say('start');
    await harness.bot.idle();
    expect(catcher.mails.slice(before).filter((m) => m.to.includes(people.trainer.email))).toHaveLength(1);
  });
});

describe('the mail settings', () => {
  it('send and sign with the name of MAIL_FROM, BPV-bureau when it has none, and answer to MAIL_REPLY_TO', () => {
    const smtp = { MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525' };
    const bare = loadConfig({ ...smtp, MAIL_FROM: 'bpv@school.nl' });
    expect(bare.mail).toMatchObject({ from: 'BPV-bureau <bpv@school.nl>' });
    expect(bare.mailSignature).toEqual({ name: 'BPV-bureau' });
    const named = loadConfig({
      ...smtp,
      MAIL_FROM: 'Stagebureau ROC <stage@school.nl>',
      MAIL_REPLY_TO: 'Stage@School.nl',
    });
    expect(named.mailSignature).toEqual({ name: 'Stagebureau ROC', replyTo: 'stage@school.nl' });
    expect(() =>
      loadConfig({ ...smtp, MAIL_FROM: 'bpv@school.nl', MAIL_REPLY_TO: 'not an address' }),
    ).toThrow(/MAIL_REPLY_TO/);
  });
});
