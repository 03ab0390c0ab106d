import { ConfigError, loadConfig, loadTelemetryConfig } from '../src/config';
import { DEVELOPMENT_EMAIL_HASH_KEY } from '../src/storage/keys';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT = '9a8b7c6d-1234-4abc-8def-0123456789ab';
const PROD_STORAGE =
  'DefaultEndpointsProtocol=https;AccountName=bpvprod;AccountKey=abc==;EndpointSuffix=core.windows.net';

const PROD_HASH_KEY = 'k3y-of-the-school-0123456789abcdef';

const PRODUCTION: Record<string, string | undefined> = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: TENANT,
  STORAGE_CONNECTION_STRING: PROD_STORAGE,
  ALLOWED_TENANT_IDS: TENANT,
  EMAIL_HASH_KEY: PROD_HASH_KEY,
};

function refused(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('runs in local mode without storage or bot id, on loopback port 3978', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'local',
      port: 3978,
      host: '127.0.0.1',
      auth: undefined,
      playground: true,
    });
  });

  it("lets local mode's demo speak Dutch by default, English on request, and nothing else", () => {
    expect(loadConfig({}).demoLocale).toBe('nl');
    expect(loadConfig({ DEMO_LOCALE: 'en' }).demoLocale).toBe('en');
    expect(refused({ DEMO_LOCALE: 'de' }).variable).toBe('DEMO_LOCALE');
  });

  it("keeps local mode's data in the checkout unless LOCAL_DATA_DIR names another folder", () => {
    expect(loadConfig({}).localDataDir).toBeUndefined();
    expect(loadConfig({ LOCAL_DATA_DIR: ' /tmp/elsewhere ' }).localDataDir).toBe('/tmp/elsewhere');
  });

  it('runs in development mode with only a storage connection string, without authentication', () => {
    const config = loadConfig({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', PLAYGROUND: 'off' });
    expect(config).toMatchObject({ mode: 'development', auth: undefined, playground: false });
  });

  it('reaches an account by name with a managed identity, on the public cloud by default', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      ALLOWED_TENANT_IDS: TENANT,
      STORAGE_ACCOUNT_NAME: 'bpvprod',
      AZURE_CLIENT_ID: APP_ID,
      EMAIL_HASH_KEY: PROD_HASH_KEY,
    });
    expect(config.mode).toBe('production');
    expect(config.storage).toEqual({
      kind: 'identity',
      tableEndpoint: 'https://bpvprod.table.core.windows.net',
      queueEndpoint: 'https://bpvprod.queue.core.windows.net',
      clientId: APP_ID,
    });
  });

  it('takes endpoints of another cloud in place of the public ones, without a trailing slash', () => {
    const config = loadConfig({
      ...PRODUCTION,
      STORAGE_CONNECTION_STRING: undefined,
      STORAGE_ACCOUNT_NAME: 'bpvprod',
      STORAGE_TABLE_ENDPOINT: 'https://bpvprod.table.core.usgovcloudapi.net/',
      STORAGE_QUEUE_ENDPOINT: 'https://bpvprod.queue.core.usgovcloudapi.net',
    });
    expect(config.mode).toBe('production');
    expect(config.storage).toEqual({
      kind: 'identity',
      tableEndpoint: 'https://bpvprod.table.core.usgovcloudapi.net',
      queueEndpoint: 'https://bpvprod.queue.core.usgovcloudapi.net',
      clientId: undefined,
    });
  });

  it('still takes a connection string with an account key in production', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: TENANT,
      ALLOWED_TENANT_IDS: TENANT,
      STORAGE_CONNECTION_STRING: PROD_STORAGE,
      EMAIL_HASH_KEY: PROD_HASH_KEY,
    });
    expect(config.storage).toEqual({ kind: 'connectionString', connectionString: PROD_STORAGE });
  });

  it('shows dates in Europe/Amsterdam unless TIME_ZONE names another IANA zone, written as IANA spells it', () => {
    expect(loadConfig({}).timeZone).toBe('Europe/Amsterdam');
    expect(loadConfig({ TIME_ZONE: '' }).timeZone).toBe('Europe/Amsterdam');
    expect(loadConfig({ TIME_ZONE: 'America/Curacao' }).timeZone).toBe('America/Curacao');
    expect(loadConfig({ TIME_ZONE: 'europe/brussels' }).timeZone).toBe('Europe/Brussels');
    expect(loadConfig({ TIME_ZONE: 'UTC' }).timeZone).toBe('UTC');
  });

  it.each(['Mars/Olympus_Mons', 'Amsterdam', '+01:00', 'GMT+1', 'CEST'])(
    'refuses TIME_ZONE %s at start, naming the variable',
    (zone) => {
      const error = refused({ TIME_ZONE: zone });
      expect(error.variable).toBe('TIME_ZONE');
      expect(error.message).toBe(
        `TIME_ZONE: unknown time zone "${zone}"; use an IANA name such as Europe/Amsterdam`,
      );
    },
  );

  it('runs the reminder schedule in TIME_ZONE unless REMINDER_TIMEZONE says otherwise', () => {
    expect(loadConfig({ TIME_ZONE: 'Europe/Brussels' }).reminders.timeZone).toBe('Europe/Brussels');
    const both = loadConfig({ TIME_ZONE: 'Europe/Brussels', REMINDER_TIMEZONE: 'Europe/London' });
    expect([both.timeZone, both.reminders.timeZone]).toEqual(['Europe/Brussels', 'Europe/London']);
    expect(refused({ REMINDER_TIMEZONE: 'Nowhere/Town' }).variable).toBe('REMINDER_TIMEZONE');
  });

  it('reads the reminder settings', () => {
    const { reminders } = loadConfig({
      REMINDER_WORKING_DAYS: '1-3,5',
      REMINDER_WORKING_HOURS: '08:30-16:00',
      REMINDER_DAYS: '2,5,10,20',
    });
    expect(reminders).toMatchObject({
      enabled: true,
      schedule: '*/15 * * * *',
      timeZone: 'Europe/Amsterdam',
      workingDays: [1, 2, 3, 5],
      workingHours: [510, 960],
      days: [2, 5, 10, 20],
      ratePerSecond: 50,
      conversationRatePerSecond: 7,
    });
  });

  it('uses a development e-mail hash key outside production and the 18-month retention by default', () => {
    const config = loadConfig({});
    expect(config.emailHashKey).toBe(DEVELOPMENT_EMAIL_HASH_KEY);
    expect(config.retentionMonths).toBe(18);
    const set = loadConfig({ EMAIL_HASH_KEY: PROD_HASH_KEY, RETENTION_MONTHS: '24' });
    expect(set).toMatchObject({ emailHashKey: PROD_HASH_KEY, retentionMonths: 24 });
  });

  it('turns authentication on in production, single-tenant unless told otherwise', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppTenantId: TENANT,
      STORAGE_CONNECTION_STRING: PROD_STORAGE,
      ALLOWED_TENANT_IDS: `${TENANT.toUpperCase()}, ${APP_ID}`,
      EMAIL_HASH_KEY: PROD_HASH_KEY,
    });
    expect(config.mode).toBe('production');
    expect(config.host).toBe('0.0.0.0');
    expect(config.auth).toEqual({
      appId: APP_ID,
      appPassword: 'secret',
      appType: 'SingleTenant',
      tenantId: TENANT,
    });
    expect(config.allowedTenantIds).toEqual([TENANT, APP_ID]);
    expect(config.emailHashKey).toBe(PROD_HASH_KEY);
    expect(config.warnings).toEqual([]);
  });

  it('runs with the managed identity as the bot identity, without a password', () => {
    const config = loadConfig({
      ...PRODUCTION,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppPassword: undefined,
    });
    expect(config.auth).toMatchObject({
      appType: 'UserAssignedMSI',
      appPassword: undefined,
      tenantId: TENANT,
    });
  });

  it('still starts an old multi-tenant registration, with a warning', () => {
    const config = loadConfig({
      ...PRODUCTION,
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: undefined,
    });
    expect(config.auth?.appType).toBe('MultiTenant');
    expect(config.warnings.join(' ')).toMatch(/no longer creates new multi-tenant bots/);
  });

  it('keeps the unauthenticated development mode on loopback', () => {
    const config = loadConfig({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' });
    expect(config.host).toBe('127.0.0.1');
  });

  it.each([
    ['a real storage account', { STORAGE_CONNECTION_STRING: PROD_STORAGE }, 'STORAGE_CONNECTION_STRING'],
    ['a storage account by name', { STORAGE_ACCOUNT_NAME: 'bpvprod' }, 'STORAGE_TABLE_ENDPOINT'],
    ['a password', { MicrosoftAppPassword: 'secret' }, 'MicrosoftAppPassword'],
    ['allowed tenants', { ALLOWED_TENANT_IDS: TENANT }, 'ALLOWED_TENANT_IDS'],
    ['a tenant id', { MicrosoftAppTenantId: TENANT }, 'MicrosoftAppTenantId'],
    ['an app type', { MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppType'],
  ])('refuses %s without MicrosoftAppId instead of running unauthenticated', (_what, env, variable) => {
    const error = refused(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(/MicrosoftAppId/);
  });

  it.each([
    ['MicrosoftAppID', 'MicrosoftAppId'],
    ['MICROSOFT_APP_ID', 'MicrosoftAppId'],
    ['microsoftapppassword', 'MicrosoftAppPassword'],
    ['Storage_Connection_String', 'STORAGE_CONNECTION_STRING'],
  ])('refuses the misspelled %s, pointing at %s', (name, known) => {
    const error = refused({ ...PRODUCTION, MicrosoftAppId: undefined, [name]: APP_ID } as Record<
      string,
      string
    >);
    expect(error.variable).toBe(name);
    expect(error.message).toContain(`did you mean ${known}?`);
  });

  it('refuses an unknown MicrosoftApp setting rather than ignoring it', () => {
    expect(refused({ MicrosoftAppSecret: 'x' }).variable).toBe('MicrosoftAppSecret');
  });

  it('refuses a Key Vault reference App Service could not resolve, rather than use its text as a secret', () => {
    const error = refused({
      ...PRODUCTION,
      EMAIL_HASH_KEY: '@Microsoft.KeyVault(SecretUri=https://bpv-kv.vault.azure.net/secrets/email-hash-key/)',
    });
    expect(error.variable).toBe('EMAIL_HASH_KEY');
    expect(error.message).toMatch(/unresolved Key Vault reference/);
  });

  it('takes a blank setting as not set, with its default', () => {
    const config = loadConfig({ PORT: '', CONNECTOR_TIMEOUT_SECONDS: ' ', RETENTION_MONTHS: '' });
    expect(config).toMatchObject({ port: 3978, connectorTimeoutMs: 10_000, retentionMonths: 18 });
  });

  it('takes a blank password of a managed-identity bot as not set', () => {
    const config = loadConfig({
      ...PRODUCTION,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppPassword: '',
    });
    expect(config.auth?.appPassword).toBeUndefined();
  });

  it.each(['', '   '])(
    'refuses a blank MicrosoftAppId (%j) instead of falling into development mode',
    (blank) => {
      const error = refused({ ...PRODUCTION, MicrosoftAppId: blank });
      expect(error.variable).toBe('MicrosoftAppId');
      expect(error.message).toMatch(/empty/);
    },
  );

  it('sets a deadline on connector calls', () => {
    expect(loadConfig({}).connectorTimeoutMs).toBe(10_000);
    expect(loadConfig({ CONNECTOR_TIMEOUT_SECONDS: '2' }).connectorTimeoutMs).toBe(2000);
  });

  it.each([
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' }, 'STORAGE_ACCOUNT_NAME'],
    [{ MicrosoftAppId: APP_ID, STORAGE_CONNECTION_STRING: PROD_STORAGE }, 'MicrosoftAppPassword'],
    [{ ...PRODUCTION, MicrosoftAppTenantId: undefined }, 'MicrosoftAppTenantId'],
    [{ ...PRODUCTION, MicrosoftAppType: 'UserAssignedMSI' }, 'MicrosoftAppPassword'],
    [{ ...PRODUCTION, CONNECTOR_TIMEOUT_SECONDS: '0' }, 'CONNECTOR_TIMEOUT_SECONDS'],
    [
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      },
      'STORAGE_CONNECTION_STRING',
    ],
    [
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        STORAGE_CONNECTION_STRING:
          'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1',
      },
      'STORAGE_CONNECTION_STRING',
    ],
    [
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        STORAGE_CONNECTION_STRING: PROD_STORAGE,
        ALLOWED_TENANT_IDS: TENANT,
        MicrosoftAppType: 'SingleTenant',
      },
      'MicrosoftAppTenantId',
    ],
    [
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        MicrosoftAppTenantId: TENANT,
        STORAGE_CONNECTION_STRING: PROD_STORAGE,
      },
      'ALLOWED_TENANT_IDS',
    ],
    [{ MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId'],
    [{ MicrosoftAppType: 'Anonymous' }, 'MicrosoftAppType'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ ALLOWED_TENANT_IDS: 'contoso' }, 'ALLOWED_TENANT_IDS'],
    [{ PLAYGROUND: 'maybe' }, 'PLAYGROUND'],
    [{ TABLE_PREFIX: 'bad-prefix' }, 'TABLE_PREFIX'],
    [{ REMINDER_SCHEDULE: 'every hour' }, 'REMINDER_SCHEDULE'],
    [{ REMINDER_TIMEZONE: 'Mars/Olympus' }, 'REMINDER_TIMEZONE'],
    [{ REMINDER_WORKING_DAYS: '5-1' }, 'REMINDER_WORKING_DAYS'],
    [{ REMINDER_WORKING_HOURS: '17:00-09:00' }, 'REMINDER_WORKING_HOURS'],
    [{ REMINDER_DAYS: '7,3' }, 'REMINDER_DAYS'],
    [{ ESCALATION_WORKING_DAYS: '8,5,12' }, 'ESCALATION_WORKING_DAYS'],
    [{ ESCALATION_WORKING_DAYS: '5,8' }, 'ESCALATION_WORKING_DAYS'],
    [{ COORDINATOR_DIGEST_DAY: '8' }, 'COORDINATOR_DIGEST_DAY'],
    [{ COORDINATOR_DIGEST_DAY: '6' }, 'COORDINATOR_DIGEST_DAY'],
    [{ REMINDER_RATE_PER_SECOND: '0' }, 'REMINDER_RATE_PER_SECOND'],
    [{ REMINDER_QUEUE: 'Bad_Queue' }, 'REMINDER_QUEUE'],
    [
      { STORAGE_CONNECTION_STRING: PROD_STORAGE, STORAGE_ACCOUNT_NAME: 'bpvprod' },
      'STORAGE_CONNECTION_STRING',
    ],
    [
      {
        STORAGE_CONNECTION_STRING: PROD_STORAGE,
        STORAGE_TABLE_ENDPOINT: 'https://bpvprod.table.core.windows.net',
      },
      'STORAGE_CONNECTION_STRING',
    ],
    [{ STORAGE_ACCOUNT_NAME: 'BPV_prod' }, 'STORAGE_ACCOUNT_NAME'],
    [{ STORAGE_ACCOUNT_NAME: 'bpvprod', AZURE_CLIENT_ID: 'my-identity' }, 'AZURE_CLIENT_ID'],
    [{ STORAGE_TABLE_ENDPOINT: 'http://bpvprod.table.core.windows.net' }, 'STORAGE_TABLE_ENDPOINT'],
    [{ STORAGE_TABLE_ENDPOINT: 'https://bpvprod.table.core.windows.net' }, 'STORAGE_QUEUE_ENDPOINT'],
    [{ STORAGE_QUEUE_ENDPOINT: 'https://bpvprod.queue.core.windows.net' }, 'STORAGE_TABLE_ENDPOINT'],
    [
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        ALLOWED_TENANT_IDS: TENANT,
        STORAGE_ACCOUNT_NAME: 'bpvprod',
        STORAGE_QUEUE_ENDPOINT: 'https://127.0.0.1:10001/devstoreaccount1',
      },
      'STORAGE_QUEUE_ENDPOINT',
    ],
    [{ ...PRODUCTION, EMAIL_HASH_KEY: undefined }, 'EMAIL_HASH_KEY'],
    [{ EMAIL_HASH_KEY: 'too-short-0123456789abcdef01234' }, 'EMAIL_HASH_KEY'],
    [{ RETENTION_MONTHS: '0' }, 'RETENTION_MONTHS'],
    [{ RETENTION_MONTHS: 'a year' }, 'RETENTION_MONTHS'],
  ])('refuses %j, naming %s', (env, variable) => {
    const error = refused(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
  });
});

