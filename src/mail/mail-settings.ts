import { z } from 'zod';

/**
 * How mail goes out: not at all, through SMTP, through Microsoft Graph, or (local mode only, when
 * `MAIL_TRANSPORT` is not set) to a mail catcher on this machine that local mode starts.
 */
export type MailConfig =
  | { readonly transport: 'off' }
  | { readonly transport: 'local' }
  | { readonly transport: 'smtp'; readonly smtpUrl: string; readonly from: string }
  | { readonly transport: 'graph'; readonly from: string };

/** Who mails come from, by name, and where answers to them go. */
export interface MailSignature {
  /** The display name of `MAIL_FROM`, else `BPV-bureau`: the mails are sent and signed with it. */
  readonly name: string;
  /** `MAIL_REPLY_TO`; unset, answers go to the placement's supervisor. */
  readonly replyTo?: string;
}

/** The name mails are sent and signed with when `MAIL_FROM` gives none. */
export const DEFAULT_SENDER_NAME = 'BPV-bureau';

/** The display name of `Name <address>`, undefined for a bare address. */
export function displayNameOf(from: string | undefined): string | undefined {
  const name = from?.match(/^\s*"?([^"<]*?)"?\s*</)?.[1]?.trim();
  return name ? name : undefined;
}

/** `MAIL_FROM` with the sender's name: a bare address gets {@link DEFAULT_SENDER_NAME}. */
export function namedSender(from: string): string {
  return displayNameOf(from) ? from : `${DEFAULT_SENDER_NAME} <${from.trim()}>`;
}

/** The signed links of trainers who work by e-mail. */
export interface TrainerLinkConfig {
  readonly secret: string;
  readonly days: number;
}

/** How many days a trainer's link works when `TRAINER_LINK_DAYS` is not set. */
export const DEFAULT_TRAINER_LINK_DAYS = 14;

/** Signs links outside production when no secret is set: anyone can read it here, so production refuses it. */
export const DEVELOPMENT_TRAINER_LINK_SECRET = 'development-only-trainer-link-secret-never-in-production';
export const MIN_TRAINER_LINK_SECRET_LENGTH = 32;

const text = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

/** The mail settings, part of the configuration schema (src/config.ts reads the environment). */
export const mailSettingsShape = {
  MAIL_TRANSPORT: z
    .enum(['off', 'smtp', 'graph'])
    .optional()
    .describe(
      'Mail to trainers who work by e-mail: `off` when unset, `smtp` or `graph`; local mode catches mail on this machine.',
    ),
  SMTP_URL: text
    .refine(
      (value) => value === undefined || /^smtps?:\/\/[^\s/?#]+/i.test(value),
      'must be an smtp:// or smtps:// address such as smtps://user:password@smtp.school.nl:465',
    )
    .describe('SMTP server for `smtp`, e.g. `smtps://user:password@smtp.school.nl:465`.'),
  // A bare address or `Name <address>`.
  MAIL_FROM: text
    .refine(
      (value) => value === undefined || /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(value),
      'must be an e-mail address such as bpv@school.nl or "BPV-bureau <bpv@school.nl>"',
    )
    .describe(
      "Sender address (`bpv@school.nl` or `BPV-bureau <bpv@school.nl>`); required when mail is on. Its name (`BPV-bureau` when none) signs the mails. Through Graph the school's mailbox, which needs `Mail.Send`.",
    ),
  MAIL_REPLY_TO: text
    .refine(
      (value) => value === undefined || /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value),
      "must be one e-mail address such as bpv@school.nl, where trainers' answers to the mails go",
    )
    .describe("Where trainers' answers to the mails go (Reply-To); unset, to the placement's supervisor."),
  TRAINER_LINK_SECRET: text
    .refine(
      (value) => value === undefined || value.length >= MIN_TRAINER_LINK_SECRET_LENGTH,
      `must be at least ${MIN_TRAINER_LINK_SECRET_LENGTH} characters`,
    )
    .describe(
      "HMAC key of trainers' links (32+ characters); in production required for mail, else no link works. Unset outside production: a development key.",
    ),
  TRAINER_LINK_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(90)
    .default(DEFAULT_TRAINER_LINK_DAYS)
    .describe("How many days a trainer's link works (1–90)."),
};

type MailEnv = z.infer<z.ZodObject<typeof mailSettingsShape>>;

/** A mail setting that is missing or contradicts another; config.ts turns it into its ConfigError. */
export class MailSettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'MailSettingError';
  }
}

/**
 * The transport and link settings. Unset, mail is off, except in local mode, which catches mail on
 * this machine. Production needs a link secret of its own (with the development one anyone could
 * make a link to any trainer's page): without one no link works, and mail cannot be turned on.
 */
export function mailSettings(
  e: MailEnv,
  mode: 'local' | 'development' | 'production',
): { mail: MailConfig; trainerLinks: TrainerLinkConfig | undefined; mailSignature: MailSignature } {
  const transport = e.MAIL_TRANSPORT ?? (mode === 'local' ? 'local' : 'off');
  let mail: MailConfig;
  if (transport === 'smtp') {
    if (!e.SMTP_URL) throw new MailSettingError('SMTP_URL', 'required when MAIL_TRANSPORT is smtp');
    if (!e.MAIL_FROM) throw new MailSettingError('MAIL_FROM', 'required when MAIL_TRANSPORT is smtp');
    mail = { transport, smtpUrl: e.SMTP_URL, from: namedSender(e.MAIL_FROM) };
  } else if (transport === 'graph') {
    if (!e.MAIL_FROM) {
      throw new MailSettingError('MAIL_FROM', "required when MAIL_TRANSPORT is graph: the school's mailbox");
    }
    mail = { transport, from: e.MAIL_FROM };
  } else {
    mail = { transport };
  }
  if (mode === 'production' && transport !== 'off' && !e.TRAINER_LINK_SECRET) {
    throw new MailSettingError(
      'TRAINER_LINK_SECRET',
      `required in production when mail is on: a secret of at least ${MIN_TRAINER_LINK_SECRET_LENGTH} characters`,
    );
  }
  // Production without a secret of its own accepts no link at all.
  const secret =
    e.TRAINER_LINK_SECRET ?? (mode === 'production' ? undefined : DEVELOPMENT_TRAINER_LINK_SECRET);
  const mailSignature: MailSignature = {
    name: displayNameOf(e.MAIL_FROM) ?? DEFAULT_SENDER_NAME,
    ...(e.MAIL_REPLY_TO ? { replyTo: e.MAIL_REPLY_TO.toLowerCase() } : {}),
  };
  return { mail, trainerLinks: secret ? { secret, days: e.TRAINER_LINK_DAYS } : undefined, mailSignature };
}
