import type { AuditEvent } from '../../domain/audit';
import {
  answerStep as answerStepInRound,
  type CheckInRound,
  checkInSteps,
  goToStep as goToStepInRound,
  type PartRole,
  type StepInput,
} from '../../domain/check-in';
import type { Qualification } from '../../domain/qualification';
import { type Actor, auditEvent, holding, roundFor } from './actor';
import { applyToRound, type RoundResult } from './outcome';
import type { CheckInDeps } from './ports';

/** Which step of whose part a card showed, and the revision of the part it was drawn from. */
export interface StepAddress {
  readonly placementId: string;
  readonly round: number;
  readonly role: PartRole;
  readonly rev: number;
  readonly stepIndex: number;
}

/** What was filled in on a step's card, and where to go next. */
export interface AnswerCommand extends StepAddress {
  readonly navigation: 'next' | 'back' | 'stay';
  readonly input: StepInput;
}

/**
 * Saves a step of a part. A double click repeats an answer already saved: nothing changes, and
 * the caller shows where the first click led.
 */
export async function answerStep(
  deps: CheckInDeps,
  actor: Actor,
  command: AnswerCommand,
): Promise<RoundResult> {
  const placement = holding(actor, command.placementId, command.role);
  const q = await deps.qualifications.forPlacement(placement);
  return applyToRound(deps, placement, roundFor(actor, command.round, placement, command.role), {
    decide: (round) => {
      const part = round.parts[command.role];
      if (command.rev !== part.rev && sameAsSaved(round, q, command)) return { round, events: [] };
      const changed = answerStepInRound(round, q, {
        role: command.role,
        stepIndex: command.stepIndex,
        rev: command.rev,
        input: command.input,
        navigation: command.navigation,
      });
      return { round: changed, events: answerEvents(actor, round, changed, q, command) };
    },
  });
}

/** Moves a person to a step from the overview, without changing answers. */
export async function goToStep(deps: CheckInDeps, actor: Actor, command: StepAddress): Promise<RoundResult> {
  const placement = holding(actor, command.placementId, command.role);
  const q = await deps.qualifications.forPlacement(placement);
  return applyToRound(deps, placement, roundFor(actor, command.round, placement, command.role), {
    decide: (round) => ({
      round: goToStepInRound(round, q, {
        role: command.role,
        stepIndex: command.stepIndex,
        rev: command.rev,
      }),
      events: [],
    }),
  });
}

/** An audit line when the step's answer changed: codes and levels, never the text itself. */
function answerEvents(
  actor: Actor,
  before: CheckInRound,
  after: CheckInRound,
  q: Qualification,
  command: AnswerCommand,
): AuditEvent[] {
  const step = checkInSteps(q)[command.stepIndex];
  const was = before.parts[command.role];
  const now = after.parts[command.role];
  if (step?.kind === 'werkproces') {
    const answer = now.answers[step.werkproces.code];
    if (!answer || answer === was.answers[step.werkproces.code]) return [];
    return [
      auditEvent(actor, command.role, 'answered', before.number, {
        werkproces: step.werkproces.code,
        level: answer.level,
      }),
    ];
  }
  if (step && now.texts[step.kerntaakCode] !== was.texts[step.kerntaakCode]) {
    return [
      auditEvent(actor, command.role, 'answered', before.number, {
        kerntaak: step.kerntaakCode,
        field: 'werkzaamheden',
      }),
    ];
  }
  return [];
}

/** Whether an answer equals what is already saved for that step (a repeated click). */
function sameAsSaved(round: CheckInRound, q: Qualification, command: AnswerCommand): boolean {
  const step = checkInSteps(q)[command.stepIndex];
  const part = round.parts[command.role];
  const { input } = command;
  if (!step) return false;
  if (step.kind === 'werkzaamheden')
    return (input.text?.trim() ?? '') === (part.texts[step.kerntaakCode] ?? '');
  const saved = part.answers[step.werkproces.code];
  return !!saved && saved.level === input.level?.trim() && (saved.note ?? '') === (input.note?.trim() ?? '');
}
