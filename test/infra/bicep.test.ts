import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, settingsSchema } from '../../src/config';
import { projectRoot } from '../../src/project-root';
import { TABLES } from '../../src/storage/table-store';
import { bicepParams, declaration, objectEntries, resourceTypes } from './bicep-text';

const root = projectRoot();
const template = readFileSync(path.join(root, 'infra', 'main.bicep'), 'utf8');
/** The configuration's source: src/config.ts and the features' settings modules it combines. */
const configSource = ['src/config.ts', ...configurationModules()]
  .map((file) => readFileSync(path.join(root, file), 'utf8'))
  .join('\n');

function configurationModules(dir = 'src'): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return configurationModules(file);
    return entry.name.endsWith('-settings.ts') ? [file] : [];
  });
}
const params = bicepParams(template);

/**
 * Settings the template sets that src/config.ts does not read yet: they come with the managed-identity
 * storage and privacy changes, each merged on its own. Once config.ts reads one, a test below asks to
 * delete it here.
 */
const NOT_YET_IN_CONFIG: string[] = [];

/**
 * A production setting config.ts still demands that the template replaces (key → the template's
 * setting). Storage is reached with the managed identity, so there is no connection string to set.
 * Delete the entry once config.ts accepts the replacement; a test below says when.
 */
const REPLACED_IN_TEMPLATE: Record<string, { by: string; standIn: string }> = {};

/** Settings read by the platform or by Azure's libraries rather than by src/config.ts. */
const READ_OUTSIDE_CONFIG = [
  'AZURE_CLIENT_ID',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ApplicationInsightsAgent_EXTENSION_VERSION',
  'APPLICATIONINSIGHTS_STATSBEAT_DISABLED',
  'OTEL_RESOURCE_ATTRIBUTES',
  'WEBSITE_RUN_FROM_PACKAGE',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'NODE_OPTIONS',
];

/** What the bot reads in production; the template must set each (kept in step with the README). */
const PRODUCTION_SETTINGS = [
  'MicrosoftAppId',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ALLOWED_TENANT_IDS',
  'STORAGE_ACCOUNT_NAME',
  'AZURE_CLIENT_ID',
  'EMAIL_HASH_KEY',
  'RETENTION_MONTHS',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'TABLE_PREFIX',
  'REMINDER_QUEUE',
  'TRAINER_LINK_SECRET',
  'TRAINER_LINK_DAYS',
  'MAIL_TRANSPORT',
  'MAIL_FROM',
  'SMTP_URL',
  'PUBLIC_URL',
  'BACKUP_RETENTION_DAYS',
  // Read on other branches' features, passed through by the template already.
  ...NOT_YET_IN_CONFIG,
];

const IDENTITY_CLIENT_ID = '6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f';
const TENANT_ID = '0d9b8a7c-6e5f-4a3b-9c2d-1e0f9a8b7c6d';

/** Stand-ins for what Azure fills in at deployment, by the Bicep expression that yields it. */
const DEPLOYMENT_VALUES: [RegExp, string][] = [
  [/^identity\.properties\.clientId$/, IDENTITY_CLIENT_ID],
  [/^tenant\(\)\.tenantId$/, TENANT_ID],
  [/^storage\.name$/, 'bpvstabc123'],
  [/^'@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=email-hash-key\)'$/, 'h'.repeat(64)],
  [/^'@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=trainer-link-secret\)'$/, 'l'.repeat(64)],
  // With the default mailTransport 'off' and no customDomain.
  [
    /^mailTransport == 'smtp' \? '@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=smtp-url\)' : ''$/,
    '',
  ],
  [/^empty\(customDomain\) \? '' : 'https:\/\/\$\{customDomain\}'$/, ''],
  [/^'deployment\.environment\.name=\$\{environmentName\}'$/, 'deployment.environment.name=production'],
  [
    /^appInsights\.properties\.ConnectionString$/,
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
  ],
];

