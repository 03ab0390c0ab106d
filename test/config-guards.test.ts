import { ConfigError, loadConfig } from '../src/config';
import { azuriteConnectionString } from '../src/local/azurite';
import { DEVELOPMENT_EMAIL_HASH_KEY } from '../src/storage/keys';
import { storageLocality } from '../src/storage/storage-settings';
import { DEVELOPMENT_TRAINER_LINK_SECRET } from '../src/web/trainer-link-settings';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT = '9a8b7c6d-1234-4abc-8def-0123456789ab';
const REAL =
  'DefaultEndpointsProtocol=https;AccountName=bpvprod;AccountKey=abc==;EndpointSuffix=core.windows.net';
const PRODUCTION: Record<string, string | undefined> = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: TENANT,
  STORAGE_CONNECTION_STRING: REAL,
  ALLOWED_TENANT_IDS: TENANT,
  EMAIL_HASH_KEY: 'k3y-of-the-school-0123456789abcdef',
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

describe('storage emulator or storage account', () => {
  it.each([
    ['UseDevelopmentStorage=true', 'development'],
    ['UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://localhost:8080', 'development'],
    [azuriteConnectionString(10002, 10001), 'development'],
    [azuriteConnectionString(10002, 10001).replace(/127\.0\.0\.1/g, 'localhost'), 'development'],
    ['https://127.0.0.1:10002/devstoreaccount1', 'development'],
    [REAL, 'real'],
    [
      'AccountName=bpvprod;SharedAccessSignature=sv=2024&sig=x;TableEndpoint=https://bpvprod.table.core.windows.net',
      'real',
    ],
    ['https://bpvprod.table.core.windows.net', 'real'],
    // A real account with one service on this machine: the guard used to see "localhost" and call it the emulator.
    [`${REAL};BlobEndpoint=http://localhost:10000/devstoreaccount1`, 'mixed'],
    [`${REAL};TableEndpoint=http://127.0.0.1:10002/x`, 'mixed'],
    // The emulator's name with Azure's endpoints reaches whoever owns that name on Azure.
    [
      'DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=abc==;EndpointSuffix=core.windows.net',
      'mixed',
    ],
    [`${azuriteConnectionString(10002, 10001)};EndpointSuffix=core.windows.net`, 'mixed'],
    [
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1',
      'mixed',
    ],
    ['UseDevelopmentStorage=true;AccountName=bpvprod', 'mixed'],
    ['UseDevelopmentStorage=true;DevelopmentStorageProxyUri=https://proxy.example.com', 'mixed'],
    ['DefaultEndpointsProtocol=https;AccountName=bpvprod;AccountKey=devstoreaccount1==', 'real'],
  ])('reads %s as %s', (address, locality) => {
    expect(storageLocality(address)).toBe(locality);
  });

  it('refuses a real account with a localhost endpoint in every mode, naming the variable', () => {
    const mixed = `${REAL};BlobEndpoint=http://localhost:10000/devstoreaccount1`;
    for (const env of [
      { STORAGE_CONNECTION_STRING: mixed },
      { ...PRODUCTION, STORAGE_CONNECTION_STRING: mixed },
    ]) {
      const error = refused(env);
      expect(error.variable).toBe('STORAGE_CONNECTION_STRING');
      expect(error.message).toMatch(/mixes the storage emulator/);
    }
  });

  it('refuses a stray devstoreaccount1 that would run unauthenticated against Azure', () => {
    const error = refused({
      STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=abc==;EndpointSuffix=core.windows.net',
    });
    expect(error.variable).toBe('STORAGE_CONNECTION_STRING');
  });

  it('refuses text that is no connection string', () => {
    expect(refused({ STORAGE_CONNECTION_STRING: 'localhost' }).variable).toBe('STORAGE_CONNECTION_STRING');
  });

  it('still runs development mode on the emulator and production on an account', () => {
    expect(loadConfig({ STORAGE_CONNECTION_STRING: azuriteConnectionString(10002, 10001) }).mode).toBe(
      'development',
    );
    expect(loadConfig(PRODUCTION).mode).toBe('production');
  });
});

describe('production secrets', () => {
  it('refuses the published development e-mail hash key', () => {
    const error = refused({ ...PRODUCTION, EMAIL_HASH_KEY: DEVELOPMENT_EMAIL_HASH_KEY });
    expect(error.variable).toBe('EMAIL_HASH_KEY');
    expect(error.message).toMatch(/published development key/);
  });

  it('refuses the published development link secret', () => {
    const error = refused({ ...PRODUCTION, TRAINER_LINK_SECRET: DEVELOPMENT_TRAINER_LINK_SECRET });
    expect(error.variable).toBe('TRAINER_LINK_SECRET');
  });

  it('refuses one value for both secrets', () => {
    const error = refused({ ...PRODUCTION, TRAINER_LINK_SECRET: PRODUCTION.EMAIL_HASH_KEY });
    expect(error.variable).toBe('TRAINER_LINK_SECRET');
    expect(error.message).toMatch(/differ from EMAIL_HASH_KEY/);
  });

  it('takes two secrets of its own, and the development values outside production', () => {
    expect(
      loadConfig({ ...PRODUCTION, TRAINER_LINK_SECRET: 'another-secret-of-the-school-0123456789' }).mode,
    ).toBe('production');
    expect(loadConfig({ EMAIL_HASH_KEY: DEVELOPMENT_EMAIL_HASH_KEY }).mode).toBe('local');
  });
});
