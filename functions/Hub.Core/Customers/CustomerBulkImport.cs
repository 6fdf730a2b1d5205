using Azure.Data.Tables;
using Hub.Shops;
using Hub.Storage;

namespace Hub.Customers;

/// <summary>What a bulk import did: rows read, rows that became a new customer, rows that landed on an existing one.</summary>
/// <param name="Read">Records read from the input.</param>
/// <param name="Imported">Records that created a new customer.</param>
/// <param name="Merged">Records that landed on a customer that already existed in storage or was created by an earlier row
/// of the same import (including rows that linked several customers and merged them). <c>Read = Imported + Merged</c>.</param>
public sealed record BulkImportResult(int Read, int Imported, int Merged);

/// <summary>
/// Imports many customer records (a CSV of 100k+ rows) with the same outcome as calling
/// <see cref="CustomerIngestion.UpsertCustomerAsync"/> with <see cref="ApplyMode.Profile"/> for each record in order,
/// but with batched writes instead of a dozen requests a row.
/// <para>
/// How: the shop's identity index (kinds <c>email</c>, <c>phone</c> and <c>id-{source}</c> of the sources seen) is
/// streamed once into dictionaries. Records are processed in chunks of <see cref="ChunkSize"/>: normalised, resolved
/// against the in-memory index (which this import keeps current with the customers it creates), folded with
/// <see cref="CustomerFolding"/>, and each chunk's changed customers and new or re-pointed identity rows go through the
/// <see cref="TableBatchWriter"/> — one call per table per chunk, customers before their identities. A chunk's writes
/// run while the next chunk is normalised and resolved. Customers that already exist in storage are read with point reads
/// in parallel. A record whose keys point to two or more different customers is deferred: after its chunk is written it
/// goes through the careful path (<see cref="CustomerIngestion.UpsertCustomerAsync"/>), which merges them; later rows of
/// the same chunk that touch those customers or keys are deferred behind it, so rows still apply in file order.
/// </para>
/// <para>
/// Memory is bounded by the shop's identity count (the index: one entry per email, phone and platform id, including
/// those this import adds) plus two chunks of records and customers — not by the size of the file. Customers created by
/// earlier chunks are not kept: once written they are read back like any stored customer.
/// </para>
/// <para>
/// Bulk import writes customers without ETag checks (UpsertReplace): an import running concurrently with webhooks for the
/// same customer may lose the webhook's change to that customer; the next webhook or pull for that customer repairs it.
/// Identity rows are likewise upserted without claims; only identities that are new or point to another customer are written.
/// </para>
/// </summary>
public sealed class CustomerBulkImport(StorageClients clients, CustomerIngestion ingestion, TimeProvider time)
{
    public const int ChunkSize = 5_000;
    const int MaxParallelReads = 32;

    readonly CustomerIngestion ingestion = ingestion;
    readonly TimeProvider time = time;
    readonly CustomerStore store = new(clients);
    readonly IdentityIndex identities = new(clients);
    readonly TableBatchWriter writer = new(clients);

    public async Task<BulkImportResult> ImportAsync(Shop shop, IAsyncEnumerable<CustomerRecord> records,
        IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var run = new ImportRun(this, shop, ct);
        await run.LoadKindsAsync([IdentityKey.Email, IdentityKey.Phone, IdentityKey.ForPlatformId(Platforms.Csv, "").Kind]);
        var chunk = new List<CustomerRecord>(ChunkSize);
        await foreach (var record in records.WithCancellation(ct))
        {
            chunk.Add(record);
            if (chunk.Count == ChunkSize)
            {
                await run.ProcessAsync(chunk);
                progress?.Report(run.Read);
                chunk = new List<CustomerRecord>(ChunkSize);
            }
        }
        if (chunk.Count > 0)
        {
            await run.ProcessAsync(chunk);
            progress?.Report(run.Read);
        }
        await run.CompleteAsync();
        return new BulkImportResult(run.Read, run.Imported, run.Merged);
    }

