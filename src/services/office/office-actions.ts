import { randomBytes } from 'node:crypto';
import { normalizeEmail, type Placement, type Role } from '../../domain/placement';
import type { RoleFinder } from '../account-ports';
import { type ErasureDeps, type ErasureReport, erasePerson } from '../erase-person';
import { type RebindDeps, type RebindReport, rebindAccount } from '../rebind-account';
import type { OfficeStore, PendingAction } from './ports';

/** How long a confirmation card's button works. */
export const CONFIRM_MINUTES = 15;

/** An office action on a person, waiting for **Definitief verwijderen** or **Koppelen**. */
export interface ConfirmationAsked {
  readonly kind: 'confirm';
  readonly action: PendingAction['kind'];
  readonly pendingId: string;
  /** The person as the placements name them, and their roles: what the card shows. */
  readonly name: string | undefined;
  readonly roles: readonly { readonly placement: Placement; readonly role: Role }[];
  readonly coordinator: boolean;
}

export interface OfficeActionDeps {
  readonly office: Pick<OfficeStore, 'savePending' | 'takePending' | 'audit'>;
  readonly roles: Pick<RoleFinder, 'rolesForEmail'>;
  readonly isCoordinator: (email: string) => Promise<boolean>;
  readonly emailKey: (email: string) => string;
  readonly erasure: ErasureDeps;
  readonly rebind: RebindDeps;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Asks for an erase or a rebind of the person behind `email`: nothing changes yet. The card that
 * follows names the person and their placements; its button carries only the id of this pending
 * action, which works once, for the office member who asked, for a few minutes.
 */
export async function askOfficeAction(
  action: PendingAction['kind'],
  email: string,
  actorId: string,
  now: Date,
  deps: OfficeActionDeps,
): Promise<ConfirmationAsked | { readonly kind: 'invalid' } | { readonly kind: 'nobody' }> {
  const address = normalizeEmail(email);
  if (!ADDRESS.test(address)) return { kind: 'invalid' };
  const roles = await deps.roles.rolesForEmail(address);
  const coordinator = await deps.isCoordinator(address);
  if (roles.length === 0 && !coordinator) return { kind: 'nobody' };
  const pendingId = randomBytes(16).toString('base64url');
  await deps.office.savePending(
    pendingId,
    {
      kind: action,
      email: address,
      aadObjectId: actorId,
      expiresAt: new Date(now.getTime() + CONFIRM_MINUTES * 60_000).toISOString(),
    },
    now,
  );
  const first = roles[0];
  return {
    kind: 'confirm',
    action,
    pendingId,
    name: first ? first.placement[first.role].name : undefined,
    roles,
    coordinator,
  };
}

export type ConfirmOutcome =
  | { readonly kind: 'erased'; readonly report: ErasureReport }
  | { readonly kind: 'rebound'; readonly report: RebindReport }
  /** Used already (a second click), or never asked. */
  | { readonly kind: 'gone' }
  | { readonly kind: 'expired' };

/**
 * Carries out a confirmed action, once: the pending action is taken (of two clicks, one gets it)
 * and only then is anything erased or released. The office's audit trail records who did what to
 * whom, by the key of the address.
 */
export async function confirmOfficeAction(
  pendingId: string,
  actorId: string,
  now: Date,
  deps: OfficeActionDeps,
): Promise<ConfirmOutcome> {
  const pending = await deps.office.takePending(pendingId);
  if (!pending || pending.aadObjectId !== actorId) return { kind: 'gone' };
  if (Date.parse(pending.expiresAt) <= now.getTime()) return { kind: 'expired' };
  const base = { at: now.toISOString(), actorId, emailKey: deps.emailKey(pending.email) };
  if (pending.kind === 'erase') {
    const report = await erasePerson(pending.email, deps.erasure);
    await deps.rebind.coordinators.releaseAddress(pending.email);
    await deps.office.audit({
      ...base,
      action: 'person_erased',
      detail: {
        removedPlacements: report.removedPlacements.length,
        anonymisedPlacements: report.anonymisedPlacements.length,
      },
    });
    return { kind: 'erased', report };
  }
  const report = await rebindAccount(pending.email, now, deps.rebind, actorId);
  await deps.office.audit({
    ...base,
    action: 'account_rebound',
    detail: { released: report.released.length, coordinator: report.coordinatorReleased ? 1 : 0 },
  });
  return { kind: 'rebound', report };
}
