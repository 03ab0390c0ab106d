// BPV-afspraken in a school's own Azure subscription: one resource group holds the bot's identity,
// storage, web app, Azure Bot registration, key vault and monitoring. Deploy with
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.json -p emailHashKey=<secret>
// (docs/deploy.md walks through it).

targetScope = 'resourceGroup'

@description('Short name put in front of every resource name: lower-case letters and digits, starting with a letter.')
@minLength(2)
@maxLength(8)
param prefix string = 'bpv'

@description('Azure region of every regional resource. West Europe keeps Dutch schools\' data in the EU.')
param location string = 'westeurope'

@description('Tenant ids (comma-separated) whose users may use the bot: the school\'s own tenant by default.')
param allowedTenantIds string = tenant().tenantId

@description('Key for the hashes of e-mail addresses in storage (EMAIL_HASH_KEY), at least 32 characters. Generate one per school (openssl rand -base64 48) and keep it: a different key needs `npm run placements -- migrate-keys`.')
@secure()
@minLength(32)
param emailHashKey string

@description('Months after a placement ends before its data is removed (RETENTION_MONTHS).')
@minValue(1)
@maxValue(120)
param retentionMonths int = 18

@description('Prefix of the table names (TABLE_PREFIX): letters and digits, starting with a letter.')
@minLength(1)
@maxLength(20)
param tablePrefix string = 'bpv'

@description('Name of the reminder queue (REMINDER_QUEUE); its poison queue is this name plus -poison.')
@minLength(3)
@maxLength(56)
param reminderQueue string = 'bpv-reminders'

@description('IANA time zone of the school (TIME_ZONE): dates and times on cards, and the reminder schedule unless reminderSettings sets REMINDER_TIMEZONE.')
param timeZone string = 'Europe/Amsterdam'

@description('Reminder schedule and Teams send rates (REMINDER_*), as described in the README. These are the bot\'s own defaults.')
param reminderSettings object = {
  REMINDERS: 'on'
  REMINDER_SCHEDULE: '*/15 * * * *'
  REMINDER_WORKING_DAYS: '1-5'
  REMINDER_WORKING_HOURS: '09:00-17:00'
  REMINDER_DAYS: '3,7,14'
  REMINDER_FINAL_ROUND_DAYS_BEFORE_END: '14'
  REMINDER_RATE_PER_SECOND: '50'
  REMINDER_CONVERSATION_RATE_PER_SECOND: '7'
  REMINDER_VISIBILITY_SECONDS: '60'
}

@description('Id of the app in the organisation\'s Teams app catalog (TEAMS_APP_CATALOG_ID), after it is uploaded: `npm run placements -- import` and `install-app` then install it for everyone of a placement through Microsoft Graph. Empty: off.')
param teamsAppCatalogId string = ''

@description('Log level of the bot (LOG_LEVEL).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

@description('App Service plan size. Basic (B1) or higher: the bot needs Always On for its reminder schedule.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServiceSku string = 'B1'

@description('Number of web app instances; the bot is stateless and the reminder sweep is safe on several.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Azure Bot pricing tier. Teams is a standard channel, free on F0.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Days Log Analytics keeps the logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var name = toLower(prefix)
var suffix = uniqueString(resourceGroup().id, name)

// The tables the bot uses (src/storage/table-store.ts TABLES), each created as TABLE_PREFIX + name.
var tableNames = [
  'placements'
  'people'
  'users'
  'conversations'
  'reminders'
  'downloads'
  'appinstalls'
  'coordinators'
  'qualifications'
]

// The reminder queue and the poison queue for messages that kept failing (src/scheduler/reminder-queue.ts).
var queueNames = [
  reminderQueue
  '${reminderQueue}-poison'
]

// Built-in role definitions (the same GUID in every tenant).
var roles = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

// ---------------------------------------------------------------------------------------------
// Identity: the bot's Microsoft App ID and its way into storage and the key vault. No passwords.

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id-${suffix}'
  location: location
}

// ---------------------------------------------------------------------------------------------
// Storage: tables and queues, reachable only with Entra tokens (no account keys, no public blobs).

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${name}st${suffix}', 24)
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in tableNames: {
    parent: tableService
    name: '${tablePrefix}${table}'
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------
// Key vault: the e-mail hash key. Purge protection, because without the key nobody can be found again.

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${name}kv${suffix}', 24)
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource emailHashKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'email-hash-key'
  properties: {
    value: emailHashKey
    contentType: 'EMAIL_HASH_KEY of the BPV bot'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(emailHashKeySecret.id, identity.id, roles.keyVaultSecretsUser)
  scope: emailHashKeySecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------
// Monitoring: Application Insights on a Log Analytics workspace, which also receives the web app's logs.

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-log-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-appi-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// ---------------------------------------------------------------------------------------------
// Web app: Node 22 on Linux, running the built bot (dist/) deployed as a zip.

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

// Every setting the bot reads in production (src/config.ts), plus those Azure's libraries and App
// Service read. test/infra/bicep.test.ts checks them against src/config.ts.
var appSettings = union(reminderSettings, {
  MicrosoftAppId: identity.properties.clientId
  MicrosoftAppType: 'UserAssignedMSI'
  MicrosoftAppTenantId: tenant().tenantId
  ALLOWED_TENANT_IDS: allowedTenantIds
  STORAGE_ACCOUNT_NAME: storage.name
  AZURE_CLIENT_ID: identity.properties.clientId
  EMAIL_HASH_KEY: '@Microsoft.KeyVault(SecretUri=${emailHashKeySecret.properties.secretUri})'
  RETENTION_MONTHS: string(retentionMonths)
  TIME_ZONE: timeZone
  TABLE_PREFIX: tablePrefix
  REMINDER_QUEUE: reminderQueue
  LOG_LEVEL: logLevel
  TEAMS_APP_CATALOG_ID: teamsAppCatalogId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  // The bot sends its own telemetry (src/telemetry.ts, which strips query strings); App Service's
  // agent would instrument it a second time, without that filter.
  ApplicationInsightsAgent_EXTENSION_VERSION: 'disabled'
  // The monitor SDK otherwise sends its own usage data ("statsbeat") to Microsoft's endpoints,
  // outside this resource group and its region.
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  // Without a ceiling V8 lets the heap grow over garbage long before it collects: a sweep over
  // 10,000 placements took the process to about 255 MiB resident, with this about 195 MiB
  // (BENCHMARKS.md; the live data after the sweep is about 60 MiB).
  NODE_OPTIONS: '--max-old-space-size=192'
})

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-app-${suffix}'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/src/main.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
    }
  }
  dependsOn: [
    tableDataContributor
    queueDataContributor
    secretsUser
  ]
}

resource siteSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

// Log stream (App Service logs) keeps the console output on the instance for a few days.
resource siteLogs 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'logs'
  properties: {
    applicationLogs: {
      fileSystem: {
        level: 'Information'
      }
    }
    httpLogs: {
      fileSystem: {
        enabled: true
        retentionInDays: 7
        retentionInMb: 35
      }
    }
  }
}

// Deployments authenticate with Entra ID; the FTP and Kudu basic-auth passwords are switched off.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// Azure Bot: registers the web app's /api/messages with the Bot Framework, for Teams only.

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'BPV-afspraken'
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What the next steps need: `npm run package -- --bot-id <botId> --domain <botDomain> ...` and the zip deploy.

output botId string = identity.properties.clientId
output botDomain string = site.properties.defaultHostName
output webAppName string = site.name
output storageAccountName string = storage.name
output keyVaultName string = vault.name
output appInsightsName string = appInsights.name
output botName string = bot.name