    /// <summary>The state of one import: the identity index, the customers of the last two chunks, the writes in flight.</summary>
    sealed class ImportRun(CustomerBulkImport owner, Shop shop, CancellationToken ct)
    {
        readonly ContactNormalizer normalizer = new(shop.Region);
        /// <summary>kind → value → customer id, for every kind loaded.</summary>
        readonly Dictionary<string, Dictionary<string, string>> index = new(StringComparer.Ordinal);
        /// <summary>Customers as the previous chunk left them (their writes may still be in flight).</summary>
        Dictionary<string, Customer> previous = new(StringComparer.Ordinal);
        Task customersWritten = Task.CompletedTask;
        Task identitiesWritten = Task.CompletedTask;
        /// <summary>All writes of the previous chunk; awaited before resolving the next chunk.</summary>
        Task previousChunkWritten = Task.CompletedTask;
        Task lastChunkWritten = Task.CompletedTask;

        public int Read { get; private set; }
        public int Imported { get; private set; }
        public int Merged { get; private set; }

        public async Task LoadKindsAsync(IEnumerable<string> kinds)
        {
            foreach (var kind in kinds.Where(k => !index.ContainsKey(k)).ToArray())
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                await foreach (var (value, customerId) in owner.identities.ScanAsync(shop.Id, kind, ct))
                {
                    values[value] = customerId;
                }
                index[kind] = values;
            }
        }

        string? Lookup(IdentityKey key) => index[key.Kind].GetValueOrDefault(key.Value);

        public async Task ProcessAsync(List<CustomerRecord> chunk)
        {
            // Normalising needs no storage: it runs while the previous chunk is being written.
            var normalized = new NormalizedRecord[chunk.Count];
            for (var i = 0; i < chunk.Count; i++)
            {
                normalized[i] = NormalizedRecord.From(chunk[i], normalizer);
            }
            await LoadKindsAsync(normalized.SelectMany(n => n.Keys).Select(k => k.Kind).Distinct());

            // Everything older than the previous chunk is in storage from here on; the previous chunk is in memory.
            await previousChunkWritten;
            var now = owner.time.GetUtcNow();
            var loaded = await LoadStoredAsync(normalized);

            var current = new Dictionary<string, Customer>(StringComparer.Ordinal);
            var baseline = new Dictionary<string, Customer>(StringComparer.Ordinal);
            var dirtyKeys = new Dictionary<IdentityKey, string>();
            var deferred = new List<CustomerRecord>();
            var taintedKeys = new HashSet<IdentityKey>();
            var taintedCustomers = new HashSet<string>(StringComparer.Ordinal);
            var matched = new HashSet<string>(StringComparer.Ordinal);

            // The live customer an indexed id stands for now (following merges), or null when it is gone.
            string? Live(string id)
            {
                if (current.ContainsKey(id))
                {
                    return id;
                }
                if (previous.TryGetValue(id, out var recent))
                {
                    current[id] = baseline[id] = recent;
                    return id;
                }
                if (!loaded.TryGetValue(id, out var stored) || stored is null)
                {
                    return null;
                }
                if (current.ContainsKey(stored.Id))
                {
                    return stored.Id;
                }
                var survivor = previous.GetValueOrDefault(stored.Id) ?? stored;
                current[stored.Id] = baseline[stored.Id] = survivor;
                return stored.Id;
            }

            foreach (var record in normalized)
            {
                Read++;
                matched.Clear();
                var tainted = false;
                foreach (var key in record.Keys)
                {
                    tainted |= taintedKeys.Contains(key);
                    if (Lookup(key) is { } indexed && Live(indexed) is { } live)
                    {
                        matched.Add(live);
                    }
                }
                if (tainted || matched.Count > 1 || matched.Any(taintedCustomers.Contains))
                {
                    // Several customers (or one a deferred row is about to merge): the careful path, in file order.
                    deferred.Add(record.Record);
                    taintedKeys.UnionWith(record.Keys);
                    taintedCustomers.UnionWith(matched);
                    continue;
                }

                Customer customer;
                if (matched.Count == 0)
                {
                    // One tick apart in file order, as one-by-one ingestion would create them: when a later row
                    // links two of them, the merge keeps the one created first.
                    customer = CustomerFolding.New(shop.Id, CustomerFolding.NewId(), now.AddTicks(Imported));
                    Imported++;
                }
                else
                {
                    customer = current[matched.First()];
                    Merged++;
                }
                customer = CustomerFolding.Apply(customer, record, ApplyMode.Profile, now);
                current[customer.Id] = customer;
                foreach (var key in record.Keys)
                {
                    var values = index[key.Kind];
                    if (!values.TryGetValue(key.Value, out var pointed) || pointed != customer.Id)
                    {
                        values[key.Value] = customer.Id;
                        dirtyKeys[key] = customer.Id;
                    }
                }
            }

            var changed = current.Values
                .Where(c => !baseline.TryGetValue(c.Id, out var before) || !CustomerEntities.SameAsStored(before, c))
                .Select(c => c with { UpdatedAt = now })
                .ToArray();
            foreach (var customer in changed)
            {
                current[customer.Id] = customer;
            }
            Write(changed, dirtyKeys);
            previous = current;

            if (deferred.Count > 0)
            {
                await RunCarefulAsync(deferred);
            }
        }

