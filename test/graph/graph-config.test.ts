import { ConfigError, loadConfig } from '../../src/config';
import { graphScope } from '../../src/graph/graph-client';
import { installAttempt } from '../../src/graph/teams-app-installer';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT = '9a8b7c6d-1234-4abc-8def-0123456789ab';
const CATALOG_ID = 'b1c5353a-7aca-41b3-830f-27d5218fe0e5';
const PRODUCTION = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: TENANT,
  STORAGE_CONNECTION_STRING:
    'DefaultEndpointsProtocol=https;AccountName=bpvprod;AccountKey=abc==;EndpointSuffix=core.windows.net',
  ALLOWED_TENANT_IDS: TENANT,
  EMAIL_HASH_KEY: 'k3y-of-the-school-0123456789abcdef',
};
const DEVELOPMENT = { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };

function refused(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('Graph settings', () => {
  it('point at the public Graph v1.0, with installing and mail off, by default', () => {
    expect(loadConfig(DEVELOPMENT).graph).toEqual({
      baseUrl: 'https://graph.microsoft.com/v1.0',
      teamsAppCatalogId: undefined,
      mailFrom: undefined,
      identity: undefined,
    });
  });

  it('read GRAPH_BASE_URL (HTTPS only, no trailing slash), TEAMS_APP_CATALOG_ID and MAIL_FROM', () => {
    const { graph } = loadConfig({
      ...DEVELOPMENT,
      GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0/',
      TEAMS_APP_CATALOG_ID: CATALOG_ID,
      MAIL_FROM: 'bpv@roc.example.org',
    });
    expect(graph).toMatchObject({
      baseUrl: 'https://graph.microsoft.us/v1.0',
      teamsAppCatalogId: CATALOG_ID,
      mailFrom: 'bpv@roc.example.org',
    });
    expect(refused({ ...DEVELOPMENT, GRAPH_BASE_URL: 'http://graph.microsoft.com/v1.0' }).variable).toBe(
      'GRAPH_BASE_URL',
    );
    expect(refused({ ...DEVELOPMENT, TEAMS_APP_CATALOG_ID: 'BPV-afspraken' }).variable).toBe(
      'TEAMS_APP_CATALOG_ID',
    );
    expect(refused({ ...DEVELOPMENT, MAIL_FROM: 'bpv' }).variable).toBe('MAIL_FROM');
  });

  it("sign in as the bot itself: its app registration's secret, or its managed identity", () => {
    expect(loadConfig(PRODUCTION).graph.identity).toEqual({
      kind: 'clientSecret',
      tenantId: TENANT,
      clientId: APP_ID,
      secret: 'secret',
    });
    const { MicrosoftAppPassword: _, ...withoutPassword } = PRODUCTION;
    expect(
      loadConfig({
        ...withoutPassword,
        MicrosoftAppType: 'UserAssignedMSI',
        STORAGE_ACCOUNT_NAME: 'bpvprod',
        STORAGE_CONNECTION_STRING: '',
      }).graph.identity,
    ).toEqual({ kind: 'managedIdentity', clientId: APP_ID });
  });

  it('ask for the token of the Graph they call: the national clouds have their own', () => {
    expect(graphScope('https://graph.microsoft.com/v1.0')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('https://graph.microsoft.us/v1.0')).toBe('https://graph.microsoft.us/.default');
    expect(graphScope('https://127.0.0.1:4443/v1.0')).toBe('https://graph.microsoft.com/.default');
  });
});

describe("what Graph's answer to an install means", () => {
  it.each([
    [{ status: 201 }, 'installed'],
    [{ status: 409, code: 'Conflict' }, 'already-installed'],
    [{ status: 404, code: 'Request_ResourceNotFound' }, 'no-account'],
    [
      { status: 403, code: 'Forbidden', message: 'User is not licensed for Microsoft Teams.' },
      'not-installable',
    ],
    [
      {
        status: 403,
        code: 'Forbidden',
        message:
          "Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteSelfForUser.All'.",
      },
      'permission-missing',
    ],
    [
      { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' },
      'permission-missing',
    ],
    [{ status: 401, code: 'InvalidAuthenticationToken' }, 'permission-missing'],
    [{ status: 429, code: 'TooManyRequests' }, 'failed'],
    [{ status: 503 }, 'failed'],
    [{ status: 400, code: 'BadRequest' }, 'failed'],
  ])('%o → %s', (answer, outcome) => {
    expect(installAttempt(answer).outcome).toBe(outcome);
  });
});
