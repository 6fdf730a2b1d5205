using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Customers;

/// <summary>
/// One identity of a person in a shop: a normalised email, an E.164 phone, an id on a platform
/// (<c>id-shopify</c>), or an order or cart on a platform (<c>order-shopify</c>) that belongs to them.
/// </summary>
public sealed record IdentityKey(string Kind, string Value)
{
    public const string Email = "email";
    public const string Phone = "phone";

    public static IdentityKey ForEmail(string normalised) => new(Email, normalised);
    public static IdentityKey ForPhone(string e164) => new(Phone, e164);
    public static IdentityKey ForPlatformId(string platform, string id) => new("id-" + platform, id);
    public static IdentityKey ForOrder(string platform, string id) => new("order-" + platform, id);
    public static IdentityKey ForCart(string platform, string id) => new("cart-" + platform, id);

    /// <summary>
    /// <c>{shop}|{kind}|{bucket}</c>: a big shop's emails or phones spread over <see cref="Buckets.Count"/> partitions
    /// by a stable hash of the value, so no single partition carries a whole kind (Azure serves about 2,000
    /// entities/s per partition; Azurite slows down with the size of the partition it writes to).
    /// </summary>
    public string PartitionKey(string shopId) => Partition(shopId, Kind, Buckets.Of(Value));

    public static string Partition(string shopId, string kind, int bucket) => $"{shopId}|{KeyEncoder.Encode(kind)}|{bucket:00}";
    public string RowKey => KeyEncoder.Encode(Value);
}

/// <summary>Identities table: PartitionKey <c>{shop}|{kind}|{bucket}</c>, RowKey encoded value, property CustomerId.</summary>
public sealed class IdentityIndex(StorageClients clients)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.Identities);

    /// <summary>The customers the keys point to now (keys not known are absent).</summary>
    public async Task<Dictionary<IdentityKey, string>> LookupAsync(string shopId, IEnumerable<IdentityKey> keys, CancellationToken cancellationToken = default)
    {
        var distinct = keys.Distinct().ToArray();
        var found = await Task.WhenAll(distinct.Select(async key =>
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(key.PartitionKey(shopId), key.RowKey, ["CustomerId"], cancellationToken);
            return (key, customerId: row.HasValue ? row.Value!.GetString("CustomerId") : null);
        }));
        return found.Where(f => f.customerId is not null).ToDictionary(f => f.key, f => f.customerId!);
    }

    /// <summary>Claims a key for a customer; returns the customer that already holds it, or null when the claim succeeded.</summary>
    public async Task<string?> ClaimAsync(string shopId, IdentityKey key, string customerId, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.AddEntityAsync(Entity(shopId, key, customerId), cancellationToken);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(key.PartitionKey(shopId), key.RowKey, ["CustomerId"], cancellationToken);
            var holder = existing.HasValue ? existing.Value!.GetString("CustomerId") : null;
            return holder == customerId ? null : holder;
        }
    }

    public Task PointAsync(string shopId, IEnumerable<IdentityKey> keys, string customerId, CancellationToken cancellationToken = default)
        => Task.WhenAll(keys.Distinct().Select(k => table.UpsertEntityAsync(Entity(shopId, k, customerId), TableUpdateMode.Replace, cancellationToken)));

    public Task RemoveAsync(string shopId, IEnumerable<IdentityKey> keys, CancellationToken cancellationToken = default)
        => Task.WhenAll(keys.Distinct().Select(async k =>
        {
            try
            {
                await table.DeleteEntityAsync(k.PartitionKey(shopId), k.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }));

    public static TableEntity Entity(string shopId, IdentityKey key, string customerId) => new(key.PartitionKey(shopId), key.RowKey)
    {
        ["CustomerId"] = customerId,
    };

    /// <summary>Streams one kind of identity of a shop (value → customer): what a bulk import resolves against.</summary>
    public async IAsyncEnumerable<(string Value, string CustomerId)> ScanAsync(string shopId, string kind,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            var pk = IdentityKey.Partition(shopId, kind, bucket);
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), 1000, ["RowKey", "CustomerId"], cancellationToken))
            {
                yield return (KeyEncoder.Decode(e.RowKey), e.GetString("CustomerId"));
            }
        }
    }
}
