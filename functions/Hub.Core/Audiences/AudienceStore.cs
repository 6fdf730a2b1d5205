using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Audiences;

/// <summary>
/// Audiences (PartitionKey shop, RowKey audience id) and their sync history in AudienceSyncs (PartitionKey
/// <c>{shop}|{audienceId}</c>, RowKey inverted start time, so a partition reads newest first). Both keep the record as
/// one JSON column: nothing filters on the fields server-side, and a shop has few audiences.
/// </summary>
public sealed class AudienceStore(StorageClients clients)
{
    readonly TableClient audiences = clients.Tables.GetTableClient(TableNames.Audiences);
    readonly TableClient syncs = clients.Tables.GetTableClient(TableNames.AudienceSyncs);

    public async Task<(Audience Audience, ETag ETag)?> GetAsync(string shopId, string audienceId, CancellationToken cancellationToken = default)
    {
        var row = await audiences.GetEntityIfExistsAsync<TableEntity>(shopId, audienceId, cancellationToken: cancellationToken);
        return row.HasValue ? (Read<Audience>(row.Value!), row.Value!.ETag) : null;
    }

    public async IAsyncEnumerable<Audience> ListAsync(string shopId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in audiences.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shopId}"), cancellationToken: cancellationToken))
        {
            yield return Read<Audience>(row);
        }
    }

    public Task PutAsync(Audience audience, CancellationToken cancellationToken = default) =>
        audiences.UpsertEntityAsync(Row(audience.ShopId, audience.Id, audience), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Replaces the audience only if nobody changed it since it was read.</summary>
    public Task UpdateAsync(Audience audience, ETag etag, CancellationToken cancellationToken = default) =>
        audiences.UpdateEntityAsync(Row(audience.ShopId, audience.Id, audience), etag, TableUpdateMode.Replace, cancellationToken);

    public async Task<bool> DeleteAsync(string shopId, string audienceId, CancellationToken cancellationToken = default)
    {
        var response = await audiences.DeleteEntityAsync(shopId, audienceId, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public static string SyncId(DateTimeOffset startedAt) =>
        (DateTimeOffset.MaxValue.UtcTicks - startedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];

    public Task PutSyncAsync(string shopId, AudienceSync sync, CancellationToken cancellationToken = default) =>
        syncs.UpsertEntityAsync(Row(SyncPartition(shopId, sync.AudienceId), sync.SyncId, sync), TableUpdateMode.Replace, cancellationToken);

    public async Task<AudienceSync?> GetSyncAsync(string shopId, string audienceId, string syncId, CancellationToken cancellationToken = default)
    {
        var row = await syncs.GetEntityIfExistsAsync<TableEntity>(SyncPartition(shopId, audienceId), syncId, cancellationToken: cancellationToken);
        return row.HasValue ? Read<AudienceSync>(row.Value!) : null;
    }

    /// <summary>The newest syncs of an audience first.</summary>
    public async Task<List<AudienceSync>> HistoryAsync(string shopId, string audienceId, int limit, CancellationToken cancellationToken = default)
    {
        var list = new List<AudienceSync>();
        await foreach (var row in syncs.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SyncPartition(shopId, audienceId)}"), Math.Min(limit, 1000), cancellationToken: cancellationToken))
        {
            list.Add(Read<AudienceSync>(row));
            if (list.Count >= limit)
            {
                break;
            }
        }
        return list;
    }

    static string SyncPartition(string shopId, string audienceId) => $"{shopId}|{audienceId}";

    static TableEntity Row<T>(string pk, string rk, T value)
    {
        var row = new TableEntity(pk, rk) { ["Data"] = JsonSerializer.Serialize(value, HubJson.Options) };
        TableLimits.Check(row);
        return row;
    }

    static T Read<T>(TableEntity row) => JsonSerializer.Deserialize<T>(row.GetString("Data"), HubJson.Options)!;
}
