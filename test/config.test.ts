import { ConfigError, loadConfig } from '../src/config';
import { DEVELOPMENT_EMAIL_HASH_KEY } from '../src/storage/keys';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT = '9a8b7c6d-1234-4abc-8def-0123456789ab';
const PROD_STORAGE =
  'DefaultEndpointsProtocol=https;AccountName=bpvprod;AccountKey=abc==;EndpointSuffix=core.windows.net';

const PROD_HASH_KEY = 'k3y-of-the-school-0123456789abcdef';

function refused(env: Record<string, string>): ConfigError {
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

  it('runs in development mode with only a storage connection string, without authentication', () => {
    const config = loadConfig({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', PLAYGROUND: 'off' });
    expect(config).toMatchObject({ mode: 'development', auth: undefined, playground: false });
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

  it('turns authentication on in production', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      STORAGE_CONNECTION_STRING: PROD_STORAGE,
      ALLOWED_TENANT_IDS: `${TENANT}, ${APP_ID}`,
      EMAIL_HASH_KEY: PROD_HASH_KEY,
    });
    expect(config.mode).toBe('production');
    expect(config.host).toBe('0.0.0.0');
    expect(config.auth).toEqual({
      appId: APP_ID,
      appPassword: 'secret',
      appType: 'MultiTenant',
      tenantId: undefined,
    });
    expect(config.allowedTenantIds).toEqual([TENANT, APP_ID]);
    expect(config.emailHashKey).toBe(PROD_HASH_KEY);
  });

  it.each([
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' }, 'STORAGE_CONNECTION_STRING'],
    [{ MicrosoftAppId: APP_ID, STORAGE_CONNECTION_STRING: PROD_STORAGE }, 'MicrosoftAppPassword'],
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
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', STORAGE_CONNECTION_STRING: PROD_STORAGE },
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
    [{ REMINDER_RATE_PER_SECOND: '0' }, 'REMINDER_RATE_PER_SECOND'],
    [{ REMINDER_QUEUE: 'Bad_Queue' }, 'REMINDER_QUEUE'],
    [
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        STORAGE_CONNECTION_STRING: PROD_STORAGE,
        ALLOWED_TENANT_IDS: TENANT,
      },
      'EMAIL_HASH_KEY',
    ],
    [{ EMAIL_HASH_KEY: 'too-short-0123456789abcdef01234' }, 'EMAIL_HASH_KEY'],
    [{ RETENTION_MONTHS: '0' }, 'RETENTION_MONTHS'],
    [{ RETENTION_MONTHS: 'a year' }, 'RETENTION_MONTHS'],
  ])('refuses %j, naming %s', (env, variable) => {
    const error = refused(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
  });
});
