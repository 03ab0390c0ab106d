/** Every card action's verb. Templates and builders use these; the router maps each to a handler. */
export const Verb = {
  start: 'start',
  status: 'status',
  help: 'help',
  /** Open the check-in of one placement (a trainer with several students picks one). */
  open: 'open',
  /** Save a step's answer and move back, forward, or stay. */
  answer: 'answer',
  /** Jump to a step from the overview. */
  goTo: 'goto',
  /** Finish one's own part. */
  finish: 'finish',
  /** The trainer settles the agreed list. */
  settle: 'settle',
  /** The student agrees with the settled list. */
  confirm: 'confirm',
  /** The student sends the settled list back with a remark. */
  sendBack: 'sendback',
  /** The supervisor approves the submitted version. */
  approve: 'approve',
  /** The supervisor asks for changes, with a remark. */
  requestChanges: 'requestchanges',
  /** The trainer reopens an approved list, which withdraws the approval. */
  reopen: 'reopen',
  /** The trainer starts the next check-in before its due date. */
  openNextRound: 'opennextround',
  /** Open a placement's summary card (the supervisor's pending approvals). */
  review: 'review',
  /** Show one submitted version of an agreed list, read-only. */
  version: 'version',
  /** A one-time link to the PDF of a stored version. */
  download: 'download',
  /** A card of a round as it is now: Teams' automatic refresh, and the button that opens the list. */
  refresh: 'refresh',
  /** Snooze a reminder for a week. */
  snooze: 'snooze',
  /** The BPV office imports the placements file its preview showed. */
  officeImport: 'office.import',
  /** The BPV office asks for the report of a preview's refused rows. */
  officeReport: 'office.report',
  /** The BPV office confirms an erase or a rebind. */
  officeConfirm: 'office.confirm',
  /** The BPV office asks for the export of approved agreements. */
  officeExport: 'office.export',
  /** The BPV office asks for its overview as CSV. */
  officeOverviewCsv: 'office.overviewcsv',
  /** The BPV office's overview, drawn anew. */
  officeOverview: 'office.overview',
  /** The BPV office stores the qualification a form's preview showed. */
  saveQualification: 'savequalification',
} as const;

/** The verbs of the BPV office's cards; the office rim routes them, not the check-in router. */
export type OfficeVerbName =
  | 'officeImport'
  | 'officeReport'
  | 'officeConfirm'
  | 'officeExport'
  | 'officeOverviewCsv'
  | 'officeOverview';

export type VerbName = (typeof Verb)[keyof typeof Verb];
