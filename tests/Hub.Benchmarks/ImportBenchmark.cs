using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Benchmarks;

/// <summary>
/// <c>import</c>: <see cref="CustomerBulkImport"/> against, in the same run on the same Azurite,
/// (naive) a per-record loop of single requests doing the same work — normalise, look the identities up, read the
/// customer, upsert it and its identity rows — and (ceiling) the very entities our import wrote, written raw by the
/// <see cref="TableBatchWriter"/>. Each run goes into its own fresh shop.
/// </summary>
static class ImportBenchmark
{
    const double DefaultNaiveBudgetSeconds = 240;

    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var customers = 100_000;
        var at = Array.IndexOf(args, "--customers");
        if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], out customers) || customers < 10))
        {
            Console.Error.WriteLine("--customers needs a whole number of at least 10");
            return 1;
        }
        var naiveBudget = DefaultNaiveBudgetSeconds;
        var budgetAt = Array.IndexOf(args, "--naive-budget");
        if (budgetAt >= 0 && (budgetAt + 1 >= args.Length || !double.TryParse(args[budgetAt + 1], CultureInfo.InvariantCulture, out naiveBudget)))
        {
            Console.Error.WriteLine("--naive-budget needs a number of seconds (the naive loop runs in full when it fits, else on the first tenth)");
            return 1;
        }
        var report = json ? Console.Error : Console.Out;

        // Azurite's in-memory store slows down as a table grows (a write scans its partition), so each contender
        // gets its own fresh Azurite: no one pays for rows another wrote before it.
        await using var azurite = await LocalAzurite.StartAsync();
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        await clients.EnsureCreatedAsync();
        await using var ceilingAzurite = await LocalAzurite.StartAsync();
        var ceilingClients = StorageClients.FromConnectionString(ceilingAzurite.ConnectionString);
        await ceilingClients.EnsureCreatedAsync();
        await using var naiveAzurite = await LocalAzurite.StartAsync();
        var naiveClients = StorageClients.FromConnectionString(naiveAzurite.ConnectionString);
        await naiveClients.EnsureCreatedAsync();
        var time = TimeProvider.System;
        var ingestion = new CustomerIngestion(clients, time, NullLogger<CustomerIngestion>.Instance);
        var bulk = new CustomerBulkImport(clients, ingestion, time);
        var writer = new TableBatchWriter(ceilingClients);

        var records = SyntheticCustomers.Generate(customers);
        report.WriteLine($"import: {customers:N0} synthetic CSV rows (fixed seed, ~5% repeat an earlier person), Azurite in memory, {Environment.ProcessorCount} cores");

        // Warm-up: JIT, connection pools, libphonenumber metadata, Azurite's tables.
        var warm = SyntheticCustomers.Generate(2_000, seed: 7);
        var warmShop = Shop("warm");
        await bulk.ImportAsync(warmShop, Stream(warm));
        await NaiveAsync(naiveClients, warmShop, warm.Take(200).ToList(), time, TimeSpan.MaxValue);
        await writer.WriteAsync(TableNames.Customers, await WrittenAsync(clients, warmShop, warmShop.Id + "-c", TableNames.Customers));

        // (ours)
        var ours = Shop("ours");
        var watch = Stopwatch.StartNew();
        var result = await bulk.ImportAsync(ours, Stream(records));
        var oursSeconds = watch.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        report.WriteLine($"ours:    {oursSeconds,8:F2} s  {customers / oursSeconds,9:N0} rows/s  (read {result.Read:N0}, new {result.Imported:N0}, merged {result.Merged:N0}; peak working set {peakMb:N0} MB)");

        // (ceiling) exactly the entities our import wrote, built before the clock starts.
        var ceilingShop = ours.Id + "-ceiling";
        var customerRows = await WrittenAsync(clients, ours, ceilingShop, TableNames.Customers);
        var identityRows = await WrittenAsync(clients, ours, ceilingShop, TableNames.Identities);
        // In file order, as a streaming import produces them (customers were created in file order): read back they
        // come sorted by key, and Azurite's store takes key-sorted rows about 15% faster than any real import can send them.
        var createdAt = customerRows.ToDictionary(a => a.Entity.RowKey, a => ((TableEntity)a.Entity).GetDateTimeOffset("CreatedAt"));
        customerRows = customerRows.OrderBy(a => createdAt[a.Entity.RowKey]).ToList();
        identityRows = identityRows.OrderBy(a => createdAt.GetValueOrDefault(((TableEntity)a.Entity).GetString("CustomerId"))).ToList();
        watch.Restart();
        await Task.WhenAll(writer.WriteAsync(TableNames.Customers, customerRows), writer.WriteAsync(TableNames.Identities, identityRows));
        var ceilingSeconds = watch.Elapsed.TotalSeconds;
        var entities = customerRows.Count + identityRows.Count;
        report.WriteLine($"ceiling: {ceilingSeconds,8:F2} s  {customers / ceilingSeconds,9:N0} rows/s  ({customerRows.Count:N0} customers + {identityRows.Count:N0} identities = {entities:N0} entities, raw TableBatchWriter)");
        customerRows = identityRows = [];

        // (naive) the full set if it fits the budget, else the first tenth, extrapolated by throughput.
        var naive = await NaiveAsync(naiveClients, Shop("naive"), records, time, TimeSpan.FromSeconds(naiveBudget));
        var naiveSeconds = naive.Seconds * customers / naive.Rows;
        var measuredOn = naive.Rows == customers ? "full" : $"first {naive.Rows} records, extrapolated";
        report.WriteLine(naive.Rows == customers
            ? $"naive:   {naiveSeconds,8:F2} s  {customers / naiveSeconds,9:N0} rows/s  (measured on all {customers:N0} rows)"
            : $"naive:   {naiveSeconds,8:F2} s  {customers / naiveSeconds,9:N0} rows/s  (measured on the first {naive.Rows:N0} rows in {naive.Seconds:F2} s, extrapolated to {customers:N0} by throughput)");

        var vsNaive = naiveSeconds / oursSeconds;
        var vsCeiling = ceilingSeconds / oursSeconds;
        report.WriteLine();
        report.WriteLine($"{"",-10}{"seconds",10}{"rows/s",12}{"ours is",12}");
        report.WriteLine($"{"ours",-10}{oursSeconds,10:F2}{customers / oursSeconds,12:N0}{"",12}");
        report.WriteLine($"{"naive",-10}{naiveSeconds,10:F2}{customers / naiveSeconds,12:N0}{vsNaive,11:F2}x  faster (naive ÷ ours; target ≥ 5)");
        report.WriteLine($"{"ceiling",-10}{ceilingSeconds,10:F2}{customers / ceilingSeconds,12:N0}{vsCeiling,11:F2}x  of the ceiling (ceiling ÷ ours; target ≥ 0.7)");
        report.WriteLine($"peak working set after our import: {peakMb:N0} MB");

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "import",
                customers,
                ours_s = Math.Round(oursSeconds, 3),
                naive_s = Math.Round(naiveSeconds, 3),
                naive_measured_on = measuredOn,
                ceiling_s = Math.Round(ceilingSeconds, 3),
                vs_naive = Math.Round(vsNaive, 2),
                vs_ceiling = Math.Round(vsCeiling, 2),
                peak_mb = Math.Round(peakMb, 1),
            }));
        }
        return 0;
    }

    static Shop Shop(string kind) => new() { Id = $"bench-{kind}-{Guid.NewGuid().ToString("N")[..8]}", Platform = Platforms.Csv };

    static async IAsyncEnumerable<CustomerRecord> Stream(IEnumerable<CustomerRecord> records)
    {
        foreach (var record in records)
        {
            yield return record;
        }
        await Task.CompletedTask;
    }

    /// <summary>
    /// What a user would otherwise write: for each row, one request at a time — normalise, look its identities up until
    /// one is known, read that customer (or start a new one), apply the row, upsert the customer, upsert each identity row.
    /// Stops after the first tenth when the whole set would not finish within <paramref name="budget"/>.
    /// </summary>
    static async Task<(int Rows, double Seconds)> NaiveAsync(StorageClients clients, Shop shop, List<CustomerRecord> records, TimeProvider time, TimeSpan budget)
    {
        var customersTable = clients.Tables.GetTableClient(TableNames.Customers);
        var identitiesTable = clients.Tables.GetTableClient(TableNames.Identities);
        var store = new CustomerStore(clients);
        var normalizer = new ContactNormalizer(shop.Region);
        var sample = Math.Max(1, records.Count / 10);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < records.Count; i++)
        {
            if (i == sample && watch.Elapsed.TotalSeconds * records.Count / sample > budget.TotalSeconds)
            {
                return (sample, watch.Elapsed.TotalSeconds);
            }
            var normalized = NormalizedRecord.From(records[i], normalizer);
            string? id = null;
            foreach (var key in normalized.Keys)
            {
                var row = await identitiesTable.GetEntityIfExistsAsync<TableEntity>(key.PartitionKey(shop.Id), key.RowKey, ["CustomerId"]);
                if (row.HasValue)
                {
                    id = row.Value!.GetString("CustomerId");
                    break;
                }
            }
            var now = time.GetUtcNow();
            var customer = (id is null ? null : (await store.GetAsync(shop.Id, id))?.Customer) ?? CustomerFolding.New(shop.Id, CustomerFolding.NewId(), now);
            customer = CustomerFolding.Apply(customer, normalized, ApplyMode.Profile, now) with { UpdatedAt = now };
            await customersTable.UpsertEntityAsync(CustomerEntities.ToEntity(customer), TableUpdateMode.Replace);
            foreach (var key in normalized.Keys)
            {
                await identitiesTable.UpsertEntityAsync(IdentityIndex.Entity(shop.Id, key, customer.Id), TableUpdateMode.Replace);
            }
        }
        return (records.Count, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The rows an import wrote for a shop, re-keyed to another shop id and ready to write (UpsertReplace).</summary>
    static async Task<List<TableTransactionAction>> WrittenAsync(StorageClients clients, Shop from, string toShopId, string table)
    {
        var client = clients.Tables.GetTableClient(table);
        var prefix = from.Id + "|";
        var rows = new List<TableTransactionAction>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {from.Id + "}"}"), 1000))
        {
            var copy = new TableEntity(row) { PartitionKey = toShopId + "|" + row.PartitionKey[prefix.Length..] };
            copy.Remove("odata.etag");
            copy.Remove("Timestamp");
            rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, copy));
        }
        return rows;
    }
}
