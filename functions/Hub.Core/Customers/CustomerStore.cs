using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Customers;

/// <summary>A customer as read, with the ETag that guards its next write.</summary>
public sealed record StoredCustomer(Customer Customer, ETag ETag);

/// <summary>Reads and writes customers, orders and carts (keys in docs/storage.md).</summary>
public sealed class CustomerStore(StorageClients clients)
{
    readonly TableClient customers = clients.Tables.GetTableClient(TableNames.Customers);
    readonly TableClient orders = clients.Tables.GetTableClient(TableNames.Orders);
    readonly TableClient carts = clients.Tables.GetTableClient(TableNames.Carts);

    public TableClient Orders => orders;
    public TableClient Carts => carts;

    /// <summary>Reads a customer, following merge pointers to the survivor.</summary>
    public async Task<StoredCustomer?> GetAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        for (var hops = 0; hops < 8; hops++)
        {
            var row = await customers.GetEntityIfExistsAsync<TableEntity>(Buckets.Partition(shopId, customerId), customerId, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return null;
            }
            var customer = CustomerEntities.ToCustomer(row.Value!, shopId);
            if (customer.MergedInto is null)
            {
                return new StoredCustomer(customer, row.Value!.ETag);
            }
            customerId = customer.MergedInto;
        }
        throw new InvalidOperationException($"Customer {customerId} sits in a merge chain longer than 8 hops.");
    }

    /// <summary>
    /// Reads many customers (following merge pointers), keyed by the id asked for; a missing one maps to null. Ids of
    /// one bucket are read with one range query over the span of their ids when there are more than a few of them
    /// (a dispatch batch is one bucket's members), else by point reads in parallel.
    /// </summary>
    /// <param name="select">The columns to read (the rest come back empty), e.g. <see cref="CustomerEntities.ReachColumns"/>; null reads all.</param>
    public async Task<Dictionary<string, Customer?>> GetManyAsync(string shopId, IEnumerable<string> customerIds, IReadOnlyList<string>? select = null, CancellationToken cancellationToken = default)
    {
        const int pointReadsUpTo = 8;
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, Customer?>(StringComparer.Ordinal);
        var groups = customerIds.Distinct(StringComparer.Ordinal).GroupBy(id => Buckets.Partition(shopId, id)).ToArray();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var wanted = group.ToHashSet(StringComparer.Ordinal);
            if (wanted.Count <= pointReadsUpTo)
            {
                foreach (var id in wanted)
                {
                    found[id] = (await GetAsync(shopId, id, ct))?.Customer;
                }
                return;
            }
            var ordered = wanted.Order(StringComparer.Ordinal).ToArray();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {group.Key} and RowKey ge {ordered[0]} and RowKey le {ordered[^1]}");
            await foreach (var row in clients.Rows.QueryAsync(TableNames.Customers, filter, select is null ? null : ["RowKey", .. select], cancellationToken: ct))
            {
                if (wanted.Contains(row.RowKey))
                {
                    var customer = CustomerEntities.ToCustomer(row, shopId);
                    found[row.RowKey] = customer.MergedInto is null ? customer : (await GetAsync(shopId, customer.MergedInto, ct))?.Customer;
                }
            }
            foreach (var id in wanted)
            {
                found.TryAdd(id, null);
            }
        });
        return new Dictionary<string, Customer?>(found, StringComparer.Ordinal);
    }

    /// <summary>Adds a new customer; false when the id already exists.</summary>
    public async Task<ETag> AddAsync(Customer customer, CancellationToken cancellationToken = default)
    {
        var response = await customers.AddEntityAsync(CustomerEntities.ToEntity(customer), cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Replaces a customer only if nobody wrote it since it was read (412 otherwise).</summary>
    public async Task<ETag> ReplaceAsync(Customer customer, ETag etag, CancellationToken cancellationToken = default)
    {
        var entity = CustomerEntities.ToEntity(customer);
        TableLimits.Check(entity);
        var response = await customers.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Writes a customer unconditionally (a merge pointer, a bulk import).</summary>
    public Task PutAsync(Customer customer, CancellationToken cancellationToken = default)
        => customers.UpsertEntityAsync(CustomerEntities.ToEntity(customer), TableUpdateMode.Replace, cancellationToken);

    public async Task DeleteAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        try
        {
            await customers.DeleteEntityAsync(Buckets.Partition(shopId, customerId), customerId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    public IAsyncEnumerable<TableEntity> OrderRowsAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
        => orders.QueryAsync<TableEntity>(CustomerEntities.ChildrenFilter(Buckets.Partition(shopId, customerId), customerId), cancellationToken: cancellationToken);

    public IAsyncEnumerable<TableEntity> CartRowsAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
        => carts.QueryAsync<TableEntity>(CustomerEntities.ChildrenFilter(Buckets.Partition(shopId, customerId), customerId), cancellationToken: cancellationToken);

    public async Task<List<Order>> OrdersOfAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        var list = new List<Order>();
        await foreach (var row in OrderRowsAsync(shopId, customerId, cancellationToken))
        {
            list.Add(CustomerEntities.ToOrder(row, shopId));
        }
        return list;
    }

    public async Task<List<Cart>> CartsOfAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        var list = new List<Cart>();
        await foreach (var row in CartRowsAsync(shopId, customerId, cancellationToken))
        {
            list.Add(CustomerEntities.ToCart(row, shopId));
        }
        return list;
    }

    /// <summary>Every live (not merged-away) customer of a shop, bucket by bucket.</summary>
    public async IAsyncEnumerable<Customer> ScanAsync(string shopId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            await foreach (var customer in ScanBucketAsync(shopId, bucket, cancellationToken: cancellationToken))
            {
                yield return customer;
            }
        }
    }

    /// <summary>The live customers of one bucket, in id order; <paramref name="select"/> limits the columns read.</summary>
    public async IAsyncEnumerable<Customer> ScanBucketAsync(string shopId, int bucket, IEnumerable<string>? select = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pk = Buckets.Partition(shopId, bucket);
        await foreach (var row in clients.Rows.QueryAsync(TableNames.Customers, TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), select, cancellationToken: cancellationToken))
        {
            var customer = CustomerEntities.ToCustomer(row, shopId);
            if (customer.MergedInto is null)
            {
                yield return customer;
            }
        }
    }

    /// <summary>One bucket's carts that are not converted, grouped by customer.</summary>
    public async Task<Dictionary<string, List<Cart>>> OpenCartsOfBucketAsync(string shopId, int bucket, CancellationToken cancellationToken = default)
    {
        var pk = Buckets.Partition(shopId, bucket);
        var byCustomer = new Dictionary<string, List<Cart>>(StringComparer.Ordinal);
        await foreach (var row in clients.Rows.QueryAsync(TableNames.Carts, TableClient.CreateQueryFilter($"PartitionKey eq {pk} and Converted eq false"), cancellationToken: cancellationToken))
        {
            var cart = CustomerEntities.ToCart(row, shopId);
            if (!byCustomer.TryGetValue(cart.CustomerId, out var list))
            {
                byCustomer[cart.CustomerId] = list = [];
            }
            list.Add(cart);
        }
        return byCustomer;
    }
}
