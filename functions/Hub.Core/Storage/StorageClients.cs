using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Hub.Storage;

/// <summary>
/// The one place storage clients are built. Reads the <c>AzureWebJobsStorage</c> section the
/// way the Functions host does: a plain value is a connection string (<c>UseDevelopmentStorage=true</c>
/// locally); otherwise <c>__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__blobServiceUri</c>
/// (or <c>__accountName</c>) with <c>__credential=managedidentity</c> and <c>__clientId</c>.
/// Clients are thread-safe and built once.
/// </summary>
public sealed class StorageClients
{
    public const string SectionName = "AzureWebJobsStorage";

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }

    public StorageClients(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs)
    {
        Tables = tables;
        Queues = queues;
        Blobs = blobs;
    }

    public static StorageClients FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(section.Value);
        }

        var account = section["accountName"];
        var tableUri = Endpoint(section["tableServiceUri"], account, "table");
        var queueUri = Endpoint(section["queueServiceUri"], account, "queue");
        var blobUri = Endpoint(section["blobServiceUri"], account, "blob");
        var credential = Credential(section);
        return new StorageClients(
            new TableServiceClient(tableUri, credential, TableOptions()),
            new QueueServiceClient(queueUri, credential, QueueOptions()),
            new BlobServiceClient(blobUri, credential, BlobOptions()));
    }

    public static StorageClients FromConnectionString(string connectionString) => new(
        new TableServiceClient(connectionString, TableOptions()),
        new QueueServiceClient(connectionString, QueueOptions()),
        new BlobServiceClient(connectionString, BlobOptions()));

    static Uri Endpoint(string? explicitUri, string? account, string service)
    {
        if (!string.IsNullOrWhiteSpace(explicitUri))
        {
            return new Uri(explicitUri);
        }
        if (!string.IsNullOrWhiteSpace(account))
        {
            return new Uri($"https://{account}.{service}.core.windows.net");
        }
        throw new InvalidOperationException(
            $"Storage is not configured: set {SectionName} to a connection string, or {SectionName}__{service}ServiceUri " +
            $"(or {SectionName}__accountName) for an identity-based connection.");
    }

    static TokenCredential Credential(IConfiguration section)
    {
        var clientId = section["clientId"];
        var kind = section["credential"];
        if (string.Equals(kind, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    // Throttling (503 Server Busy, 500 Operation Timeout) and transient faults are retried by the
    // SDK pipeline with exponential backoff; these are the numbers for every client we build.
    static void Configure(ClientOptions options)
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 6;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(20);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(35);
    }

    static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        Configure(options);
        return options;
    }

    static QueueClientOptions QueueOptions()
    {
        // The Functions queue trigger expects Base64; QueueClient's default is plain text.
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Configure(options);
        return options;
    }

    static BlobClientOptions BlobOptions()
    {
        var options = new BlobClientOptions();
        Configure(options);
        return options;
    }
}