/** The value a setting's Bicep expression has in a deployment with the parameters' defaults. */
function resolve(expression: string, setting: string): string {
  const literal = /^'([^'$]*)'$/.exec(expression);
  if (literal) return literal[1] as string;
  const converted = /^string\((\w+)\)$/.exec(expression);
  const param = params.get(converted ? (converted[1] as string) : expression);
  if (param?.defaultValue !== undefined) return resolve(param.defaultValue, setting);
  if (param) throw new Error(`${setting}: parameter ${param.name} has no default to test with`);
  if (/^\d+$/.test(expression)) return expression;
  const known = DEPLOYMENT_VALUES.find(([pattern]) => pattern.test(expression));
  if (!known) {
    throw new Error(
      `${setting} = ${expression}: add a stand-in to DEPLOYMENT_VALUES in test/infra/bicep.test.ts`,
    );
  }
  return known[1];
}

/** The app settings as the web app gets them: the reminder defaults with the template's own on top. */
function templateSettings(): Record<string, string> {
  const block = declaration(template, 'var appSettings');
  expect(block.startsWith('var appSettings = union(reminderSettings, extraSettings, {')).toBe(true);
  const reminders = objectEntries(params.get('reminderSettings')?.defaultValue ?? '');
  const own = objectEntries(block);
  const env: Record<string, string> = {};
  for (const [name, expression] of [...reminders, ...own]) env[name] = resolve(expression, name);
  return env;
}

/** loadConfig on the template's settings, standing in only for what REPLACED_IN_TEMPLATE lists. */
function loadAsDeployed(env: Record<string, string>) {
  const withStandIns = { ...env };
  const standIns: string[] = [];
  for (;;) {
    try {
      return { config: loadConfig(withStandIns), standIns };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const replaced = REPLACED_IN_TEMPLATE[error.variable];
      if (!replaced || error.variable in withStandIns || !(replaced.by in env)) throw error;
      withStandIns[error.variable] = replaced.standIn;
      standIns.push(error.variable);
    }
  }
}

