import type { UploadedFile } from '../services/office/uploaded-file';
import { OfficeBackground } from './office-background';
import type { OfficeDeps, OfficeTurn } from './office-deps';
import { parseOfficeCommand } from './office-input';
import { askCard, overviewCard } from './office-queries';
import { uploadCard } from './office-upload';
import { exportFormCard, notOfficeCard, officeHelpCard } from './office-views';
import { officeCardAction } from './registry';
import type { Reply } from './reply';

export { OfficeBackground } from './office-background';
export { notOfficeCard, officeHelpCard } from './office-views';

/**
 * The office's answer to a message: files and office commands from an office member, a polite
 * refusal for anyone else; undefined when the message is not for the office.
 */
export async function officeMessage(
  turn: OfficeTurn,
  message: { readonly text: unknown; readonly files: readonly UploadedFile[] },
  deps: OfficeDeps,
  hasOtherRoles: boolean,
): Promise<Reply | undefined> {
  const { files } = message;
  const command = parseOfficeCommand(message.text);
  if (files.length === 0 && !command) return undefined;
  const member = await deps.role.isMember(turn.aadObjectId);
  if (!member) {
    // A supervisor's `overzicht` is their caseload, a coordinator's their overview: not the office's.
    if (command?.kind === 'overview' && files.length === 0) return undefined;
    return { card: notOfficeCard(deps.role.configured) };
  }
  if (files.length > 0) return { card: await uploadCard(turn, files, deps) };
  switch (command?.kind) {
    case 'overview':
      return { card: await overviewCard(turn, deps) };
    case 'export':
      return { card: exportFormCard() };
    case 'erase':
    case 'rebind':
      return { card: await askCard(turn, command.kind, command.email, deps) };
    default:
      return hasOtherRoles ? undefined : { card: officeHelpCard() };
  }
}

/** The office's part of the bot: its messages, its buttons, and the work that follows them. */
export class OfficeRim {
  private readonly background = new OfficeBackground();

  constructor(private readonly deps: OfficeDeps) {}

  /** {@link officeMessage} for a message: its text and the files it carries. */
  message(
    turn: OfficeTurn & { readonly memberships: readonly unknown[] },
    message: { readonly text: unknown; readonly files: readonly UploadedFile[] },
  ): Promise<Reply | undefined> {
    return officeMessage(turn, message, this.deps, turn.memberships.length > 0);
  }

  /** {@link officeCardAction} for a card action answered in place of message `replyToId`. */
  action(turn: OfficeTurn, replyToId: string | undefined, verb: unknown, data: unknown) {
    return officeCardAction({ ...turn, replyToId }, verb, data, this.deps, this.background);
  }

  isMember(aadObjectId: string): Promise<boolean> {
    return this.deps.role.isMember(aadObjectId);
  }

  idle(): Promise<void> {
    return this.background.idle();
  }
}
