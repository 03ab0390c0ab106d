import type { Translate } from '../i18n';
import type { Actor } from '../services/check-in/actor';
import type { CheckInDeps } from '../services/check-in/ports';
import type { DownloadLinkDeps } from '../services/download-links';
import type { SaveDeps } from '../services/qualification-forms';
import type { SnoozeStore } from '../services/snooze-reminders';

/** What a route knows of the turn: who acts, in which language. */
export interface RouteScope extends Actor {
  readonly t: Translate;
}

/** What the routes work through: the use cases' ports. */
export interface RouteDeps extends CheckInDeps {
  readonly reminders: SnoozeStore;
  readonly downloads: DownloadLinkDeps;
  /** Qualifications from the school's forms: where they are stored and who may store them. */
  readonly qualificationForms?: QualificationFormDeps;
}

/** What the BPV office's qualification actions work through. */
export interface QualificationFormDeps extends SaveDeps {
  /** Whether the Entra object id is of a member of the BPV office (its users or its group). */
  readonly isOfficeMember: (aadObjectId: string) => Promise<boolean>;
}
