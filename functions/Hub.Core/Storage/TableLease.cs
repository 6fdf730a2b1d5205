using Azure;
using Azure.Data.Tables;

namespace Hub.Storage;

/// <summary>A lease held on one name; dispose (or <see cref="ReleaseAsync"/>) to let others take it.</summary>
public sealed class HeldLease : IAsyncDisposable
{
    readonly TableClient table;
    readonly string partitionKey;
    readonly string rowKey;
    ETag etag;
    bool released;

    internal HeldLease(TableClient table, string partitionKey, string rowKey, ETag etag, string owner)
    {
        this.table = table;
        this.partitionKey = partitionKey;
        this.rowKey = rowKey;
        this.etag = etag;
        Owner = owner;
    }

    public string Owner { get; }

    public async ValueTask ReleaseAsync()
    {
        if (released)
        {
            return;
        }
        released = true;
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, etag);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Expired and taken over, or already gone: nothing of ours to release.
        }
    }

    public ValueTask DisposeAsync() => ReleaseAsync();
}

/// <summary>
/// Mutual exclusion across function instances through one row per name in the Leases table: taking it is an insert
/// (or, once it has expired, an ETag-guarded replace), so exactly one caller wins. A holder that crashes blocks
/// others only until the lease's expiry. Used for one segment computation per shop bucket, one sync per shop and resource.
/// </summary>
public sealed class TableLease(StorageClients clients, TimeProvider time)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.Leases);

    /// <summary>The lease, or null when someone else holds an unexpired one.</summary>
    public async Task<HeldLease?> TryAcquireAsync(string scope, string name, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var pk = KeyEncoder.Encode(scope);
        var rk = KeyEncoder.Encode(name);
        var owner = Guid.NewGuid().ToString("N");
        var entity = new TableEntity(pk, rk) { ["Owner"] = owner, ["ExpiresAt"] = time.GetUtcNow() + duration };
        try
        {
            var added = await table.AddEntityAsync(entity, cancellationToken);
            return new HeldLease(table, pk, rk, added.Headers.ETag ?? default, owner);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
        var current = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        if (current.HasValue && current.Value!.GetDateTimeOffset("ExpiresAt") > time.GetUtcNow())
        {
            return null;
        }
        try
        {
            var taken = current.HasValue
                ? await table.UpdateEntityAsync(entity, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(entity, cancellationToken);
            return new HeldLease(table, pk, rk, taken.Headers.ETag ?? default, owner);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }
}
