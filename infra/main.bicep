// BPV-afspraken in a school's own Azure subscription: one resource group holds the bot's identity,
// storage, web app, Azure Bot registration, key vault and monitoring. Deploy with
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.json \
//     -p emailHashKey=<secret> trainerLinkSecret=<secret> alertEmail=<address>
// The two secrets only on the first deployment: later ones leave them out and the key vault keeps them
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

@description('Key for the hashes of e-mail addresses in storage (EMAIL_HASH_KEY), at least 32 characters, given on the first deployment only (openssl rand -base64 48). Left empty, the key vault keeps the key it has: a deployment never rewrites it, as a different key needs `npm run placements -- migrate-keys` first.')
@secure()
param emailHashKey string = ''

@description('Key of the signed links of trainers who work by e-mail (TRAINER_LINK_SECRET), at least 32 characters and not the e-mail hash key; given on the first deployment only, like emailHashKey. A new one ends every link sent so far.')
@secure()
param trainerLinkSecret string = ''

@description('SMTP server with its credentials (SMTP_URL, smtps://user:password@host:465) when mailTransport is smtp; kept in the key vault. Empty: the key vault keeps what it has.')
@secure()
param smtpUrl string = ''

@description('How mail to trainers without Teams goes out (MAIL_TRANSPORT): off, smtp (smtpUrl) or graph (the school mailbox mailFrom, with Mail.Send for the bot).')
@allowed([
  'off'
  'smtp'
  'graph'
])
param mailTransport string = 'off'

@description('Sender of that mail (MAIL_FROM), e.g. "BPV-bureau <bpv@school.nl>"; required unless mailTransport is off.')
param mailFrom string = ''

@description('Address replies to that mail go to (MAIL_REPLY_TO), e.g. the BPV office\'s own mailbox. Empty: MAIL_FROM.')
param mailReplyTo string = ''

@description('Days a trainer\'s link works (TRAINER_LINK_DAYS).')
@minValue(1)
@maxValue(90)
param trainerLinkDays int = 14

@description('The school\'s own host name for the bot (PUBLIC_URL https://<customDomain>), e.g. bpv.school.nl: trainers get mail links, and *.azurewebsites.net looks like phishing. Bind it and its certificate first (docs/deploy.md). Empty: the web app\'s own name.')
param customDomain string = ''

@description('Entra object ids of the BPV office\'s people (BPV_OFFICE_USERS), comma-separated.')
param officeUsers string = ''

@description('Entra group whose members are the BPV office (BPV_OFFICE_GROUP_ID), read through Graph.')
param officeGroupId string = ''

@description('Hosts an uploaded file may be fetched from (FILE_DOWNLOAD_HOSTS), comma-separated. Empty: the bot\'s default.')
param fileDownloadHosts string = ''

@description('Largest uploaded file in bytes (FILE_UPLOAD_MAX_BYTES). Empty: the bot\'s default.')
param fileUploadMaxBytes string = ''

@description('School holidays in which no reminders go (SCHOOL_HOLIDAYS), as the README describes. Empty: none.')
param schoolHolidays string = ''

@description('Days the daily table backups are kept (BACKUP_RETENTION_DAYS); a lifecycle rule deletes older ones. Keep it below retentionMonths: a backup holds data the retention purge removed.')
@minValue(1)
@maxValue(365)
param backupRetentionDays int = 35

@description('Node.js on App Service (linuxFxVersion NODE|<version>). 22-lts ends on 2027-04-30; 24-lts is the next.')
@allowed([
  '22-lts'
  '24-lts'
])
param nodeVersion string = '22-lts'

@description('Name of this deployment in telemetry (deployment.environment.name), e.g. production or test.')
param environmentName string = 'production'

@description('Where alerts go: the e-mail address of the school\'s IT (action group).')
param alertEmail string

@description('Monthly budget of the resource group in the subscription\'s currency; a mail at 80 % and 100 %. 0: no budget.')
@minValue(0)
param monthlyBudget int = 50

@description('First month of the budget (yyyy-MM-01); the month of the first deployment by default.')
param budgetStartDate string = utcNow('yyyy-MM-01')

@description('Daily cap on what Log Analytics ingests, in GB; beyond it, logging pauses until the next day.')
param logDailyCapGb string = '1'

@description('Tags on every resource, e.g. the school\'s cost centre.')
param tags object = {
  application: 'bpv-afspraken'
}

@description('Further app settings, kept across deployments: a deployment replaces all settings, so a setting added in the portal is lost unless it is named here.')
param extraSettings object = {}

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

