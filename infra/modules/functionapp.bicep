// Flex Consumption (FC1) plan + the Linux function app, running as the user-assigned
// identity. Storage and App Insights are reached with that identity only: no keys and
// no connection strings with secrets in app settings.
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION are deliberately absent:
// Flex takes the runtime from functionAppConfig.runtime and rejects those settings.

@description('Name of the function app (also its default host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan and the site (the site also gets azd-service-name).')
param tags object = {}

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account (AzureWebJobsStorage and the hub data).')
param storageAccountName string

@description('Blob container in that account holding the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Most instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Hub__DefaultRegion: region assumed for contacts without a country (phone parsing).')
param defaultRegion string = 'RU'

@description('Hub__DefaultTimeZone: IANA time zone for shops that do not set one.')
param defaultTimeZone string = 'Europe/Moscow'

@description('Hub__DefaultCurrency: ISO 4217 currency for shops that do not set one.')
param defaultCurrency string = 'RUB'

@description('Segments__Schedule: NCRONTAB (UTC) of the full segment recompute; incremental recomputes run on every change.')
param segmentsSchedule string = '0 0 3 * * *'

@description('Audiences__Schedule: NCRONTAB (UTC) of the look for due audience syncs; each audience has its own refresh interval.')
param audiencesSchedule string = '0 */15 * * * *'

@description('Audiences__PollSchedule: NCRONTAB (UTC) of the look for uploads whose processing status is due to be asked.')
param audiencesPollSchedule string = '0 */5 * * * *'

@description('Sync__Schedule: NCRONTAB (UTC) of the look for due pulls from shop platforms; each resource has its own interval.')
param syncSchedule string = '0 */5 * * * *'

@description('Campaigns__Schedule: NCRONTAB (UTC) of the look for due campaign runs, cascade steps and deferred messages.')
param campaignsSchedule string = '0 */5 * * * *'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (@Microsoft.KeyVault(SecretUri=...)) resolve with this identity.
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Identity-based AzureWebJobsStorage: read by the Functions host and by
        // Hub.Core's storage client factory (same section, same keys).
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        // The connection string holds no secret (only the ingestion endpoint and the
        // instrumentation key id); local auth is off, ingestion needs an Entra token.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
        {
          name: 'Hub__DefaultRegion'
          value: defaultRegion
        }
        {
          name: 'Hub__DefaultTimeZone'
          value: defaultTimeZone
        }
        {
          name: 'Hub__DefaultCurrency'
          value: defaultCurrency
        }
        {
          name: 'Segments__Schedule'
          value: segmentsSchedule
        }
        {
          name: 'Audiences__Schedule'
          value: audiencesSchedule
        }
        {
          name: 'Audiences__PollSchedule'
          value: audiencesPollSchedule
        }
        {
          name: 'Sync__Schedule'
          value: syncSchedule
        }
        {
          name: 'Campaigns__Schedule'
          value: campaignsSchedule
        }
      ]
    }
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
