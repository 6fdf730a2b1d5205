using Azure.Core;
using Azure.Core.Pipeline;
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
    /// <summary>Large scans: rows as they stream in, through the same options and credential as <see cref="Tables"/>.</summary>
    public TableRowStream Rows { get; }

    StorageClients(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, TableRowStream rows)
    {
        Tables = tables;
        Queues = queues;
        Blobs = blobs;
        Rows = rows;
    }

    /// <summary>The same tables and containers with other queues (tests give each harness queues of its own).</summary>
    internal StorageClients WithQueues(QueueServiceClient queues) => new(Tables, queues, Blobs, Rows);

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
        var tableOptions = TableOptions();
        return new StorageClients(
            new TableServiceClient(tableUri, credential, tableOptions),
            new QueueServiceClient(queueUri, credential, QueueOptions()),
            new BlobServiceClient(blobUri, credential, BlobOptions()),
            new TableRowStream(tableUri, HttpPipelineBuilder.Build(tableOptions, new BearerTokenAuthenticationPolicy(credential, StorageScope))));
    }

    /// <summary>Clients for a connection string; <paramref name="tableOptions"/> replaces ours (tests add policies to it).</summary>
    public static StorageClients FromConnectionString(string connectionString, TableClientOptions? tableOptions = null)
    {
        tableOptions ??= TableOptions();
        return new StorageClients(
            new TableServiceClient(connectionString, tableOptions),
            new QueueServiceClient(connectionString, QueueOptions()),
            new BlobServiceClient(connectionString, BlobOptions()),
            RowStream(connectionString, tableOptions));
    }

    const string StorageScope = "https://storage.azure.com/.default";
    public const string DevelopmentAccount = "devstoreaccount1";
    /// <summary>The emulator's well-known account key (public, the same in every Azurite).</summary>
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The row stream for a connection string: its table endpoint, signed with its account key or its SAS.</summary>
    static TableRowStream RowStream(string connectionString, TableClientOptions options)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var isDevelopment) && isDevelopment)
        {
            return new TableRowStream(new Uri($"http://127.0.0.1:10002/{DevelopmentAccount}"),
                HttpPipelineBuilder.Build(options, new TableSharedKeyLitePolicy(DevelopmentAccount, Convert.FromBase64String(DevelopmentKey))));
        }
        var account = parts.GetValueOrDefault("AccountName");
        var endpoint = parts.TryGetValue("TableEndpoint", out var explicitEndpoint) ? new Uri(explicitEndpoint)
            : account is not null ? new Uri($"{parts.GetValueOrDefault("DefaultEndpointsProtocol", "https")}://{account}.table.{parts.GetValueOrDefault("EndpointSuffix", "core.windows.net")}")
            : throw new InvalidOperationException($"The {SectionName} connection string names neither TableEndpoint nor AccountName.");
        if (parts.TryGetValue("SharedAccessSignature", out var sas))
        {
            return new TableRowStream(endpoint, HttpPipelineBuilder.Build(options), sas);
        }
        if (account is null || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new InvalidOperationException($"The {SectionName} connection string has neither AccountName with AccountKey nor SharedAccessSignature.");
        }
        return new TableRowStream(endpoint, HttpPipelineBuilder.Build(options, new TableSharedKeyLitePolicy(account, Convert.FromBase64String(key))));
    }

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
