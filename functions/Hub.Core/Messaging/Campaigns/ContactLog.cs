using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// Frequency caps: each customer's recent marketing sends, and reservations against the shop's <see cref="CapRule"/>s
/// that never exceed a cap. Table <c>ContactLog</c>: PartitionKey <c>{shop}|{bucket:00}</c> (<see cref="Buckets"/>),
/// RowKey the encoded customer id, column <c>Sends</c> a JSON array of <see cref="ContactLogEntry"/>, oldest first,
/// trimmed on every write by <see cref="CapArithmetic.Retained"/>: sends inside the longest window of the rules given,
/// at most max(50, the largest Max) of them (≤ 100 entries, under 32K characters with sources of
/// ≤ <see cref="MaxSourceLength"/>). A reservation is a read, then an ETag-guarded replace (or an insert for a new
/// row): of two callers after the last slot, one write fails with 412/409 and that caller reads and decides again.
/// </summary>
public sealed class ContactLog(StorageClients clients, TimeProvider time)
{
    public const int MaxSourceLength = 200;
    const string SendsColumn = "Sends";
    const int PointReadsUpTo = 8;
    const int ParallelPartitions = 4;
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.ContactLog);

    /// <summary>
    /// Verdicts without writing (the campaign plan). Requests of one customer are judged in order as if each allowed
    /// one were reserved, so they get the verdicts <see cref="ReserveAsync"/> would give them now.
    /// </summary>
    public Task<IReadOnlyList<CapDecision>> CheckAsync(string shopId, IReadOnlyList<CapRequest> requests, IReadOnlyList<CapRule> rules, CancellationToken ct = default)
        => DecideAsync(shopId, requests, rules, reserve: false, ct);

    /// <summary>
    /// Verdicts, and for each allowed request a reservation written before this returns. A bucket's requests are read
    /// with one range query (point reads for a few) and written up to 100 rows a transaction; a transaction that meets
    /// a changed row decides and writes its customers one by one. A request whose source is already in the customer's
    /// log is allowed without a second entry. With no rules everything is allowed and nothing is written.
    /// </summary>
    public Task<IReadOnlyList<CapDecision>> ReserveAsync(string shopId, IReadOnlyList<CapRequest> requests, IReadOnlyList<CapRule> rules, CancellationToken ct = default)
        => DecideAsync(shopId, requests, rules, reserve: true, ct);

    /// <summary>Gives a reservation back (the message was not sent after all); false when the log had no such source.</summary>
    public async Task<bool> ReleaseAsync(string shopId, string customerId, string source, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        ArgumentNullException.ThrowIfNull(source);
        var (partition, row) = (Buckets.Partition(shopId, customerId), KeyEncoder.Encode(customerId));
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
            if (!found.HasValue)
            {
                return false;
            }
            var sends = Sends(found.Value!);
            var kept = sends.Where(s => !string.Equals(s.Source, source, StringComparison.Ordinal)).ToList();
            if (kept.Count == sends.Count)
            {
                return false;
            }
            try
            {
                if (kept.Count == 0)
                {
                    await table.DeleteEntityAsync(partition, row, found.Value!.ETag, ct);
                }
                else
                {
                    await table.UpdateEntityAsync(Entity(partition, row, kept), found.Value!.ETag, TableUpdateMode.Replace, ct);
                }
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Changed meanwhile (a reservation, another release): read again.
            }
        }
    }

    /// <summary>A customer's sends as stored, oldest first (what the last write kept; older ones may no longer count).</summary>
    public async Task<IReadOnlyList<ContactLogEntry>> RecentAsync(string shopId, string customerId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Buckets.Partition(shopId, customerId), KeyEncoder.Encode(customerId), cancellationToken: ct);
        return found.HasValue ? Sends(found.Value!) : [];
    }

    async Task<IReadOnlyList<CapDecision>> DecideAsync(string shopId, IReadOnlyList<CapRequest> requests, IReadOnlyList<CapRule> rules, bool reserve, CancellationToken ct)
    {
        Validate(shopId, requests, rules);
        var decisions = new CapDecision[requests.Count];
        if (rules.Count == 0)
        {
            for (var i = 0; i < requests.Count; i++)
            {
                decisions[i] = new CapDecision(requests[i].CustomerId, true, null, null);
            }
            return decisions;
        }
        var now = time.GetUtcNow();
        var partitions = Enumerable.Range(0, requests.Count).GroupBy(i => Buckets.Partition(shopId, requests[i].CustomerId), StringComparer.Ordinal).ToArray();
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = ParallelPartitions, CancellationToken = ct }, async (partition, token) =>
        {
            var customers = partition.GroupBy(i => requests[i].CustomerId, StringComparer.Ordinal)
                .Select(g => new CustomerLog(partition.Key, KeyEncoder.Encode(g.Key), g.ToArray()))
                .ToArray();
            var rows = await ReadAsync(partition.Key, customers.Select(c => c.Row).ToArray(), token);
            foreach (var customer in customers)
            {
                customer.Load(rows.GetValueOrDefault(customer.Row));
                customer.Decide(requests, rules, now, decisions);
            }
            if (!reserve)
            {
                return;
            }
            foreach (var chunk in Transactions(customers.Where(c => c.Changed), rules, now))
            {
                try
                {
                    await TableBatchWriter.SubmitAsync(table, chunk.Select(c => c.Write).ToList(), token);
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412)
                {
                    // A row of this transaction changed since it was read; nothing of it was written.
                    foreach (var (customer, _) in chunk)
                    {
                        await ReserveOneAsync(customer, requests, rules, now, decisions, token);
                    }
                }
            }
        });
        return decisions;
    }

    /// <summary>Read, decide, write with the ETag; again from the read when someone else wrote first.</summary>
    async Task ReserveOneAsync(CustomerLog customer, IReadOnlyList<CapRequest> requests, IReadOnlyList<CapRule> rules, DateTimeOffset now, CapDecision[] decisions, CancellationToken ct)
    {
        while (true)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(customer.Partition, customer.Row, cancellationToken: ct);
            customer.Load(found.HasValue ? found.Value : null);
            customer.Decide(requests, rules, now, decisions);
            if (!customer.Changed)
            {
                return;
            }
            try
            {
                await TableBatchWriter.SubmitAsync(table, [Action(customer, rules, now)], ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
            }
        }
    }

    /// <summary>The rows of one partition: a few by point reads, more by one range query over the span of their keys.</summary>
    async Task<Dictionary<string, TableEntity>> ReadAsync(string partition, string[] rows, CancellationToken ct)
    {
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (rows.Length <= PointReadsUpTo)
        {
            var reads = await Task.WhenAll(rows.Select(r => table.GetEntityIfExistsAsync<TableEntity>(partition, r, cancellationToken: ct)));
            foreach (var read in reads.Where(r => r.HasValue))
            {
                found[read.Value!.RowKey] = read.Value;
            }
            return found;
        }
        var wanted = rows.ToHashSet(StringComparer.Ordinal);
        var ordered = rows.Order(StringComparer.Ordinal).ToArray();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {ordered[0]} and RowKey le {ordered[^1]}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            if (wanted.Contains(entity.RowKey))
            {
                found[entity.RowKey] = entity;
            }
        }
        return found;
    }

    /// <summary>Changed rows of one partition in transactions of at most 100 actions and under 4 MiB.</summary>
    static IEnumerable<List<(CustomerLog Customer, TableTransactionAction Write)>> Transactions(IEnumerable<CustomerLog> changed, IReadOnlyList<CapRule> rules, DateTimeOffset now)
    {
        var chunk = new List<(CustomerLog, TableTransactionAction)>();
        var bytes = 0;
        foreach (var customer in changed)
        {
            var action = Action(customer, rules, now);
            var size = TableLimits.EstimateRequestBytes(action.Entity);
            if (chunk.Count == TableLimits.MaxBatchActions || bytes + size > TableLimits.MaxBatchBytes)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add((customer, action));
            bytes += size;
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>Insert a new row, or replace the row read if it is unchanged (its ETag).</summary>
    static TableTransactionAction Action(CustomerLog customer, IReadOnlyList<CapRule> rules, DateTimeOffset now)
    {
        var entity = Entity(customer.Partition, customer.Row, CapArithmetic.Retained(customer.Sends, rules, now));
        return customer.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
    }

    static TableEntity Entity(string partition, string row, IReadOnlyList<ContactLogEntry> sends)
    {
        var entity = new TableEntity(partition, row) { [SendsColumn] = JsonSerializer.Serialize(sends, HubJson.Options) };
        TableLimits.Check(entity);
        return entity;
    }

    static List<ContactLogEntry> Sends(TableEntity row) =>
        row.GetString(SendsColumn) is { Length: > 0 } json
            ? (JsonSerializer.Deserialize<List<ContactLogEntry>>(json, HubJson.Options) ?? []).OrderBy(s => s.At).ToList()
            : [];

    static void Validate(string shopId, IReadOnlyList<CapRequest> requests, IReadOnlyList<CapRule> rules)
    {
        ArgumentException.ThrowIfNullOrEmpty(shopId);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(rules);
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i] ?? throw new ArgumentException($"Cap request {i} is null.", nameof(requests));
            if (string.IsNullOrEmpty(request.CustomerId))
            {
                throw new ArgumentException($"Cap request {i} has no customer id.", nameof(requests));
            }
            if (string.IsNullOrEmpty(request.Source) || request.Source.Length > MaxSourceLength)
            {
                throw new ArgumentException($"Cap request {i} needs a source of 1 to {MaxSourceLength} characters; it has {request.Source?.Length ?? 0}.", nameof(requests));
            }
        }
        if (rules.Any(r => r is null))
        {
            throw new ArgumentException("A cap rule is null.", nameof(rules));
        }
    }

    /// <summary>One customer's log while a call decides their requests (in the order given).</summary>
    sealed class CustomerLog(string partition, string row, int[] requests)
    {
        public string Partition { get; } = partition;
        public string Row { get; } = row;
        public ETag? ETag { get; private set; }
        public List<ContactLogEntry> Sends { get; private set; } = [];
        public bool Changed { get; private set; }

        public void Load(TableEntity? entity)
        {
            ETag = entity?.ETag;
            Sends = entity is null ? [] : ContactLog.Sends(entity);
            Changed = false;
        }

        public void Decide(IReadOnlyList<CapRequest> all, IReadOnlyList<CapRule> rules, DateTimeOffset now, CapDecision[] decisions)
        {
            foreach (var i in requests)
            {
                var request = all[i];
                if (Sends.Any(s => string.Equals(s.Source, request.Source, StringComparison.Ordinal)))
                {
                    decisions[i] = new CapDecision(request.CustomerId, true, null, null);
                }
                else if (CapArithmetic.Blocked(Sends, request.Channel, rules, now) is { } blocked)
                {
                    decisions[i] = new CapDecision(request.CustomerId, false, blocked.NotBefore, blocked.Rule.ToString());
                }
                else
                {
                    Sends.Add(new ContactLogEntry(now, request.Channel, request.Source));
                    Changed = true;
                    decisions[i] = new CapDecision(request.CustomerId, true, null, null);
                }
            }
        }
    }
}
