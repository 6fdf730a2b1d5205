using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Webhooks;

public static class ReceiptStatus
{
    public const string Received = "received";
    public const string Queued = "queued";
    public const string Processed = "processed";
    public const string Failed = "failed";
    public const string Poisoned = "poisoned";
}

/// <summary>
/// WebhookReceipts: PartitionKey <c>{shop}|{yyyyMMdd}</c> (the day the event happened on the platform, so
/// retries hours later find the same row), RowKey the encoded delivery id. A receipt dedupes deliveries
/// and says what became of each one — processed, or failed with the reason.
/// </summary>
public sealed class WebhookReceipts(StorageClients clients)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.WebhookReceipts);

    public static string Partition(string shopId, DateTimeOffset day) => $"{shopId}|{day.UtcDateTime:yyyyMMdd}";

    /// <summary>Records a new delivery; returns the existing receipt's status when it was seen before.</summary>
    public async Task<string?> RecordAsync(string partition, string deliveryId, string platform, string topic, DateTimeOffset receivedAt, int bytes, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partition, KeyEncoder.Encode(deliveryId))
        {
            ["DeliveryId"] = deliveryId,
            ["Platform"] = platform,
            ["Topic"] = topic,
            ["Status"] = ReceiptStatus.Received,
            ["ReceivedAt"] = receivedAt,
            ["Bytes"] = bytes,
            ["Attempts"] = 0,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(partition, entity.RowKey, ["Status"], cancellationToken);
            return existing.Value.GetString("Status");
        }
    }

    public Task UpdateAsync(string partition, string deliveryId, string status, DateTimeOffset at, int? attempts = null, string? error = null, string? outcome = null, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(partition, KeyEncoder.Encode(deliveryId))
        {
            ["Status"] = status,
            ["UpdatedAt"] = at,
        };
        if (attempts is not null) entity["Attempts"] = attempts;
        if (error is not null) entity["Error"] = error.Length > 4000 ? error[..4000] : error;
        if (outcome is not null) entity["Outcome"] = outcome;
        return table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<TableEntity?> GetAsync(string partition, string deliveryId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, KeyEncoder.Encode(deliveryId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }
}
