// Hub: Azure resources for one environment, deployed with `azd up` (see README.md).
//
//   resource group  rg-{environmentName}
//   ├─ user-assigned managed identity        modules/identity.bicep
//   ├─ storage account (no shared keys)      modules/storage.bicep
//   │    tables, queues, claim-check and deployment-package containers
//   ├─ Log Analytics + Application Insights  modules/monitoring.bicep
//   ├─ role assignments                      modules/rbac.bicep
//   └─ Flex Consumption plan + function app  modules/functionapp.bicep
//
// Where shops' secrets go
// -----------------------
// Each connected shop's webhook signing secret is an app setting named
//   Shops__{shopId}__WebhookSecret           (and Shops__{shopId}__WebhookSecretPrevious
//                                             while a secret is being rotated)
// whose value is a Key Vault reference, never the secret itself:
//   @Microsoft.KeyVault(SecretUri=https://{vault}.vault.azure.net/secrets/{name}/)
// The app resolves references with the identity in keyVaultReferenceIdentity (the UAMI),
// which needs "Key Vault Secrets User" (4633458b-17de-408a-b874-0445c86b69e6) on a vault
// created with enableRbacAuthorization: true. The vault, that role assignment and the
// per-shop settings are added to these templates by the Key Vault issue; nothing here
// creates them yet. Note that siteConfig.appSettings replaces the app's whole set of
// settings on every provision, so per-shop settings must be template inputs, not hand edits.

targetScope = 'subscription'

@description('azd environment name; names the resource group and seeds unique resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource.')
@minLength(1)
param location string

@description('Object id of the deploying user or principal; gets the same data roles as the app for local runs. Empty skips.')
param principalId string = ''

@description('Kind of principal principalId names.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Prefix of resource names: lowercase letters and digits (the storage account name allows nothing else).')
@minLength(2)
@maxLength(9)
param appNamePrefix string = 'hub'

@description('Most instances the function app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Region assumed for contacts without a country (Hub__DefaultRegion).')
param defaultRegion string = 'RU'

@description('Time zone for shops that do not set one (Hub__DefaultTimeZone).')
param defaultTimeZone string = 'Europe/Moscow'

@description('Currency for shops that do not set one (Hub__DefaultCurrency).')
param defaultCurrency string = 'RUB'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var prefix = toLower(appNamePrefix)
var tags = {
  'azd-env-name': environmentName
  app: 'hub'
}

var names = {
  resourceGroup: 'rg-${environmentName}'
  identity: '${prefix}-id-${resourceToken}'
  storage: take('${prefix}st${resourceToken}', 24)
  deploymentContainer: 'app-package-${resourceToken}'
  logAnalytics: '${prefix}-log-${resourceToken}'
  appInsights: '${prefix}-appi-${resourceToken}'
  plan: '${prefix}-plan-${resourceToken}'
  functionApp: '${prefix}-func-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    tags: tags
  }
}

module appRoles 'modules/rbac.bicep' = {
  name: 'rbac-app'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module deployerRoles 'modules/rbac.bicep' = if (!empty(principalId)) {
  name: 'rbac-deployer'
  scope: rg
  params: {
    principalId: principalId
    principalType: principalType
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    maximumInstanceCount: maximumInstanceCount
    defaultRegion: defaultRegion
    defaultTimeZone: defaultTimeZone
    defaultCurrency: defaultCurrency
  }
  // The app reads its deployment package and storage with the identity: grant first.
  dependsOn: [
    appRoles
  ]
}

// azd saves these outputs as environment values (`azd env get-values`).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