@description('Number of web app instances; the bot is stateless and the reminder sweep is safe on several. Basic plans allow 3, Standard 10, Premium v3 30.')
@minValue(1)
@maxValue(30)
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

// The most instances each plan tier allows.
var maxInstances = startsWith(appServiceSku, 'B') ? 3 : startsWith(appServiceSku, 'S') ? 10 : 30

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
  'office'
  'qualifications'
]

// The reminder queue and the poison queue for messages that kept failing (src/storage/reminder-queue.ts).
var queueNames = [
  reminderQueue
  '${reminderQueue}-poison'
]

// Built-in role definitions (the same GUID in every tenant).
var roles = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

// The blob container of the daily table backups (src/storage/table-backup.ts BACKUP_CONTAINER).
var backupContainer = 'bpv-backups'

// ---------------------------------------------------------------------------------------------
// Identity: the bot's Microsoft App ID and its way into storage and the key vault. No passwords.

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id-${suffix}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Storage: tables and queues, reachable only with Entra tokens (no account keys, no public blobs).

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${name}st${suffix}', 24)
  location: location
  tags: tags
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

// Blobs: the daily table backups, versioned and soft-deleted so that neither a mistake nor an
// attacker with the bot's identity can take them away at once; a lifecycle rule ends them.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: 14
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource backups 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: backupContainer
  properties: {
    publicAccess: 'None'
  }
}

resource backupLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-backups'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${backupContainer}/2'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: backupRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: backupRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    backups
  ]
}

resource blobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

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
  tags: tags
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

// Written only when given: a deployment without them leaves the key vault's values alone.
resource emailHashKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(emailHashKey)) {
  parent: vault
  name: 'email-hash-key'
  properties: {
    value: emailHashKey
    contentType: 'EMAIL_HASH_KEY of the BPV bot'
  }
}

resource trainerLinkSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(trainerLinkSecret)) {
  parent: vault
  name: 'trainer-link-secret'
  properties: {
    value: trainerLinkSecret
    contentType: 'TRAINER_LINK_SECRET of the BPV bot'
  }
}

resource smtpUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpUrl)) {
  parent: vault
  name: 'smtp-url'
  properties: {
    value: smtpUrl
    contentType: 'SMTP_URL of the BPV bot'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A resource group deleted by mistake would take the data and the keys to it along.
resource storageLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'keep-storage'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'The school\'s placements, agreements and backups. Remove this lock only to delete them on purpose.'
  }
}

resource vaultLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'keep-key-vault'
  scope: vault
  properties: {
    level: 'CanNotDelete'
    notes: 'Without the e-mail hash key nobody in storage can be found again.'
  }
}

// ---------------------------------------------------------------------------------------------
// Monitoring: Application Insights on a Log Analytics workspace, which also receives the web app's logs.

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-log-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
    workspaceCapping: {
      dailyQuotaGb: json(logDailyCapGb)
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-appi-${suffix}'
  location: location
  tags: tags
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
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: min(instanceCount, maxInstances)
  }
  properties: {
    reserved: true
  }
}

// Every setting the bot reads in production (src/config.ts), plus those Azure's libraries and App
// Service read. test/infra/bicep.test.ts checks them against src/config.ts.
var appSettings = union(reminderSettings, extraSettings, {
  MicrosoftAppId: identity.properties.clientId
  MicrosoftAppType: 'UserAssignedMSI'
  MicrosoftAppTenantId: tenant().tenantId
  ALLOWED_TENANT_IDS: allowedTenantIds
  STORAGE_ACCOUNT_NAME: storage.name
  AZURE_CLIENT_ID: identity.properties.clientId
  // By vault and name, not by the secret resource: the secrets are written on the first deployment only.
  EMAIL_HASH_KEY: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=email-hash-key)'
  TRAINER_LINK_SECRET: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=trainer-link-secret)'
  TRAINER_LINK_DAYS: string(trainerLinkDays)
  MAIL_TRANSPORT: mailTransport
  MAIL_FROM: mailFrom
  MAIL_REPLY_TO: mailReplyTo
  // Only with SMTP: an unresolved reference would stop the bot (src/config.ts refuses it).
  SMTP_URL: mailTransport == 'smtp' ? '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=smtp-url)' : ''
  PUBLIC_URL: empty(customDomain) ? '' : 'https://${customDomain}'
  BPV_OFFICE_USERS: officeUsers
  BPV_OFFICE_GROUP_ID: officeGroupId
  FILE_DOWNLOAD_HOSTS: fileDownloadHosts
  FILE_UPLOAD_MAX_BYTES: fileUploadMaxBytes
  SCHOOL_HOLIDAYS: schoolHolidays
  BACKUP_RETENTION_DAYS: string(backupRetentionDays)
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
  APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true'
  // service.version comes from package.json (src/telemetry.ts); this names the deployment.
  OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=${environmentName}'
  // App Service mounts the deployed zip read-only and runs it as it is (infra/bundle.sh): no unpacking
  // onto network storage, no build on the server.
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  // Without a ceiling V8 lets the heap grow over garbage long before it collects: a sweep over
  // 10,000 placements took the process to about 255 MiB resident, with this about 195 MiB
  // (BENCHMARKS.md; the live data after the sweep is about 60 MiB).
  NODE_OPTIONS: '--max-old-space-size=192'
})

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-app-${suffix}'
  location: location
  tags: tags
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
      linuxFxVersion: 'NODE|${nodeVersion}'
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
    blobDataContributor
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
    // No HTTP logs: they hold each request's path as sent, and a download link's token is in it.
    // Requests reach Application Insights instead, named by route (src/telemetry-redaction.ts).
    httpLogs: {
      fileSystem: {
        enabled: false
      }
    }
  }
  // The site's config resources one after another: written side by side they meet in 409s.
  dependsOn: [
    siteSettings
  ]
}

