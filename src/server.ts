import restify from 'restify';
import { Notifier } from './chat/notifier';
import type { OfficeDeps } from './chat/office-deps';
import type { Config } from './config';
import { agreementCsv } from './documents/agreement-csv';
import { renderAgreementPdf } from './documents/agreement-pdf';
import { localDate, retentionCutoff } from './domain/privacy';
import { createGraphClient, type GraphAccess } from './graph/graph-connection';
import { GraphGroupMembership } from './graph/group-membership';
import { TeamsAppInstaller } from './graph/teams-app-installer';
import type { Logger } from './logger';
import { createTrainerMailer, withMailedTrainers } from './mail/trainer-mail-setup';
import { type BuiltInQualifications, loadQualificationCatalog } from './qualifications/catalog';
import { type BackupSchedule, createBackupSchedule } from './scheduler/backup-schedule';
import { checkDownloadLink, redeemDownloadLink } from './services/download-links';
import { installAppForPeople } from './services/install-app';
import { officeFileMaker } from './services/office/office-files';
import { OfficeRole } from './services/office/office-role';
import { storedQualificationCatalog } from './services/qualification-catalog';
import { AppInstallRepository } from './storage/app-install-repository';
import { CardRepository } from './storage/card-repository';
import { ConversationRepository } from './storage/conversation-repository';
import { CoordinatorRepository } from './storage/coordinator-repository';
import { DownloadLinkRepository } from './storage/download-link-repository';
import { KeyHasher } from './storage/keys';
import { OfficeRepository } from './storage/office-repository';
import { PersonalDataRepository } from './storage/personal-data-repository';
import { PlacementImportStore } from './storage/placement-import-store';
import { PlacementRepository } from './storage/placement-repository';
import { QualificationRepository } from './storage/qualification-repository';
import { ReminderRepository } from './storage/reminder-repository';
import { RoundRepository } from './storage/round-repository';
import type { StorageTarget } from './storage/storage-target';
import { blobService, TableBackupStore } from './storage/table-backup';
import { TableStore } from './storage/table-store';
import { TrainerContactRepository } from './storage/trainer-contact-repository';
import { UserRepository } from './storage/user-repository';
import { createAdapter } from './teams/adapter';
import { BpvBot } from './teams/bpv-bot';
import { hideErrorDetails, registerMessagesEndpoint, TEAMS_CONNECTOR_HOSTS } from './teams/messages-endpoint';
import { ProactiveChannel } from './teams/proactive-channel';
import { BotReminderSender } from './teams/reminder-sender';
import { registerDownloadEndpoint } from './web/download-endpoint';
import { registerRequestLimits, registerTransportSecurity } from './web/request-limits';
import { startTrainerWeb } from './web/trainer-web';
import { createReminderService, createSendRateShare, reminderRules } from './wiring/reminders';
import { createRetentionSchedule } from './wiring/schedules';

/** The running bot: its HTTP server and what a caller may need to reach behind it. */
export interface RunningBot {
  readonly url: string;
  readonly store: TableStore;
  /** Resolves once the proactive follow-ups of answered card actions have gone out. */
  idle(): Promise<void>;
  /** Drops what the process keeps of storage between turns: the next turns read it, as after a restart. */
  forget(): void;
  close(): Promise<void>;
}

export interface BotOptions {
  config: Config;
  storage: StorageTarget;
  logger: Logger;
  /** The built-in qualifications; by default the data files under `src/qualifications/`. */
  qualifications?: BuiltInQualifications;
  now?: () => Date;
  /** A Graph credential instead of the bot's identity (a stand-in Graph in tests). */
  graphAccess?: GraphAccess;
  /** The least time between two progress updates of an export's card; two seconds by default. */
  exportProgressEveryMs?: number;
}