        /// <summary>Point reads (in parallel) of the stored customers this chunk's keys point to, following merges.</summary>
        async Task<Dictionary<string, Customer?>> LoadStoredAsync(NormalizedRecord[] normalized)
        {
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in normalized)
            {
                foreach (var key in record.Keys)
                {
                    if (Lookup(key) is { } id && !previous.ContainsKey(id))
                    {
                        wanted.Add(id);
                    }
                }
            }
            var loaded = new Dictionary<string, Customer?>(wanted.Count, StringComparer.Ordinal);
            if (wanted.Count == 0)
            {
                return loaded;
            }
            var results = new System.Collections.Concurrent.ConcurrentDictionary<string, Customer?>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = ct },
                async (id, token) => results[id] = (await owner.store.GetAsync(shop.Id, id, token))?.Customer);
            foreach (var (id, customer) in results)
            {
                loaded[id] = customer;
            }
            return loaded;
        }

        /// <summary>
        /// Queues one chunk's writes: customers after the previous chunk's customers, identities after this chunk's
        /// customers and the previous chunk's identities — so the last write of a row wins and an identity never
        /// points to a customer not yet written.
        /// </summary>
        void Write(Customer[] customers, Dictionary<IdentityKey, string> dirtyKeys)
        {
            var customerActions = customers.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, CustomerEntities.ToEntity(c)));
            var identityActions = dirtyKeys.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, IdentityIndex.Entity(shop.Id, p.Key, p.Value)));
            var customersBefore = customersWritten;
            var identitiesBefore = identitiesWritten;
            customersWritten = Task.Run(async () =>
            {
                await customersBefore;
                await owner.writer.WriteAsync(TableNames.Customers, customerActions, ct);
            }, ct);
            var customersOfChunk = customersWritten;
            identitiesWritten = Task.Run(async () =>
            {
                await Task.WhenAll(customersOfChunk, identitiesBefore);
                await owner.writer.WriteAsync(TableNames.Identities, identityActions, ct);
            }, ct);
            previousChunkWritten = lastChunkWritten;
            lastChunkWritten = Task.WhenAll(customersWritten, identitiesWritten);
        }

        /// <summary>After the chunk is written: each deferred record through the careful path, then the index refreshed.</summary>
        async Task RunCarefulAsync(List<CustomerRecord> deferred)
        {
            await lastChunkWritten;
            foreach (var record in deferred)
            {
                var outcome = await owner.ingestion.UpsertCustomerAsync(shop, record, ApplyMode.Profile, ct);
                if (outcome.Status == IngestStatus.Created)
                {
                    Imported++;
                }
                else
                {
                    Merged++;
                }
                if (outcome.CustomerId is { } id)
                {
                    foreach (var key in NormalizedRecord.From(record, normalizer).Keys)
                    {
                        index[key.Kind][key.Value] = id;
                    }
                }
            }
            // The careful path rewrote and merged customers: nothing of the chunk in memory is current any more.
            previous = new Dictionary<string, Customer>(StringComparer.Ordinal);
            previousChunkWritten = lastChunkWritten;
        }

        public Task CompleteAsync() => lastChunkWritten;
    }
}