// Deployments authenticate with Entra ID; the FTP and Kudu basic-auth passwords are switched off.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
  // The site's config resources one after another: written side by side they meet in 409s.
  dependsOn: [
    siteLogs
  ]
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
  // The site's config resources one after another: written side by side they meet in 409s.
  dependsOn: [
    ftpBasicAuth
  ]
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
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
  // The site's config resources one after another: written side by side they meet in 409s.
  dependsOn: [
    scmBasicAuth
  ]
}

// ---------------------------------------------------------------------------------------------
// Azure Bot: registers the web app's /api/messages with the Bot Framework, for Teams only.

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${suffix}'
  location: 'global'
  tags: tags
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
  tags: tags
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Alerts and the budget: the school's IT hears of a failing bot before the office does.

resource alertGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${name}-ag-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'bpv-it'
    enabled: true
    emailReceivers: [
      {
        name: 'it'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${name}-health-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'The health check (/healthz: storage reachable) fails on an instance.'
    severity: 1
    enabled: true
    scopes: [
      site.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'health-check'
          criterionType: 'StaticThresholdCriterion'
          metricName: 'HealthCheckStatus'
          operator: 'LessThan'
          threshold: 100
          timeAggregation: 'Average'
        }
      ]
    }
    actions: [
      {
        actionGroupId: alertGroup.id
      }
    ]
  }
}

resource serverErrorAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${name}-5xx-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'More than 10 answers with a 5xx status in 15 minutes.'
    severity: 2
    enabled: true
    scopes: [
      site.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'http-5xx'
          criterionType: 'StaticThresholdCriterion'
          metricName: 'Http5xx'
          operator: 'GreaterThan'
          threshold: 10
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [
      {
        actionGroupId: alertGroup.id
      }
    ]
  }
}

// The bot counts what it sets aside (src/scheduler/reminder-metrics.ts); any in a day is worth a look.
resource poisonAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${name}-poison-${suffix}'
  location: location
  tags: tags
  properties: {
    displayName: 'Reminder messages set aside on the poison queue'
    description: 'A reminder or digest message kept failing and went to ${reminderQueue}-poison (docs/operations.md).'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'P1D'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "bpv.reminders.poisoned" | summarize poisoned = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'poisoned'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        alertGroup.id
      ]
    }
  }
}

resource reminderFailureAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${name}-reminders-${suffix}'
  location: location
  tags: tags
  properties: {
    displayName: 'Reminders failing'
    description: 'Reminders were given up on after repeated failures, or a sweep failed.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT6H'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "bpv.reminders.failed" | summarize failed = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failed'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        alertGroup.id
      ]
    }
  }
}

resource budget 'Microsoft.Consumption/budgets@2023-05-01' = if (monthlyBudget > 0) {
  name: '${name}-budget'
  properties: {
    category: 'Cost'
    amount: monthlyBudget
    timeGrain: 'Monthly'
    timePeriod: {
      startDate: budgetStartDate
    }
    notifications: {
      actual80: {
        enabled: true
        operator: 'GreaterThanOrEqualTo'
        threshold: 80
        thresholdType: 'Actual'
        contactEmails: [
          alertEmail
        ]
      }
      forecast100: {
        enabled: true
        operator: 'GreaterThanOrEqualTo'
        threshold: 100
        thresholdType: 'Forecasted'
        contactEmails: [
          alertEmail
        ]
      }
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