function startsInProduction(env: Record<string, string>): boolean {
  try {
    return loadAsDeployed(env).config.mode === 'production';
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
}

describe('infra/main.bicep app settings', () => {
  const env = templateSettings();

  it('start the bot in production, as a user-assigned managed identity bot', () => {
    const { config } = loadAsDeployed(env);
    expect(config.mode).toBe('production');
    expect(config.auth).toEqual({
      appId: IDENTITY_CLIENT_ID,
      appPassword: undefined,
      appType: 'UserAssignedMSI',
      tenantId: TENANT_ID,
    });
    expect(config.allowedTenantIds).toEqual([TENANT_ID]);
  });

  it('hold every setting config.ts requires: without any one of them the bot refuses production', () => {
    const required = Object.keys(env).filter((name) => {
      const { [name]: _removed, ...rest } = env;
      return !startsInProduction(rest);
    });
    expect(required).toEqual(
      expect.arrayContaining([
        'MicrosoftAppId',
        'MicrosoftAppType',
        'MicrosoftAppTenantId',
        'ALLOWED_TENANT_IDS',
      ]),
    );
    // A setting the template left out would already have failed the test above; this one shows the
    // check can fail, by taking out what config.ts needs.
    for (const name of required) {
      const { [name]: _removed, ...rest } = env;
      expect(startsInProduction(rest)).toBe(false);
    }
  });

  it('set what the bot reads in production', () => {
    expect(Object.keys(env)).toEqual(expect.arrayContaining(PRODUCTION_SETTINGS));
    expect(env.MicrosoftAppId).toBe(IDENTITY_CLIENT_ID);
    expect(env.AZURE_CLIENT_ID).toBe(IDENTITY_CLIENT_ID);
    expect(env.MicrosoftAppTenantId).toBe(TENANT_ID);
    expect(env.RETENTION_MONTHS).toBe('18');
  });

  it('name only settings something reads (a misspelt name would be ignored silently)', () => {
    const unknown = Object.keys(env).filter(
      (name) =>
        !configSource.includes(name) &&
        !READ_OUTSIDE_CONFIG.includes(name) &&
        !NOT_YET_IN_CONFIG.includes(name),
    );
    expect(unknown).toEqual([]);
  });

  it('keep the lists of pending config changes in this test current', () => {
    const nowInConfig = NOT_YET_IN_CONFIG.filter((name) => configSource.includes(name));
    expect({ 'config.ts reads these now: delete them from NOT_YET_IN_CONFIG': nowInConfig }).toEqual({
      'config.ts reads these now: delete them from NOT_YET_IN_CONFIG': [],
    });
    const { standIns } = loadAsDeployed(env);
    const unneeded = Object.keys(REPLACED_IN_TEMPLATE).filter((name) => !standIns.includes(name));
    expect({ 'config.ts no longer demands these: delete them from REPLACED_IN_TEMPLATE': unneeded }).toEqual({
      'config.ts no longer demands these: delete them from REPLACED_IN_TEMPLATE': [],
    });
  });

  it('keep the bot’s own defaults for the reminders, the table prefix and the queue', () => {
    const deployed = loadAsDeployed(env).config;
    const defaults = loadConfig({});
    expect(deployed.reminders).toEqual(defaults.reminders);
    expect(deployed.tablePrefix).toBe(defaults.tablePrefix);
    expect(deployed.timeZone).toBe(defaults.timeZone);
    expect(params.get('timeZone')?.defaultValue).toBe(`'${defaults.timeZone}'`);
    expect(deployed.logLevel).toBe(defaults.logLevel);
  });

  it('leave telemetry to the bot itself, with App Service’s agent off', () => {
    const settings = objectEntries(declaration(template, 'var appSettings'));
    expect(settings.get('ApplicationInsightsAgent_EXTENSION_VERSION')).toBe("'disabled'");
    // The statsbeat setting's current name (APPLICATION_INSIGHTS_NO_STATSBEAT is the legacy one).
    expect(settings.get('APPLICATIONINSIGHTS_STATSBEAT_DISABLED')).toBe("'true'");
    expect(settings.has('APPLICATION_INSIGHTS_NO_STATSBEAT')).toBe(false);
    const exporter = readFileSync(
      path.join(
        root,
        'node_modules/@azure/monitor-opentelemetry-exporter/dist/commonjs/Declarations/Constants.js',
      ),
      'utf8',
    );
    expect(exporter).toContain('ENV_DISABLE_STATSBEAT = "APPLICATIONINSIGHTS_STATSBEAT_DISABLED"');
    expect(settings.get('APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe(
      'appInsights.properties.ConnectionString',
    );
  });

  it('give the secrets as Key Vault references, resolved with the bot’s identity, written only when given', () => {
    const settings = objectEntries(declaration(template, 'var appSettings'));
    expect(settings.get('EMAIL_HASH_KEY')).toBe(
      `'@Microsoft.KeyVault(VaultName=\${vault.name};SecretName=email-hash-key)'`,
    );
    expect(settings.get('TRAINER_LINK_SECRET')).toBe(
      `'@Microsoft.KeyVault(VaultName=\${vault.name};SecretName=trainer-link-secret)'`,
    );
    expect(declaration(template, 'resource site')).toMatch(/^ {4}keyVaultReferenceIdentity: identity\.id$/m);
    expect(declaration(template, 'resource secretsUser')).toMatch(/roles\.keyVaultSecretsUser/);
    for (const [resource, param, secret] of [
      ['emailHashKeySecret', 'emailHashKey', 'email-hash-key'],
      ['trainerLinkSecretValue', 'trainerLinkSecret', 'trainer-link-secret'],
      ['smtpUrlSecret', 'smtpUrl', 'smtp-url'],
    ] as const) {
      const block = declaration(template, `resource ${resource}`);
      // A deployment without the parameter leaves the stored secret alone.
      expect(block).toContain(`= if (!empty(${param})) {`);
      expect(block).toMatch(new RegExp(`^ {4}value: ${param}$`, 'm'));
      expect(block).toMatch(new RegExp(`^ {2}name: '${secret}'$`, 'm'));
    }
  });

  it('carry every setting a production feature needs, each from a parameter or the deployment', () => {
    expect(Object.keys(env)).toEqual(expect.arrayContaining(PRODUCTION_SETTINGS));
    const withMail = loadConfig({
      ...env,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtps://u:p@smtp.school.example:465',
      MAIL_FROM: 'BPV-bureau <bpv@school.example>',
      PUBLIC_URL: 'https://bpv.school.example',
    });
    expect(withMail.mail).toEqual({
      transport: 'smtp',
      smtpUrl: 'smtps://u:p@smtp.school.example:465',
      from: 'BPV-bureau <bpv@school.example>',
    });
    expect(withMail.trainerLinks?.secret).toBe('l'.repeat(64));
    expect(withMail.publicUrl).toBe('https://bpv.school.example');
    expect(loadAsDeployed(env).config.backupRetentionDays).toBe(35);
  });

  it('order the site’s config resources one after another', () => {
    const chain = ['siteSettings', 'siteLogs', 'ftpBasicAuth', 'scmBasicAuth', 'siteDiagnostics'];
    for (let i = 1; i < chain.length; i++) {
      expect(declaration(template, `resource ${chain[i]}`)).toMatch(
        new RegExp(`dependsOn: \\[\\n\\s+${chain[i - 1]}\\n\\s+\\]`),
      );
    }
  });
});

describe('infra/main.bicep parameters', () => {
  it('give the secure parameters an empty default: written when given, kept when left out', () => {
    const secure = [...params.values()].filter((p) => p.decorators.some((d) => d.startsWith('@secure()')));
    expect(secure.map((p) => p.name)).toEqual(['emailHashKey', 'trainerLinkSecret', 'smtpUrl']);
    // Empty by default: given on the first deployment, left out afterwards (the bot checks the length).
    for (const param of secure) expect(param.defaultValue).toBe("''");
  });

  it('default the location to West Europe and the retention to 18 months', () => {
    expect(params.get('location')?.defaultValue).toBe("'westeurope'");
    expect(params.get('retentionMonths')?.defaultValue).toBe('18');
    expect(params.get('allowedTenantIds')?.defaultValue).toBe('tenant().tenantId');
  });

  it('main.parameters.json names only parameters of main.bicep, and no secret', () => {
    const file = JSON.parse(readFileSync(path.join(root, 'infra', 'main.parameters.json'), 'utf8')) as {
      parameters: Record<string, { value: unknown }>;
    };
    const names = Object.keys(file.parameters);
    expect(names.filter((name) => !params.has(name))).toEqual([]);
    expect(names).not.toContain('emailHashKey');
    expect(names).not.toContain('trainerLinkSecret');
    expect(names).not.toContain('smtpUrl');
    expect(file.parameters.location?.value).toBe('westeurope');
  });

  it('is read by the checks above at all (a parse that finds nothing would pass them)', () => {
    expect(params.size).toBeGreaterThan(10);
    expect(params.get('reminderSettings')?.defaultValue).toContain("REMINDER_SCHEDULE: '*/15 * * * *'");
  });
});

describe('infra/main.bicep resources', () => {
  it('harden the storage account: Entra tokens only, TLS 1.2, no public blobs, HTTPS only', () => {
    const storage = declaration(template, 'resource storage');
    expect(storage).toMatch(/^ {4}allowSharedKeyAccess: false$/m);
    expect(storage).toMatch(/^ {4}minimumTlsVersion: 'TLS1_2'$/m);
    expect(storage).toMatch(/^ {4}allowBlobPublicAccess: false$/m);
    expect(storage).toMatch(/^ {4}supportsHttpsTrafficOnly: true$/m);
  });

  it('create every table the bot uses, with the table prefix', () => {
    const names = declaration(template, 'var tableNames')
      .split('\n')
      .slice(1, -1)
      .map((line) => line.trim().replace(/'/g, ''));
    expect(names.sort()).toEqual(Object.values(TABLES).sort());
    expect(declaration(template, 'resource tables')).toMatch(/name: '\$\{tablePrefix\}\$\{table\}'/);
  });

  it('create the reminder queue and its poison queue', () => {
    const queueSource = readFileSync(path.join(root, 'src', 'storage', 'reminder-queue.ts'), 'utf8');
    expect(queueSource).toMatch(/`\$\{name\}-poison`/);
    expect(declaration(template, 'var queueNames')).toMatch(/reminderQueue\n\s+'\$\{reminderQueue\}-poison'/);
    expect(declaration(template, 'resource queues')).toMatch(/for queue in queueNames/);
    expect(params.get('reminderQueue')?.defaultValue).toBe(`'${loadConfig({}).reminders.queueName}'`);
  });

  it('give the identity the built-in table, queue and secret roles by their role definition ids', () => {
    const roles = objectEntries(declaration(template, 'var roles'));
    expect(Object.fromEntries(roles)).toEqual({
      storageTableDataContributor: "'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'",
      storageQueueDataContributor: "'974c5e8b-45b9-4653-ba55-5f855dd0fb88'",
      keyVaultSecretsUser: "'4633458b-17de-408a-b874-0445c86b69e6'",
      storageBlobDataContributor: "'ba92f5b4-2d11-453d-a403-e96b0029c9fe'",
    });
    for (const [assignment, role, scope] of [
      ['tableDataContributor', 'storageTableDataContributor', 'storage'],
      ['queueDataContributor', 'storageQueueDataContributor', 'storage'],
      ['blobDataContributor', 'storageBlobDataContributor', 'storage'],
      ['secretsUser', 'keyVaultSecretsUser', 'vault'],
    ] as const) {
      const block = declaration(template, `resource ${assignment}`);
      expect(block).toContain(`'Microsoft.Authorization/roleDefinitions', roles.${role})`);
      expect(block).toMatch(/principalId: identity\.properties\.principalId/);
      expect(block).toMatch(new RegExp(`^ {2}scope: ${scope}$`, 'm'));
    }
  });

  it('run the web app on Node (22 LTS unless told 24) on Linux, always on, HTTPS only, no FTP, health-checked at /healthz', () => {
    const site = declaration(template, 'resource site');
    expect(site).toMatch(/^ {6}linuxFxVersion: 'NODE\|\$\{nodeVersion\}'$/m);
    expect(params.get('nodeVersion')?.defaultValue).toBe("'22-lts'");
    expect(params.get('nodeVersion')?.decorators.join('\n')).toContain("'24-lts'");
    expect(site).toMatch(/^ {6}alwaysOn: true$/m);
    expect(site).toMatch(/^ {4}httpsOnly: true$/m);
    expect(site).toMatch(/^ {6}ftpsState: 'Disabled'$/m);
    expect(site).toMatch(/^ {6}healthCheckPath: '\/healthz'$/m);
    expect(site).toMatch(
      /type: 'UserAssigned'\n\s+userAssignedIdentities: \{\n\s+'\$\{identity\.id\}': \{\}/,
    );
    expect(readFileSync(path.join(root, 'src', 'server.ts'), 'utf8')).toContain("'/healthz'");
    expect(site).toMatch(/^ {6}appCommandLine: 'node dist\/src\/main\.js'$/m);
    // `npm start` is local mode's entry, which the release does not hold.
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start).toBe(
      'node dist/src/local/main.js',
    );
    expect(declaration(template, 'resource plan')).toMatch(/^ {4}reserved: true$/m);
    expect(declaration(template, 'resource siteSettings')).toMatch(/^ {2}properties: appSettings$/m);
  });

  it('register the bot with its managed identity, the web app’s /api/messages and the Teams channel', () => {
    const bot = declaration(template, 'resource bot');
    expect(bot).toMatch(/^ {4}msaAppType: 'UserAssignedMSI'$/m);
    expect(bot).toMatch(/^ {4}msaAppId: identity\.properties\.clientId$/m);
    expect(bot).toMatch(/^ {4}msaAppTenantId: tenant\(\)\.tenantId$/m);
    expect(bot).toMatch(/^ {4}msaAppMSIResourceId: identity\.id$/m);
    expect(bot).toMatch(
      /^ {4}endpoint: 'https:\/\/\$\{site\.properties\.defaultHostName\}\/api\/messages'$/m,
    );
    const channel = declaration(template, 'resource teamsChannel');
    expect(channel).toMatch(/^ {2}name: 'MsTeamsChannel'$/m);
    expect(channel).toMatch(/^ {4}channelName: 'MsTeamsChannel'$/m);
    expect(channel).toMatch(/^ {6}isEnabled: true$/m);
  });

  it('send Application Insights to the Log Analytics workspace', () => {
    expect(declaration(template, 'resource appInsights')).toMatch(
      /^ {4}WorkspaceResourceId: workspace\.id$/m,
    );
  });

  it('name every resource type once, with a dated API version', () => {
    const resources = resourceTypes(template);
    expect(resources.length).toBeGreaterThanOrEqual(15);
    for (const { apiVersion } of resources) expect(apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
    const versions = new Map<string, Set<string>>();
    for (const { type, apiVersion } of resources) {
      versions.set(type, (versions.get(type) ?? new Set()).add(apiVersion));
    }
    expect([...versions].filter(([, v]) => v.size > 1)).toEqual([]);
  });

  it('output what packaging and deployment need', () => {
    expect(template).toMatch(/^output botId string = identity\.properties\.clientId$/m);
    expect(template).toMatch(/^output botDomain string = site\.properties\.defaultHostName$/m);
    expect(template).toMatch(/^output webAppName string = site\.name$/m);
  });
});

/** Every setting name the configuration declares: the schema src/config.ts combines from the features'. */
function declaredSettings(): string[] {
  return Object.keys(settingsSchema.shape);
}

/**
 * Settings src/ reads that the template leaves to the bot's default or that have no place in
 * Azure, each with why. Any other setting src/ reads must be in the template's app settings.
 */
const NOT_IN_TEMPLATE: Record<string, string> = {
  PORT: 'App Service passes PORT itself',
  WEBSITE_HOSTNAME: 'set by App Service',
  STORAGE_CONNECTION_STRING: 'the template reaches storage with the managed identity',
  STORAGE_TABLE_ENDPOINT: 'derived from STORAGE_ACCOUNT_NAME in the public cloud',
  STORAGE_QUEUE_ENDPOINT: 'derived from STORAGE_ACCOUNT_NAME in the public cloud',
  MicrosoftAppPassword: 'a managed-identity bot has no password',
  PLAYGROUND: 'local mode only',
  DEMO_LOCALE: 'local mode only',
  LOCAL_DATA_DIR: 'local mode only',
  CONNECTOR_TIMEOUT_SECONDS: 'the default; extraSettings can set it',
  APPLICATIONINSIGHTS_SAMPLING_RATIO: 'the default (all); extraSettings can set it',
  REMINDER_TIMEZONE: 'TIME_ZONE is used unless set; extraSettings can set it',
  ESCALATION_WORKING_DAYS: 'the default; extraSettings can set it',
  COORDINATOR_DIGEST_DAY: 'the default; extraSettings can set it',
  GRAPH_BASE_URL: 'the public cloud by default; extraSettings can set it',
};

describe('infra/main.bicep against what src/ reads', () => {
  const settings = Object.keys(templateSettings());

  it('sets every setting src/config.ts declares, unless it is listed with a reason', () => {
    const declared = declaredSettings();
    expect(declared.length).toBeGreaterThan(40);
    const missing = declared.filter((name) => !settings.includes(name) && !(name in NOT_IN_TEMPLATE));
    expect({ 'read by src/ but not in the template': missing }).toEqual({
      'read by src/ but not in the template': [],
    });
    const stale = Object.keys(NOT_IN_TEMPLATE).filter((name) => !declared.includes(name));
    expect({ 'no longer read by src/': stale }).toEqual({ 'no longer read by src/': [] });
  });

  it('fails for a setting the template would miss (the check can fail)', () => {
    const declared = [...declaredSettings(), 'A_NEW_SETTING'];
    expect(declared.filter((name) => !settings.includes(name) && !(name in NOT_IN_TEMPLATE))).toEqual([
      'A_NEW_SETTING',
    ]);
  });
});

describe('infra/main.bicep guard rails', () => {
  it('tag every resource that has a location', () => {
    const resources = template.split(/\n(?=resource )/).filter((block) => /^ {2}location: /m.test(block));
    expect(resources.length).toBeGreaterThan(10);
    for (const block of resources) expect(block).toMatch(/^ {2}tags: tags$/m);
  });

  it('lock the storage account and the key vault against deletion', () => {
    for (const [lock, scope] of [
      ['storageLock', 'storage'],
      ['vaultLock', 'vault'],
    ] as const) {
      const block = declaration(template, `resource ${lock}`);
      expect(block).toMatch(new RegExp(`^ {2}scope: ${scope}$`, 'm'));
      expect(block).toMatch(/^ {4}level: 'CanNotDelete'$/m);
    }
  });

  it('alert the IT address on a failing health check, 5xx, the poison queue and failing reminders', () => {
    expect(declaration(template, 'resource alertGroup')).toMatch(/emailAddress: alertEmail/);
    expect(declaration(template, 'resource healthAlert')).toMatch(/metricName: 'HealthCheckStatus'/);
    expect(declaration(template, 'resource serverErrorAlert')).toMatch(/metricName: 'Http5xx'/);
    const metrics = readFileSync(path.join(root, 'src', 'scheduler', 'reminder-metrics.ts'), 'utf8');
    for (const [alert, metric] of [
      ['poisonAlert', 'bpv.reminders.poisoned'],
      ['reminderFailureAlert', 'bpv.reminders.failed'],
    ] as const) {
      expect(declaration(template, `resource ${alert}`)).toContain(`name == "${metric}"`);
      expect(metrics).toContain(`'${metric}'`);
    }
    for (const alert of ['healthAlert', 'serverErrorAlert']) {
      expect(declaration(template, `resource ${alert}`)).toMatch(/actionGroupId: alertGroup\.id/);
    }
  });

  it('cap Log Analytics per day and set a monthly budget', () => {
    expect(declaration(template, 'resource workspace')).toMatch(/dailyQuotaGb: json\(logDailyCapGb\)/);
    const budget = declaration(template, 'resource budget');
    expect(budget).toMatch(/amount: monthlyBudget/);
    expect(budget).toContain('= if (monthlyBudget > 0) {');
  });

  it('keep backups versioned, soft-deleted and ended after backupRetentionDays', () => {
    const blobs = declaration(template, 'resource blobService');
    expect(blobs).toMatch(/isVersioningEnabled: true/);
    expect(blobs).toMatch(/deleteRetentionPolicy: \{\n\s+enabled: true/);
    expect(declaration(template, 'resource backups')).toMatch(/name: backupContainer/);
    expect(template).toMatch(/^var backupContainer = 'bpv-backups'$/m);
    const tableBackup = readFileSync(path.join(root, 'src', 'storage', 'table-backup.ts'), 'utf8');
    expect(tableBackup).toContain("BACKUP_CONTAINER = 'bpv-backups'");
    expect(declaration(template, 'resource backupLifecycle')).toMatch(
      /daysAfterModificationGreaterThan: backupRetentionDays/,
    );
  });

  it('run from the package, on no more instances than the plan allows', () => {
    const settings = objectEntries(declaration(template, 'var appSettings'));
    expect(settings.get('WEBSITE_RUN_FROM_PACKAGE')).toBe("'1'");
    expect(declaration(template, 'resource plan')).toMatch(/capacity: min\(instanceCount, maxInstances\)/);
    expect(template).toMatch(/^var maxInstances = startsWith\(appServiceSku, 'B'\) \? 3 :/m);
  });
});
