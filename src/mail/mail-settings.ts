import { z } from 'zod';
import { optionalText, type RunMode } from '../common-settings';

/**
 * How mail goes out: not at all, through SMTP, through Microsoft Graph, or (local mode only, when
 * `MAIL_TRANSPORT` is not set) to a mail catcher on this machine that local mode starts.
 */
export type MailConfig =
  | { readonly transport: 'off' }
  | { readonly transport: 'local' }
  | { readonly transport: 'smtp'; readonly smtpUrl: string; readonly from: string }
  | { readonly transport: 'graph'; readonly from: string };

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

const text = optionalText;

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
};

/**
 * How mail goes out in `mode`, and how it is signed. Unset, mail is off, except in local mode,
 * which catches mail on this machine.
 */
export const mailSettings = (mode: RunMode) =>
  z.object(mailSettingsShape).transform((e, ctx) => {
    const refuse = (variable: string, message: string) => {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
      return z.NEVER;
    };
    const transport = e.MAIL_TRANSPORT ?? (mode === 'local' ? 'local' : 'off');
    let mail: MailConfig;
    if (transport === 'smtp') {
      if (!e.SMTP_URL) return refuse('SMTP_URL', 'required when MAIL_TRANSPORT is smtp');
      if (!e.MAIL_FROM) return refuse('MAIL_FROM', 'required when MAIL_TRANSPORT is smtp');
      mail = { transport, smtpUrl: e.SMTP_URL, from: namedSender(e.MAIL_FROM) };
    } else if (transport === 'graph') {
      if (!e.MAIL_FROM)
        return refuse('MAIL_FROM', "required when MAIL_TRANSPORT is graph: the school's mailbox");
      mail = { transport, from: e.MAIL_FROM };
    } else {
      mail = { transport };
    }
    const mailSignature: { readonly name: string; readonly replyTo?: string } = {
      // The display name of `MAIL_FROM`, else `BPV-bureau`: the mails are sent and signed with it.
      name: displayNameOf(e.MAIL_FROM) ?? DEFAULT_SENDER_NAME,
      // `MAIL_REPLY_TO`; unset, answers go to the placement's supervisor.
      ...(e.MAIL_REPLY_TO ? { replyTo: e.MAIL_REPLY_TO.toLowerCase() } : {}),
    };
    return {
      /** Mail to trainers who work by e-mail (`MAIL_TRANSPORT`, `SMTP_URL`, `MAIL_FROM`). */
      mail,
      /** The name mails are sent and signed with, and where answers to them go (`MAIL_REPLY_TO`). */
      mailSignature,
    };
  });

/** Who mails come from, by name, and where answers to them go. */
export type MailSignature = z.output<ReturnType<typeof mailSettings>>['mailSignature'];
