using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Shops.Sync;

/// <summary>Where a (shop, platform, resource) pull stands. Kebab-case in the table, the CLI and JSON.</summary>
public enum SyncStatus
{
    /// <summary>No run in progress; the next incremental run is due at <see cref="SyncState.NextRunAt"/>.</summary>
    Idle,
    /// <summary>A run is reading pages.</summary>
    Running,
    /// <summary>A run waits for the platform (throttled) or for a retry after a transient error.</summary>
    Waiting,
    /// <summary>The last run stopped on an error a person must fix (credentials, API URL); retried at the next due time.</summary>
    Failed,
}

/// <summary>
/// One pull's state, a row of SyncState (PartitionKey shop, RowKey <c>{platform}|{resource}</c>). The cursor is
/// advanced only after the page it ends was stored. A run is named by <see cref="RunId"/> and its pages are numbered:
/// a queue message for another run or page number is stale and dropped, so there is only ever one chain of pages.
/// </summary>
public sealed record SyncState
{
    public required string ShopId { get; init; }
    public required string Platform { get; init; }
    public required SyncResource Resource { get; init; }
    public SyncStatus Status { get; init; }
    /// <summary>Where the next page starts; null before the first page of a backfill.</summary>
    public string? Cursor { get; init; }
    public string? RunId { get; init; }
    /// <summary>The number of the next page of the current run.</summary>
    public int Page { get; init; }
    /// <summary>This run started from no cursor: the whole history is being read.</summary>
    public bool Backfill { get; init; }
    public DateTimeOffset? RunStartedAt { get; init; }
    public DateTimeOffset? LastPageAt { get; init; }
    public DateTimeOffset? LastRunEndedAt { get; init; }
    public DateTimeOffset? BackfillCompletedAt { get; init; }
    public DateTimeOffset? NextRunAt { get; init; }
    /// <summary>When a waiting run continues.</summary>
    public DateTimeOffset? RetryAt { get; init; }
    /// <summary>Items read in this run (last run when idle), and how many the platform said it holds, when it says.</summary>
    public long RunItems { get; init; }
    public long? RunTotal { get; init; }
    public int RunPages { get; init; }
    public long RunChanged { get; init; }
    public long RunRejected { get; init; }
    /// <summary>Items read over all runs.</summary>
    public long AllItems { get; init; }
    /// <summary>Errors in a row (reset by a stored page).</summary>
    public int Errors { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    /// <summary>Why the last item was rejected (it names the item and the field, never personal data).</summary>
    public string? LastRejection { get; init; }
    public ETag ETag { get; init; }

    /// <summary>A running run whose last page is older than this has lost its queue message (a crash): the scheduler re-queues it.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(15);

    public bool InRun => Status is SyncStatus.Running or SyncStatus.Waiting && RunId is not null;
}

/// <summary>The SyncState table: one row per shop, platform and resource; every change is an ETag-guarded replace.</summary>
public sealed class SyncStateStore(StorageClients clients)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.SyncState);

    static string Row(string platform, SyncResource resource) => $"{platform}|{Name(resource)}";

    public static string Name(SyncResource resource) => resource.ToString().ToLowerInvariant();

    public async Task<SyncState?> GetAsync(string shopId, string platform, SyncResource resource, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(shopId, Row(platform, resource), cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<List<SyncState>> ListAsync(string shopId, CancellationToken cancellationToken = default)
    {
        var states = new List<SyncState>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shopId}"), cancellationToken: cancellationToken))
        {
            states.Add(FromEntity(row));
        }
        return states;
    }

    /// <summary>Writes the state if nobody changed it since it was read (a new row: if nobody created it); false when someone did.</summary>
    public async Task<(bool Saved, SyncState State)> TrySaveAsync(SyncState state, CancellationToken cancellationToken = default)
    {
        var entity = ToEntity(state);
        TableLimits.Check(entity);
        try
        {
            var response = state.ETag == default
                ? await table.AddEntityAsync(entity, cancellationToken)
                : await table.UpdateEntityAsync(entity, state.ETag, TableUpdateMode.Replace, cancellationToken);
            return (true, state with { ETag = response.Headers.ETag ?? default });
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return (false, state);
        }
    }

    /// <summary>Forgets a shop's pulls (the next run is a full backfill).</summary>
    public async Task DeleteAsync(string shopId, string platform, SyncResource resource, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(shopId, Row(platform, resource), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    static TableEntity ToEntity(SyncState state) => new(state.ShopId, Row(state.Platform, state.Resource))
    {
        ["Status"] = state.Status.ToString(),
        ["Data"] = JsonSerializer.Serialize(state with { ETag = default }, HubJson.Options),
    };

    static SyncState FromEntity(TableEntity row) =>
        JsonSerializer.Deserialize<SyncState>(row.GetString("Data"), HubJson.Options)! with { ETag = row.ETag };
}