describe('telemetry settings', () => {
  const CONNECTION =
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

  it('sends nothing unless a connection string is set', () => {
    expect(loadConfig({}).telemetry).toBeUndefined();
    expect(loadTelemetryConfig({})).toBeUndefined();
  });

  it('keeps every operation by default, or the share APPLICATIONINSIGHTS_SAMPLING_RATIO names', () => {
    expect(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION }).telemetry).toEqual({
      connectionString: CONNECTION,
      samplingRatio: 1,
    });
    expect(
      loadTelemetryConfig({
        APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
        APPLICATIONINSIGHTS_SAMPLING_RATIO: '0.25',
      }),
    ).toEqual({ connectionString: CONNECTION, samplingRatio: 0.25 });
  });

  it('refuses a ratio outside 0..1 and a connection string without an instrumentation key', () => {
    expect(
      refused({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION, APPLICATIONINSIGHTS_SAMPLING_RATIO: '5' })
        .variable,
    ).toBe('APPLICATIONINSIGHTS_SAMPLING_RATIO');
    expect(refused({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://example.org' }).variable).toBe(
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
    );
    // Before loadConfig reports it, the early start-up treats a wrong setting as "off".
    expect(
      loadTelemetryConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://example.org' }),
    ).toBeUndefined();
  });

  it('refuses a misspelled telemetry setting', () => {
    expect(refused({ APPLICATIONINSIGHTS_SAMPLINGRATIO: '0.5' }).message).toMatch(
      /did you mean APPLICATIONINSIGHTS_SAMPLING_RATIO/,
    );
  });
});

