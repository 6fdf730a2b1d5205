using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Segments;

/// <summary>One <see cref="SegmentSummary"/> row per shop bucket in SegmentSummaries (PartitionKey shop, RowKey bucket).</summary>
public sealed class SegmentSummaryStore(StorageClients clients)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.SegmentSummaries);

    public Task WriteAsync(string shopId, int bucket, SegmentSummary summary, CancellationToken cancellationToken = default) =>
        table.UpsertEntityAsync(ToEntity(shopId, bucket, summary), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Read-modify-write of one bucket's row, retried when another writer got there first.</summary>
    public async Task AdjustAsync(string shopId, int bucket, Func<SegmentSummary, SegmentSummary> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(shopId, Key(bucket), cancellationToken: cancellationToken);
            var current = row.HasValue ? FromEntity(row.Value!) : new SegmentSummary();
            var entity = ToEntity(shopId, bucket, change(current));
            try
            {
                if (row.HasValue)
                {
                    await table.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 10)
            {
            }
        }
    }

    /// <summary>The whole shop: every bucket's row added up; null before the first computation.</summary>
    public async Task<SegmentSummary?> ReadShopAsync(string shopId, CancellationToken cancellationToken = default)
    {
        SegmentSummary? total = null;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shopId}"), cancellationToken: cancellationToken))
        {
            var summary = FromEntity(row);
            total = total is null ? summary : total.Plus(summary);
        }
        return total;
    }

    static string Key(int bucket) => bucket.ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    static TableEntity ToEntity(string shopId, int bucket, SegmentSummary summary) => new(shopId, Key(bucket))
    {
        ["Summary"] = JsonSerializer.Serialize(summary, HubJson.Options),
    };

    static SegmentSummary FromEntity(TableEntity row)
    {
        var s = JsonSerializer.Deserialize<SegmentSummary>(row.GetString("Summary"), HubJson.Options)!;
        return s with
        {
            Segments = new Dictionary<string, Tally>(s.Segments, StringComparer.Ordinal),
            Rfm = new Dictionary<string, Tally>(s.Rfm, StringComparer.Ordinal),
        };
    }
}
