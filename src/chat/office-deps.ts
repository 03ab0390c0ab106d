import type { Logger } from '../logger';
import type { OverviewRules } from '../services/coordinator-overview';
import type { DownloadLinkDeps } from '../services/download-links';
import type { InstallReport } from '../services/install-app';
import type { OfficeActionDeps } from '../services/office/office-actions';
import type { ExportBuildDeps } from '../services/office/office-export';
import type { OfficeFileDeps } from '../services/office/office-files';
import type { OfficeOverviewDeps } from '../services/office/office-overview';
import type { OfficeRole } from '../services/office/office-role';
import type { PlacementUploadDeps } from '../services/office/placement-upload';
import type { UploadFetchRules } from '../services/office/uploaded-file';
import type { QualificationCatalog } from '../services/qualification-catalog';
import type { AdaptiveCardJson } from './cards';

/** What the BPV office's cards work through; the composition root builds it. */
export interface OfficeDeps {
  readonly role: OfficeRole;
  /** The qualifications a form sent in is previewed against. */
  readonly qualifications: QualificationCatalog;
  /** The school's time zone, for the office's cards. */
  readonly timeZone: string;
  readonly upload: Omit<PlacementUploadDeps, 'now' | 'today' | 'keptFrom'> & {
    readonly today: (now: Date) => string;
    /** The first end date retention keeps, for the school's `today`. */
    readonly keptFrom: (today: string) => string;
  };
  readonly fetchRules: UploadFetchRules;
  readonly actions: OfficeActionDeps;
  readonly overview: OfficeOverviewDeps & { readonly rules: OverviewRules };
  readonly downloads: DownloadLinkDeps;
  /** What an export is planned and made with, and how often its card may show progress. */
  readonly exports: ExportBuildDeps &
    Pick<OfficeFileDeps, 'placements' | 'rounds' | 'qualifications' | 'timeZone'> & {
      /** The least time between two progress updates of the card (Teams limits changes). */
      readonly progressEveryMs: number;
    };
  /** Installs the app for everyone without a chat with the bot; undefined when installing is off. */
  readonly installApp: (() => Promise<InstallReport>) | undefined;
  /**
   * Replaces a card in the office member's chat (the import card with the installs' outcome, the
   * export card with its progress): the chat is found once, at the click, so the last update gets
   * through even when storage goes away while the work runs.
   */
  readonly cardUpdater: (
    aadObjectId: string,
    activityId: string,
  ) => Promise<(card: AdaptiveCardJson) => Promise<void>>;
  readonly logger: Logger;
}

/** The office member's turn: who, when. */
export interface OfficeTurn {
  readonly aadObjectId: string;
  readonly now: Date;
}
