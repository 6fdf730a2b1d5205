// The hub's only storage account: the Functions runtime (deployment package, timer
// leases, queue triggers) and the hub's own data (tables, queues, claim-check blobs).
// Shared keys are off: everything authenticates with Entra ID (see rbac.bicep).
// Table, queue and container names mirror functions/Hub.Core/Storage/TableNames.cs.

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object = {}

@description('Blob container that Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Redundancy of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param skuName string = 'Standard_LRS'

var blobContainerNames = [
  deploymentContainerName
  'claim-checks'
]

var tableNames = [
  'Shops'
  'Customers'
  'Identities'
  'Orders'
  'Carts'
  'Merges'
  'WebhookReceipts'
  'Segments'
  'SegmentMembers'
  'SegmentStats'
  'SegmentSummaries'
  'Leases'
  'Audiences'
  'AudienceSyncs'
  'AdQuotas'
  'SendLedger'
  'MessageRefs'
  'Suppressions'
  'ProviderEvents'
  'ContactLog'
  'Templates'
  'SyncState'
  'Campaigns'
  'CustomerScores'
  'CampaignRuns'
  'CampaignWakeups'
]

var queueNames = [
  'shop-events'
  'shop-events-poison'
  'customer-changes'
  'customer-changes-poison'
  'segment-jobs'
  'segment-jobs-poison'
  'segment-changes'
  'audience-jobs'
  'audience-jobs-poison'
  'dispatch'
  'dispatch-poison'
  'sync-pages'
  'sync-pages-poison'
  'campaign-steps'
  'campaign-steps-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output deploymentContainerName string = deploymentContainerName
