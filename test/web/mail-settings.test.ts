import { ConfigError, loadConfig } from '../../src/config';
import { createMailSender } from '../../src/mail/create-mail-sender';
import { GraphMailSender } from '../../src/mail/graph-mail-sender';
import { SmtpMailSender } from '../../src/mail/smtp-mail-sender';
import { MailUndeliverableError } from '../../src/services/mail-ports';
import { DEVELOPMENT_TRAINER_LINK_SECRET } from '../../src/web/trainer-link-settings';
import { MailCatcher } from '../support/web-trainer';

const TENANT = '9a8b7c6d-1234-4abc-8def-0123456789ab';
const PRODUCTION = {
  MicrosoftAppId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: TENANT,
  STORAGE_CONNECTION_STRING:
    'DefaultEndpointsProtocol=https;AccountName=bpvprod;AccountKey=abc==;EndpointSuffix=core.windows.net',
  ALLOWED_TENANT_IDS: TENANT,
  EMAIL_HASH_KEY: 'k3y-of-the-school-0123456789abcdef',
};
const DEVELOPMENT = { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
const SMTP = {
  MAIL_TRANSPORT: 'smtp',
  SMTP_URL: 'smtps://bpv:pw@smtp.school.nl:465',
  MAIL_FROM: 'bpv@school.nl',
};

function refused(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('mail settings', () => {
  it('are off unless set, except in local mode, which catches mail on this machine', () => {
    expect(loadConfig({}).mail).toEqual({ transport: 'local' });
    expect(loadConfig(DEVELOPMENT).mail).toEqual({ transport: 'off' });
    expect(loadConfig({ ...DEVELOPMENT, ...SMTP }).mail).toEqual({
      transport: 'smtp',
      smtpUrl: 'smtps://bpv:pw@smtp.school.nl:465',
      from: 'BPV-bureau <bpv@school.nl>',
    });
    expect(loadConfig(DEVELOPMENT).trainerLinks).toEqual({
      secret: DEVELOPMENT_TRAINER_LINK_SECRET,
      days: 14,
    });
    expect(loadConfig({ ...DEVELOPMENT, TRAINER_LINK_DAYS: '7' }).trainerLinks?.days).toBe(7);
  });

  it('name the setting that is missing or wrong', () => {
    expect(refused({ ...DEVELOPMENT, MAIL_TRANSPORT: 'smtp', MAIL_FROM: 'bpv@school.nl' })).toMatch(
      /^SMTP_URL: required/,
    );
    expect(refused({ ...DEVELOPMENT, MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://relay:25' })).toMatch(
      /^MAIL_FROM: required/,
    );
    expect(refused({ ...DEVELOPMENT, ...SMTP, SMTP_URL: 'https://smtp.school.nl' })).toMatch(
      /^SMTP_URL: must be/,
    );
    expect(refused({ ...DEVELOPMENT, ...SMTP, MAIL_FROM: 'bpv' })).toMatch(/^MAIL_FROM: must be/);
    expect(refused({ ...DEVELOPMENT, MAIL_TRANSPORT: 'sendgrid' })).toMatch(/^MAIL_TRANSPORT/);
    expect(refused({ ...DEVELOPMENT, TRAINER_LINK_SECRET: 'short' })).toMatch(
      /^TRAINER_LINK_SECRET: must be at least 32/,
    );
    expect(refused({ ...DEVELOPMENT, TRAINER_LINK_DAYS: '0' })).toMatch(/^TRAINER_LINK_DAYS/);
    expect(
      loadConfig({ ...DEVELOPMENT, ...SMTP, MAIL_FROM: 'BPV-bureau <bpv@school.nl>' }).mail,
    ).toMatchObject({
      from: 'BPV-bureau <bpv@school.nl>',
    });
  });

  it('in production need a link secret of their own: without one no link works and mail cannot be on', () => {
    expect(loadConfig(PRODUCTION).trainerLinks).toBeUndefined();
    expect(refused({ ...PRODUCTION, ...SMTP })).toMatch(/^TRAINER_LINK_SECRET: required in production/);
    const secret = 'a-secret-of-the-school-0123456789abcdef';
    expect(loadConfig({ ...PRODUCTION, ...SMTP, TRAINER_LINK_SECRET: secret }).trainerLinks).toEqual({
      secret,
      days: 14,
    });
  });

  it('send through Graph from the school mailbox when the bot has an identity, and say so when it has none', () => {
    const withoutIdentity = loadConfig({
      ...DEVELOPMENT,
      MAIL_TRANSPORT: 'graph',
      MAIL_FROM: 'bpv@school.nl',
    });
    expect(() => createMailSender(withoutIdentity)).toThrow(ConfigError);
    expect(() => createMailSender(withoutIdentity)).toThrow(/^MAIL_TRANSPORT: graph signs in as the bot/);
    expect(createMailSender(loadConfig(DEVELOPMENT))).toBeUndefined();

    const config = loadConfig({
      ...PRODUCTION,
      MAIL_TRANSPORT: 'graph',
      MAIL_FROM: 'BPV-bureau <bpv@school.nl>',
      TRAINER_LINK_SECRET: 'a-secret-of-the-school-0123456789abcdef',
    });
    expect(config.graph.mailFrom).toBe('bpv@school.nl');
    expect(createMailSender(config)).toBeInstanceOf(GraphMailSender);
  });
});

describe('the SMTP transport', () => {
  let catcher: MailCatcher;
  beforeAll(async () => {
    catcher = await MailCatcher.start();
  });
  afterAll(async () => {
    await catcher?.stop();
  });

  it('delivers plain text and HTML from the configured sender', async () => {
    const sender = new SmtpMailSender(catcher.url, 'BPV-bureau <bpv@school.example>');
    await sender.send({
      to: 'pieter@bedrijf.example',
      subject: 'Onderwerp é',
      text: 'Tekst https://x.example/a',
      html: '<p>Tekst</p>',
    });
    const mail = await catcher.next((m) => m.subject === 'Onderwerp é');
    expect(mail).toMatchObject({
      from: 'bpv@school.example',
      to: ['pieter@bedrijf.example'],
      html: '<p>Tekst</p>',
    });
    expect(mail.links).toEqual(['https://x.example/a']);
  });

  it('reports a recipient refused for good as undeliverable, and an unreachable server as passing', async () => {
    catcher.refuse('weg@bedrijf.example');
    const sender = new SmtpMailSender(catcher.url, 'bpv@school.example');
    const mail = { to: 'weg@bedrijf.example', subject: 's', text: 't', html: '<p>t</p>' };
    await expect(sender.send(mail)).rejects.toBeInstanceOf(MailUndeliverableError);
    await expect(sender.send(mail)).rejects.toMatchObject({ status: 'smtp 550' });
    // Nothing listens on port 9 of loopback: a connection failure, to be tried again later.
    const down = new SmtpMailSender('smtp://127.0.0.1:9', 'bpv@school.example');
    const failure = await down
      .send({ ...mail, to: 'pieter@bedrijf.example' })
      .catch((error: unknown) => error);
    expect((failure as { code?: string }).code).toMatch(/^E[A-Z]+$/);
    expect(failure).not.toBeInstanceOf(MailUndeliverableError);
  });
});
