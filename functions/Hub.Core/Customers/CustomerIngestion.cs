using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Customers;

public enum IngestStatus { Created, Updated, Merged, Unchanged, Deleted, Erased, Ignored, NotFound }

/// <summary>What one change did: the customer it landed on, and whether customers were merged.</summary>
public sealed record IngestOutcome(IngestStatus Status, string? CustomerId, int MergedCustomers = 0, string? Note = null);

/// <summary>
/// The one path by which anything enters the customer base — webhooks, pulls, CSV imports and the CLI:
/// normalise contacts, resolve identity (merging customers one record links), apply the change so that
/// stale and repeated events change nothing, and keep aggregates current. Every step is safe to run twice.
/// </summary>
public sealed class CustomerIngestion(StorageClients clients, TimeProvider time, ILogger<CustomerIngestion> log)
{
    const int MaxAttempts = 6;
    readonly CustomerStore store = new(clients);
    readonly IdentityIndex identities = new(clients);
    readonly TableBatchWriter writer = new(clients);
    readonly TableClient merges = clients.Tables.GetTableClient(TableNames.Merges);

    public CustomerStore Store => store;
    public IdentityIndex Identities => identities;

    public Task<IngestOutcome> ApplyAsync(Shop shop, ShopChange change, CancellationToken cancellationToken = default) => change switch
    {
        ShopChange.UpsertCustomer c => UpsertCustomerAsync(shop, c.Customer, ApplyMode.Profile, cancellationToken),
        ShopChange.UpdateConsent c => UpsertCustomerAsync(shop, c.Customer, ApplyMode.ConsentOnly, cancellationToken),
        ShopChange.UpsertOrder o => UpsertOrderAsync(shop, o.Order, cancellationToken),
        ShopChange.UpsertCart c => UpsertCartAsync(shop, c.Cart, cancellationToken),
        ShopChange.DeleteCustomer d => DeleteAsync(shop, d.Customer, d.At, cancellationToken),
        ShopChange.EraseCustomer e => EraseAsync(shop, e.Customer, cancellationToken),
        ShopChange.Ignore i => Task.FromResult(new IngestOutcome(IngestStatus.Ignored, null, Note: i.Reason)),
        ShopChange.Refetch r => throw new InvalidOperationException($"A {r.Resource} hint ({r.Id}) is re-read from the platform before ingestion (PullSources.ResolveAsync)."),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "Unknown change."),
    };

    public async Task<IngestOutcome> UpsertCustomerAsync(Shop shop, CustomerRecord record, ApplyMode mode, CancellationToken cancellationToken = default)
    {
        if (record.Consents.Values.Any(c => c.At == DateTimeOffset.UnixEpoch))
        {
            // A source that gives no time for a consent change (UnixEpoch): it happened no later than now.
            var now = time.GetUtcNow();
            record = record with { Consents = record.Consents.ToDictionary(p => p.Key, p => p.Value.At == DateTimeOffset.UnixEpoch ? p.Value with { At = now } : p.Value) };
        }
        var normalized = NormalizedRecord.From(record, new ContactNormalizer(shop.Region));
        var resolved = await ResolveAsync(shop, normalized, extraKeys: [], cancellationToken);
        var saved = await SaveAsync(shop, resolved.Customer.Id, c => CustomerFolding.Apply(c, normalized, mode, time.GetUtcNow()), cancellationToken, resolved.Loaded);
        var status = resolved.Created ? IngestStatus.Created
            : resolved.Merged > 0 ? IngestStatus.Merged
            : saved.Changed ? IngestStatus.Updated : IngestStatus.Unchanged;
        return new IngestOutcome(status, saved.Customer.Id, resolved.Merged);
    }

    public async Task<IngestOutcome> UpsertOrderAsync(Shop shop, OrderRecord record, CancellationToken cancellationToken = default)
    {
        var orderKey = IdentityKey.ForOrder(record.Source, record.ExternalId);
        var normalized = NormalizedRecord.From(record.Customer, new ContactNormalizer(shop.Region));
        var resolved = await ResolveAsync(shop, normalized, [orderKey], cancellationToken);
        var customerId = resolved.Customer.Id;

        var order = new Order
        {
            Id = record.ExternalId,
            ShopId = shop.Id,
            CustomerId = customerId,
            Source = record.Source,
            Number = record.Number,
            Status = record.Status,
            Cancelled = record.Cancelled,
            Currency = string.IsNullOrWhiteSpace(record.Currency) ? shop.Currency : record.Currency.ToUpperInvariant(),
            Total = record.Total,
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
            Items = record.Items,
        };
        var entity = CustomerEntities.ToEntity(order);
        var existing = await store.Orders.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["UpdatedAt"], cancellationToken);
        if (existing.HasValue && existing.Value!.GetDateTimeOffset("UpdatedAt") >= record.UpdatedAt)
        {
            // A repeated or out-of-order event: what we hold is as new or newer.
            return new IngestOutcome(resolved.Merged > 0 ? IngestStatus.Merged : IngestStatus.Unchanged, customerId, resolved.Merged);
        }
        TableLimits.Check(entity);
        await store.Orders.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        await identities.PointAsync(shop.Id, [orderKey], customerId, cancellationToken);

        var saved = await SaveAsync(shop, customerId, async c =>
        {
            var folded = CustomerFolding.Apply(c, normalized, ApplyMode.Additive, time.GetUtcNow());
            var orders = await store.OrdersOfAsync(shop.Id, c.Id, cancellationToken);
            return folded with { Aggregates = CustomerFolding.Aggregate(orders, shop.Currency) };
        }, cancellationToken, resolved.Loaded);
        return new IngestOutcome(resolved.Created ? IngestStatus.Created : resolved.Merged > 0 ? IngestStatus.Merged : IngestStatus.Updated, saved.Customer.Id, resolved.Merged);
    }

    public async Task<IngestOutcome> UpsertCartAsync(Shop shop, CartRecord record, CancellationToken cancellationToken = default)
    {
        var cartKey = IdentityKey.ForCart(record.Source, record.ExternalId);
        var normalized = NormalizedRecord.From(record.Customer, new ContactNormalizer(shop.Region));
        var resolved = await ResolveAsync(shop, normalized, [cartKey], cancellationToken);
        var cart = new Cart
        {
            Id = record.ExternalId,
            ShopId = shop.Id,
            CustomerId = resolved.Customer.Id,
            Source = record.Source,
            Items = record.Items,
            Total = record.Total,
            Currency = record.Currency ?? shop.Currency,
            RecoveryUrl = record.RecoveryUrl,
            UpdatedAt = record.UpdatedAt,
            Converted = record.Converted,
        };
        var entity = CustomerEntities.ToEntity(cart);
        var existing = await store.Carts.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["UpdatedAt"], cancellationToken);
        if (existing.HasValue && existing.Value!.GetDateTimeOffset("UpdatedAt") >= record.UpdatedAt)
        {
            return new IngestOutcome(IngestStatus.Unchanged, resolved.Customer.Id, resolved.Merged);
        }
        TableLimits.Check(entity);
        await store.Carts.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        await identities.PointAsync(shop.Id, [cartKey], resolved.Customer.Id, cancellationToken);
        await SaveAsync(shop, resolved.Customer.Id, c => CustomerFolding.Apply(c, normalized, ApplyMode.Additive, time.GetUtcNow()), cancellationToken, resolved.Loaded);
        return new IngestOutcome(resolved.Created ? IngestStatus.Created : IngestStatus.Updated, resolved.Customer.Id, resolved.Merged);
    }

    async Task<IngestOutcome> DeleteAsync(Shop shop, CustomerRecord record, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var found = await FindAsync(shop, record, cancellationToken);
        if (found.Count == 0)
        {
            return new IngestOutcome(IngestStatus.NotFound, null);
        }
        foreach (var id in found)
        {
            await SaveAsync(shop, id, c => c with { DeletedAt = c.DeletedAt ?? (at == DateTimeOffset.UnixEpoch ? time.GetUtcNow() : at) }, cancellationToken);
        }
        return new IngestOutcome(IngestStatus.Deleted, found[0]);
    }

    /// <summary>Removes a person everywhere: customer, orders, carts, identities and merge snapshots.</summary>
    public async Task<IngestOutcome> EraseAsync(Shop shop, CustomerRecord record, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(shop, record, cancellationToken);
        foreach (var id in found)
        {
            var stored = await store.GetAsync(shop.Id, id, cancellationToken);
            if (stored is null)
            {
                continue;
            }
            var customer = stored.Customer;
            var keys = KeysOf(customer).ToList();
            var orderRows = await CollectAsync(store.OrderRowsAsync(shop.Id, customer.Id, cancellationToken));
            var cartRows = await CollectAsync(store.CartRowsAsync(shop.Id, customer.Id, cancellationToken));
            keys.AddRange(orderRows.Select(r => IdentityKey.ForOrder(r.GetString("Source"), r.GetString("OrderId"))));
            keys.AddRange(cartRows.Select(r => IdentityKey.ForCart(r.GetString("Source"), r.GetString("CartId"))));
            await writer.WriteAsync(TableNames.Orders, orderRows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
            await writer.WriteAsync(TableNames.Carts, cartRows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
            await identities.RemoveAsync(shop.Id, keys, cancellationToken);
            await foreach (var merge in merges.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                $"PartitionKey eq {shop.Id} and RowKey ge {customer.Id + "|"} and RowKey lt {customer.Id + "}"}"), cancellationToken: cancellationToken))
            {
                await merges.DeleteEntityAsync(merge.PartitionKey, merge.RowKey, ETag.All, cancellationToken);
            }
            await store.DeleteAsync(shop.Id, customer.Id, cancellationToken);
            log.LogInformation("Erased customer {CustomerId} of shop {ShopId}: {Orders} orders, {Carts} carts", customer.Id, shop.Id, orderRows.Count, cartRows.Count);
        }
        return new IngestOutcome(found.Count == 0 ? IngestStatus.NotFound : IngestStatus.Erased, found.FirstOrDefault());
    }

    /// <summary>The customers a record points to, without creating one.</summary>
    public async Task<List<string>> FindAsync(Shop shop, CustomerRecord record, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizedRecord.From(record, new ContactNormalizer(shop.Region));
        var ids = await identities.LookupAsync(shop.Id, normalized.Keys, cancellationToken);
        var live = new List<string>();
        foreach (var id in ids.Values.Distinct())
        {
            if (await store.GetAsync(shop.Id, id, cancellationToken) is { } stored && !live.Contains(stored.Customer.Id))
            {
                live.Add(stored.Customer.Id);
            }
        }
        return live;
    }

    /// <summary><paramref name="Loaded"/>: the customer as just read or written, so the first save needs no second read.</summary>
    sealed record Resolution(Customer Customer, bool Created, int Merged, StoredCustomer? Loaded = null);

    /// <summary>
    /// Finds the one customer a record belongs to: none → a new customer (created first, then its
    /// identities claimed, so a concurrent creator is caught and merged); one → that customer; several
    /// → they are merged into the oldest. <paramref name="extraKeys"/> (an order or cart id) count as identities.
    /// </summary>
    async Task<Resolution> ResolveAsync(Shop shop, NormalizedRecord record, IReadOnlyList<IdentityKey> extraKeys, CancellationToken cancellationToken)
    {
        var keys = record.Keys.Concat(extraKeys).ToArray();
        var found = await identities.LookupAsync(shop.Id, keys, cancellationToken);
        var customers = new List<StoredCustomer>();
        foreach (var id in found.Values.Distinct())
        {
            if (await store.GetAsync(shop.Id, id, cancellationToken) is { } stored && customers.All(c => c.Customer.Id != stored.Customer.Id))
            {
                customers.Add(stored);
            }
        }

        if (customers.Count == 0)
        {
            var created = CustomerFolding.New(shop.Id, CustomerFolding.NewId(), time.GetUtcNow());
            var etag = await store.AddAsync(created, cancellationToken);
            var rivals = new List<string>();
            foreach (var key in keys)
            {
                if (await identities.ClaimAsync(shop.Id, key, created.Id, cancellationToken) is { } holder)
                {
                    rivals.Add(holder);
                }
            }
            if (rivals.Count == 0)
            {
                return new Resolution(created, true, 0, new StoredCustomer(created, etag));
            }
            // Someone created the same person concurrently: merge rather than keep two.
            var all = new List<StoredCustomer>();
            foreach (var id in rivals.Distinct().Append(created.Id))
            {
                if (await store.GetAsync(shop.Id, id, cancellationToken) is { } s && all.All(c => c.Customer.Id != s.Customer.Id))
                {
                    all.Add(s);
                }
            }
            var survivorOfRace = all.Count > 1 ? await MergeAsync(shop, all, cancellationToken) : all[0].Customer;
            await identities.PointAsync(shop.Id, keys, survivorOfRace.Id, cancellationToken);
            return new Resolution(survivorOfRace, false, all.Count - 1);
        }

        var survivor = customers.Count == 1 ? customers[0].Customer : await MergeAsync(shop, customers, cancellationToken);
        var unmapped = keys.Where(k => !found.TryGetValue(k, out var id) || id != survivor.Id).ToArray();
        await identities.PointAsync(shop.Id, unmapped, survivor.Id, cancellationToken);
        return new Resolution(survivor, false, customers.Count - 1, customers.Count == 1 ? customers[0] : null);
    }

    /// <summary>
    /// Merges customers into the oldest. Order of steps keeps data somewhere at every point, so a crash
    /// and a rerun finish the merge: snapshot of the loser → its orders and carts moved → survivor saved
    /// → identities re-pointed → loser left as a pointer to the survivor.
    /// </summary>
    async Task<Customer> MergeAsync(Shop shop, IReadOnlyList<StoredCustomer> customers, CancellationToken cancellationToken)
    {
        var ordered = customers.OrderBy(c => c.Customer.CreatedAt).ThenBy(c => c.Customer.Id, StringComparer.Ordinal).ToArray();
        var survivorId = ordered[0].Customer.Id;
        foreach (var loser in ordered.Skip(1).Select(c => c.Customer))
        {
            var now = time.GetUtcNow();
            await merges.UpsertEntityAsync(new TableEntity(shop.Id, $"{survivorId}|{loser.Id}")
            {
                ["Survivor"] = survivorId,
                ["Merged"] = loser.Id,
                ["At"] = now,
                ["Snapshot"] = Truncated(JsonSerializer.Serialize(loser, HubJson.Options)),
            }, TableUpdateMode.Replace, cancellationToken);

            var moved = new List<IdentityKey>();
            moved.AddRange(await MoveChildrenAsync(shop, store.Orders, TableNames.Orders, loser.Id, survivorId,
                r => IdentityKey.ForOrder(r.GetString("Source"), r.GetString("OrderId")), cancellationToken));
            moved.AddRange(await MoveChildrenAsync(shop, store.Carts, TableNames.Carts, loser.Id, survivorId,
                r => IdentityKey.ForCart(r.GetString("Source"), r.GetString("CartId")), cancellationToken));

            await SaveAsync(shop, survivorId, async s =>
            {
                var orders = await store.OrdersOfAsync(shop.Id, s.Id, cancellationToken);
                return CustomerFolding.Fold(s, loser) with { Aggregates = CustomerFolding.Aggregate(orders, shop.Currency) };
            }, cancellationToken);
            await identities.PointAsync(shop.Id, KeysOf(loser).Concat(moved), survivorId, cancellationToken);

            var tombstone = CustomerFolding.New(shop.Id, loser.Id, loser.CreatedAt) with { MergedInto = survivorId, UpdatedAt = now };
            await store.PutAsync(tombstone, cancellationToken);
            log.LogInformation("Merged customer {Loser} into {Survivor} in shop {ShopId}", loser.Id, survivorId, shop.Id);
        }
        return (await store.GetAsync(shop.Id, survivorId, cancellationToken))!.Customer;
    }

    async Task<List<IdentityKey>> MoveChildrenAsync(Shop shop, TableClient table, string tableName, string fromId, string toId,
        Func<TableEntity, IdentityKey> keyOf, CancellationToken cancellationToken)
    {
        var rows = await CollectAsync(table.QueryAsync<TableEntity>(CustomerEntities.ChildrenFilter(Buckets.Partition(shop.Id, fromId), fromId), cancellationToken: cancellationToken));
        if (rows.Count == 0)
        {
            return [];
        }
        var copies = rows.Select(r =>
        {
            var copy = new TableEntity(r) { PartitionKey = Buckets.Partition(shop.Id, toId), RowKey = toId + r.RowKey[fromId.Length..] };
            copy.Remove("odata.etag");
            copy.Remove("Timestamp");
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, copy);
        });
        await writer.WriteAsync(tableName, copies, cancellationToken);
        await writer.WriteAsync(tableName, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        return rows.Select(keyOf).ToList();
    }

    sealed record Saved(Customer Customer, bool Changed);

    /// <summary>Read–change–write with the ETag, retried when someone else wrote in between. No write when nothing changed.</summary>
    Task<Saved> SaveAsync(Shop shop, string customerId, Func<Customer, Customer> change, CancellationToken cancellationToken, StoredCustomer? known = null)
        => SaveAsync(shop, customerId, c => Task.FromResult(change(c)), cancellationToken, known);

    async Task<Saved> SaveAsync(Shop shop, string customerId, Func<Customer, Task<Customer>> change, CancellationToken cancellationToken, StoredCustomer? known = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = (attempt == 1 && known?.Customer.Id == customerId ? known : null)
                ?? await store.GetAsync(shop.Id, customerId, cancellationToken)
                ?? throw new InvalidOperationException($"Customer {customerId} of shop {shop.Id} vanished while being updated.");
            var updated = await change(stored.Customer);
            if (CustomerEntities.SameAsStored(stored.Customer, updated))
            {
                return new Saved(stored.Customer, false);
            }
            updated = updated with { UpdatedAt = time.GetUtcNow() };
            try
            {
                await store.ReplaceAsync(updated, stored.ETag, cancellationToken);
                return new Saved(updated, true);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxAttempts)
            {
                // Someone wrote the customer after we read it: read again and re-apply.
            }
        }
    }

    static IEnumerable<IdentityKey> KeysOf(Customer customer) =>
        customer.Emails.Where(e => e.Valid).Select(e => IdentityKey.ForEmail(e.Value))
            .Concat(customer.Phones.Where(p => p.Valid).Select(p => IdentityKey.ForPhone(p.Value)))
            .Concat(customer.ExternalIds.Select(p => IdentityKey.ForPlatformId(p.Key, p.Value)));

    static string Truncated(string json) => json.Length <= TableLimits.MaxStringChars ? json : json[..TableLimits.MaxStringChars];

    static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
