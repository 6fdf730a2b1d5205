using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Segments;

/// <summary>
/// Keeps each shop's <see cref="ShopSegmentStats"/> in the SegmentStats table: PartitionKey <c>{shop}</c>; one row per
/// product and category interval under RowKey <c>{runId}|p|…</c> / <c>{runId}|c|…</c>, and the row <c>current</c> naming the
/// run in force with the shop-wide figures. A new run's rows are written first and <c>current</c> switched last, so
/// readers never see half a run; older runs' rows are deleted after the switch.
/// </summary>
public sealed class SegmentStatsStore(StorageClients clients, TableBatchWriter writer, TimeProvider time)
{
    const string Current = "current";
    static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(2);
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.SegmentStats);
    readonly ConcurrentDictionary<string, (ShopSegmentStats Stats, DateTimeOffset At)> cache = new();

    public async Task SaveAsync(string shopId, ShopSegmentStats stats, CancellationToken cancellationToken = default)
    {
        IEnumerable<TableTransactionAction> Rows(string kind, IReadOnlyDictionary<string, IntervalStat> intervals) =>
            intervals.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(shopId, $"{stats.RunId}|{kind}|{KeyEncoder.Encode(p.Key)}")
                {
                    ["Key"] = p.Key,
                    ["MedianDays"] = p.Value.MedianDays,
                    ["Customers"] = p.Value.Customers,
                    ["Intervals"] = p.Value.Intervals,
                }));
        await writer.WriteAsync(TableNames.SegmentStats, Rows("p", stats.Products).Concat(Rows("c", stats.Categories)), cancellationToken);
        var summary = stats with { Products = new Dictionary<string, IntervalStat>(), Categories = new Dictionary<string, IntervalStat>() };
        await table.UpsertEntityAsync(new TableEntity(shopId, Current)
        {
            ["RunId"] = stats.RunId,
            ["Summary"] = JsonSerializer.Serialize(summary, HubJson.Options),
        }, TableUpdateMode.Replace, cancellationToken);
        cache[shopId] = (stats, time.GetUtcNow());

        var stale = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {shopId} and RowKey lt {stats.RunId + "|"}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await writer.WriteAsync(TableNames.SegmentStats, Deletes(stale), cancellationToken);
    }

    static async IAsyncEnumerable<TableTransactionAction> Deletes(IAsyncEnumerable<TableEntity> rows)
    {
        await foreach (var row in rows)
        {
            yield return new TableTransactionAction(TableTransactionActionType.Delete, row);
        }
    }

    /// <summary>The stats in force for the shop, or null before its first computation. Cached for two minutes.</summary>
    public async Task<ShopSegmentStats?> GetAsync(string shopId, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(shopId, out var hit) && time.GetUtcNow() - hit.At < CacheFor)
        {
            return hit.Stats;
        }
        var current = await table.GetEntityIfExistsAsync<TableEntity>(shopId, Current, cancellationToken: cancellationToken);
        if (!current.HasValue)
        {
            return null;
        }
        var summary = JsonSerializer.Deserialize<ShopSegmentStats>(current.Value!.GetString("Summary"), HubJson.Options)!;
        var products = new Dictionary<string, IntervalStat>(StringComparer.Ordinal);
        var categories = new Dictionary<string, IntervalStat>(StringComparer.OrdinalIgnoreCase);
        var prefix = summary.RunId + "|";
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {shopId} and RowKey gt {prefix} and RowKey lt {summary.RunId + "}"}"), cancellationToken: cancellationToken))
        {
            var target = row.RowKey.AsSpan(prefix.Length).StartsWith("p|") ? products : categories;
            target[row.GetString("Key")] = new IntervalStat(row.GetDouble("MedianDays") ?? 0, row.GetInt32("Customers") ?? 0, row.GetInt32("Intervals") ?? 0);
        }
        var stats = summary with { Products = products, Categories = categories };
        cache[shopId] = (stats, time.GetUtcNow());
        return stats;
    }
}