describe('escalation settings', () => {
  it('default to 5, 8 and 12 working days and a Monday digest; off turns the ladder off', () => {
    expect(loadConfig({}).reminders.escalationWorkingDays).toEqual([5, 8, 12]);
    expect(loadConfig({}).reminders.coordinatorDigestDay).toBe(1);
    expect(loadConfig({ ESCALATION_WORKING_DAYS: 'off' }).reminders.escalationWorkingDays).toBeUndefined();
    expect(loadConfig({ ESCALATION_WORKING_DAYS: '3, 6, 10' }).reminders.escalationWorkingDays).toEqual([
      3, 6, 10,
    ]);
    expect(
      loadConfig({ COORDINATOR_DIGEST_DAY: '6', REMINDER_WORKING_DAYS: '1-6' }).reminders
        .coordinatorDigestDay,
    ).toBe(6);
  });
});

describe("IT's storage commands", () => {
  const command = (env: Record<string, string | undefined>) => loadConfig(env, { purpose: 'command' });

  it('reach the school storage account with only its name and the hash key: no bot identity', () => {
    const config = command({ STORAGE_ACCOUNT_NAME: 'bpvprod', EMAIL_HASH_KEY: PROD_HASH_KEY });
    expect(config.storage).toMatchObject({
      kind: 'identity',
      tableEndpoint: 'https://bpvprod.table.core.windows.net',
    });
    expect(config.emailHashKey).toBe(PROD_HASH_KEY);
    expect(config.auth).toBeUndefined();
    // The bot itself still refuses to serve unauthenticated against a real account.
    expect(refused({ STORAGE_ACCOUNT_NAME: 'bpvprod', EMAIL_HASH_KEY: PROD_HASH_KEY }).variable).toBe(
      'STORAGE_TABLE_ENDPOINT',
    );
  });

  it('refuse the school storage account without the bot’s hash key, by name', () => {
    expect(() => command({ STORAGE_ACCOUNT_NAME: 'bpvprod' })).toThrow(
      /EMAIL_HASH_KEY: required against the school's storage account/,
    );
    // Azurite needs none.
    expect(command({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).emailHashKey).toBe(
      DEVELOPMENT_EMAIL_HASH_KEY,
    );
  });
});

describe('the BPV office settings', () => {
  const OFFICE_ID = '0f0f0f0f-1111-4222-8333-444444444444';

  it('reads the office members, the group, the allowed file hosts and the cap', () => {
    const config = loadConfig({
      ...PRODUCTION,
      BPV_OFFICE_USERS: ` ${OFFICE_ID.toUpperCase()} , ${TENANT}`,
      BPV_OFFICE_GROUP_ID: APP_ID,
      FILE_DOWNLOAD_HOSTS: 'roc.sharepoint.com,*.sharepoint.com',
      FILE_UPLOAD_MAX_BYTES: '2097152',
    });
    expect(config.office).toEqual({
      users: [OFFICE_ID, TENANT],
      groupId: APP_ID,
      downloadHosts: ['roc.sharepoint.com', '*.sharepoint.com'],
      uploadMaxBytes: 2097152,
    });
  });

  it('defaults to the tenant’s SharePoint hosts and 10 MB; loopback only outside production', () => {
    expect(loadConfig(PRODUCTION).office.downloadHosts).toEqual(['*.sharepoint.com']);
    expect(loadConfig({}).office.downloadHosts).toEqual(['*.sharepoint.com', '127.0.0.1', 'localhost']);
    expect(loadConfig({}).office.uploadMaxBytes).toBe(10 * 1024 * 1024);
  });

  it.each([
    ['BPV_OFFICE_USERS', 'ilse@roc.example.org', 'comma-separated list of Entra object ids'],
    ['BPV_OFFICE_GROUP_ID', 'BPV-bureau', 'object id (GUID) of an Entra security group'],
    ['FILE_DOWNLOAD_HOSTS', 'https://roc.sharepoint.com/', 'comma-separated list of host names'],
    ['FILE_UPLOAD_MAX_BYTES', '10MB', 'whole number of bytes'],
    ['FILE_UPLOAD_MAX_BYTES', '100', 'at least 1024 bytes'],
  ])('refuses %s=%s by name', (variable, value, message) => {
    const error = refused({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(message);
  });
});

describe('BPV_OFFICE_USERS', () => {
  it('reads BPV_OFFICE_USERS as Entra object ids in lower case; none when unset', () => {
    const config = loadConfig({
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      BPV_OFFICE_USERS: `${TENANT.toUpperCase()}, ${APP_ID}`,
    });
    expect(config.office.users).toEqual([TENANT.toLowerCase(), APP_ID.toLowerCase()]);
    expect(loadConfig({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).office.users).toEqual([]);
  });

  it('refuses a value that is not a list of object ids, naming the setting', () => {
    const error = refused({
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      BPV_OFFICE_USERS: 'bureau@school.nl',
    });
    expect(error.variable).toBe('BPV_OFFICE_USERS');
    expect(error.message).toMatch(/Entra object ids/);
  });
});