/** Composition root: storage → repositories → bot → restify, and the reminder schedule. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const store = new TableStore(options.storage, config.tablePrefix, KeyHasher.keyed(config.emailHashKey));
  await store.ensureTables();
  const storedQualifications = new QualificationRepository(store);
  const qualifications = storedQualificationCatalog(
    options.qualifications ?? loadQualificationCatalog(),
    storedQualifications,
  );

  const now = options.now ?? (() => new Date());
  const conversations = new ConversationRepository(store);
  const adapter = createAdapter(config.auth, logger, config.connectorTimeoutMs);
  const cards = new CardRepository(store);
  const placements = new PlacementRepository(store);
  const rounds = new RoundRepository(store);
  const links = new DownloadLinkRepository(store);
  // Links point where browsers reach the bot: the setting, else the address it ends up listening on.
  let publicUrl = config.publicUrl;
  // Reminders and the cards sent after a click share this process's part of Teams' limits.
  const share = createSendRateShare(store, config.reminders, logger);
  await share.join();
  const channel = new ProactiveChannel({
    adapter,
    appId: config.auth?.appId ?? '',
    conversations,
    timeZone: config.timeZone,
    slots: share,
    logger,
    now,
  });
  // Trainers who work by e-mail get a mail with a fresh link wherever others get a card.
  const mailer = createTrainerMailer(config, logger, now, () => publicUrl ?? '');
  const notifier = new Notifier(channel, cards, mailer);
  const graph = createGraphClient(config.graph, options.graphAccess);
  const officeRole = new OfficeRole(config.office, graph ? new GraphGroupMembership(graph) : undefined, now);
  const routeDeps = {
    conversations,
    rounds,
    downloads: { links, baseUrl: () => publicUrl ?? '' },
    cards,
    reminders: new ReminderRepository(store),
    appInstalls: new AppInstallRepository(store),
    qualifications,
    qualificationForms: {
      qualifications,
      store: storedQualifications,
      isOfficeMember: (aadObjectId: string) => officeRole.isMember(aadObjectId),
    },
    schedule: {
      finalRoundDaysBeforeEnd: config.reminders.finalRoundDaysBeforeEnd,
      timeZone: config.reminders.timeZone,
    },
  };
  const office = new OfficeRepository(store);
  const coordinators = new CoordinatorRepository(store);
  const users = new UserRepository(store);
  const officeRules = reminderRules(config.reminders);
  const officeDeps: OfficeDeps = {
    role: officeRole,
    qualifications,
    timeZone: config.timeZone,
    upload: {
      office,
      importStore: new PlacementImportStore(store),
      qualificationVersions: () => qualifications.newestVersions(),
      today: (at) => localDate(at, config.reminders.timeZone),
      keptFrom: (today) => retentionCutoff(today, config.retentionMonths),
    },
    fetchRules: { allowedHosts: config.office.downloadHosts, maxBytes: config.office.uploadMaxBytes, fetch },
    actions: {
      office,
      roles: placements,
      isCoordinator: (email) => coordinators.isCoordinator(email),
      emailKey: (email) => store.keys.emailKey(email),
      erasure: { placements, personalData: new PersonalDataRepository(store) },
      rebind: { placements, users, coordinators },
    },
    overview: { placements, rounds, rules: officeRules },
    downloads: routeDeps.downloads,
    exports: {
      office,
      placements,
      rounds,
      qualifications,
      timeZone: config.timeZone,
      render: renderAgreementPdf,
      agreementCsv,
      downloads: routeDeps.downloads,
      progressEveryMs: options.exportProgressEveryMs ?? 2000,
    },
    installApp:
      graph && config.graph.teamsAppCatalogId
        ? (() => {
            const installer = new TeamsAppInstaller(graph, config.graph.teamsAppCatalogId);
            return () =>
              installAppForPeople(
                {
                  placements,
                  conversations,
                  installer,
                  failures: routeDeps.appInstalls,
                  trainerContacts: new TrainerContactRepository(store),
                  now,
                },
                { dryRun: false },
              );
          })()
        : undefined,
    cardUpdater: (aadObjectId, activityId) => notifier.updater(aadObjectId, activityId),
    logger,
  };
  const bot = new BpvBot({
    ...routeDeps,
    office: officeDeps,
    placements,
    users,
    notifier,
    logger,
    now,
    allowedTenantIds: config.allowedTenantIds,
    timeZone: config.timeZone,
    coordinators,
    ladder: officeRules,
  });

  const server = restify.createServer({ name: 'bpv-bot', handleUncaughtExceptions: false });
  hideErrorDetails(server);
  registerTransportSecurity(server);
  registerRequestLimits(server, logger);
  registerMessagesEndpoint(server, {
    adapter,
    logic: (context) => bot.run(context),
    logger,
    ...(config.auth ? { connectorHosts: TEAMS_CONNECTOR_HOSTS } : {}),
  });
  registerDownloadEndpoint(server, {
    check: (token) => checkDownloadLink({ links }, token, now()),
    redeem: (token) =>
      redeemDownloadLink(
        {
          links,
          placements,
          rounds,
          qualifications,
          render: renderAgreementPdf,
          timeZone: config.timeZone,
          office: officeFileMaker({
            office,
            placements,
            rounds,
            qualifications,
            render: renderAgreementPdf,
            timeZone: config.timeZone,
            rules: officeRules,
            now,
            agreementCsv,
          }),
        },
        token,
        now(),
      ),
    logger,
  });
  const trainerWeb = startTrainerWeb(server, {
    links: config.trainerLinks,
    placements,
    routes: routeDeps,
    qualifications,
    notifier,
    mailer,
    timeZone: config.timeZone,
    logger,
    now,
  });
  // Always On pings the root: a 200 there, not a 404 counted as a failed request.
  server.get('/', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/healthz', async (_req, res) => {
    const ok = await store.ping();
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'storage unreachable' });
  });

  const reminders = config.reminders.enabled
    ? createReminderService({
        config: config.reminders,
        store,
        storage: options.storage,
        sender: withMailedTrainers(
          new BotReminderSender(channel, qualifications, reminderRules(config.reminders)),
          mailer,
        ),
        logger,
        now,
        share,
      })
    : undefined;
  await reminders?.start();
  // Retention is not optional: every bot process schedules the purge; a lease lets one of them run it.
  const retention = createRetentionSchedule({
    store,
    months: config.retentionMonths,
    timeZone: config.reminders.timeZone,
    logger,
    now,
  });
  retention.start();
  const backups = startBackupSchedule(options.storage, store, config, logger, now);

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}`;
  publicUrl ??= url;
  logger.info(
    { event: 'listening', port: address.port, mode: config.mode, storage: options.storage.kind },
    'bot listening',
  );
  return {
    url,
    store,
    idle: async () => {
      await bot.idle();
      await trainerWeb.idle();
    },
    forget: () => {
      bot.forget();
      channel.forget();
    },
    close: async () => {
      await bot.idle();
      await trainerWeb.idle();
      await reminders?.stop();
      await share.leave();
      retention.stop();
      backups?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The daily table backup, in every bot process under one lease; none where the account has no blob
 * service configured (an emulator connection string without a BlobEndpoint: local mode, tests).
 */
function startBackupSchedule(
  storage: StorageTarget,
  store: TableStore,
  config: Config,
  logger: Logger,
  now: () => Date,
): BackupSchedule | undefined {
  let blobs: ReturnType<typeof blobService>;
  try {
    blobs = blobService(storage);
  } catch {
    logger.info({ event: 'table_backup_off' }, 'no blob service: daily table backups are off');
    return undefined;
  }
  const schedule = createBackupSchedule({
    leases: new ReminderRepository(store),
    backups: new TableBackupStore(store, blobs),
    retentionDays: config.backupRetentionDays,
    timeZone: config.reminders.timeZone,
    logger,
    now,
  });
  schedule.start();
  return schedule;
}
