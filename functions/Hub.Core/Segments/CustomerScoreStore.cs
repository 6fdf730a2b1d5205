using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Segments;

/// <summary>
/// Each customer's RFM scores and segment as of the last computation, in CustomerScores: PartitionKey
/// <c>{shop}|{bucket}</c> and RowKey the customer id — the Customers table's keys, so a bucket's scores are one
/// partition read beside its customers. Kept apart from the customer's row because the segment engine owns them and
/// ingestion owns the customer: writing scores never changes the customer's ETag (no 412s for a webhook updating the
/// customer meanwhile), and a shop's first computation inserts its scores rather than rewriting every customer.
/// </summary>
public sealed class CustomerScoreStore(StorageClients clients)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.CustomerScores);

    /// <summary>One bucket's scores, by customer id.</summary>
    public async Task<Dictionary<string, RfmScore>> ReadBucketAsync(string shopId, int bucket, CancellationToken cancellationToken = default)
    {
        var scores = new Dictionary<string, RfmScore>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Buckets.Partition(shopId, bucket)}"), 1000, cancellationToken: cancellationToken))
        {
            if (Read(row) is { } score)
            {
                scores[row.RowKey] = score;
            }
        }
        return scores;
    }

    public async Task<RfmScore?> GetAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Buckets.Partition(shopId, customerId), customerId, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>The scores of many customers (point reads for a few of a bucket, one partition read for more).</summary>
    public async Task<Dictionary<string, RfmScore>> GetManyAsync(string shopId, IEnumerable<string> customerIds, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, RfmScore>(StringComparer.Ordinal);
        foreach (var bucket in customerIds.Distinct(StringComparer.Ordinal).GroupBy(Buckets.Of))
        {
            if (bucket.Count() > 8)
            {
                var all = await ReadBucketAsync(shopId, bucket.Key, cancellationToken);
                foreach (var id in bucket.Where(all.ContainsKey))
                {
                    found[id] = all[id];
                }
                continue;
            }
            foreach (var id in bucket)
            {
                if (await GetAsync(shopId, id, cancellationToken) is { } score)
                {
                    found[id] = score;
                }
            }
        }
        return found;
    }

    /// <summary>The write that makes the stored score <paramref name="score"/> (none: the row goes).</summary>
    public static TableTransactionAction Write(string shopId, string customerId, RfmScore? score) => score is null
        ? new(TableTransactionActionType.Delete, new TableEntity(Buckets.Partition(shopId, customerId), customerId), ETag.All)
        : new(TableTransactionActionType.UpsertReplace, new TableEntity(Buckets.Partition(shopId, customerId), customerId)
        {
            ["R"] = score.R,
            ["F"] = score.F,
            ["M"] = score.M,
            ["Segment"] = score.Segment.Id,
        });

    static RfmScore? Read(TableEntity row) =>
        row.GetInt32("R") is > 0 and var r ? new RfmScore(r, row.GetInt32("F") ?? 1, row.GetInt32("M") ?? 1) : null;
}
