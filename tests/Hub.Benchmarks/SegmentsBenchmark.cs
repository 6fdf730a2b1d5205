using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Benchmarks;

/// <summary>
/// <c>segments</c>: a full recompute of every built-in segment (<see cref="SegmentEngine.ComputeAllAsync"/>) for a shop
/// of 100,000 customers and 300,000 orders on Azurite, against, in the same run on the same data, (ceiling) a bare
/// streaming scan of the shop's Customers and Orders partitions, and (naive) a loop that loads each customer and then
/// their orders with one request each, scores them and writes each membership with its own request — timed on a sample
/// and scaled to the shop. The first computation writes every membership (cold); a second one right after finds
/// nothing changed (warm): both are reported. Memory: the process's working set sampled during each run; a
/// <c>--small</c> shop (5,000 customers) is computed right before the large one, so that what the large one's peak has
/// more, per customer more, is what grows with the shop (the engine's compiled code, pools and the GC's budgets are in
/// both). The peak above the idle process after a forced GC is reported besides.
/// </summary>
static class SegmentsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var customers = BenchmarkOptions.Int(args, "--customers", 100_000);
        var orders = BenchmarkOptions.Int(args, "--orders", customers * 3);
        var sample = Math.Min(customers, BenchmarkOptions.Int(args, "--naive-sample", Math.Max(1, customers / 10)));
        var smallCustomers = Math.Min(customers / 4, BenchmarkOptions.Int(args, "--small", 5_000));
        var report = json ? Console.Error : Console.Out;
        var now = DateTimeOffset.UtcNow;

        await using var bench = await SegmentBench.StartAsync();
        var (clients, engine) = (bench.Clients, bench.Engine);

        report.WriteLine($"segments: {customers:N0} customers, {orders:N0} orders (synthetic, fixed seed), Azurite in memory, {Environment.ProcessorCount} cores");
        var small = new SyntheticShop("bench-small", smallCustomers, smallCustomers * 3, now);
        await bench.AddAsync(small);
        var shop = new SyntheticShop("bench-shop", customers, orders, now);
        var watch = Stopwatch.StartNew();
        await bench.AddAsync(shop);
        report.WriteLine($"setup:   {watch.Elapsed.TotalSeconds,8:F2} s  (customers, orders and carts written raw; a {smallCustomers:N0}-customer shop besides)");

        // (ceiling) every row of the shop's Customers and Orders partitions, streamed and counted.
        watch.Restart();
        var scanned = await ScanAsync(clients, shop.ShopId);
        var ceilingSeconds = watch.Elapsed.TotalSeconds;
        report.WriteLine($"ceiling: {ceilingSeconds,8:F2} s  {scanned / ceilingSeconds,9:N0} rows/s  (bare scan of {scanned:N0} customer and order rows)");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        var committedBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var liveBefore = GC.GetTotalMemory(forceFullCollection: false);

        // (ours, cold) the first computation: every membership written; (warm) the same again: nothing changed.
        var smallCold = await MeasureAsync(engine, small.ShopId);
        var cold = await MeasureAsync(engine, shop.ShopId);
        // What the run left alive, as against what the GC merely had not given back: tells retention from churn.
        var liveAfter = GC.GetTotalMemory(forceFullCollection: true);
        var smallWarm = await MeasureAsync(engine, small.ShopId);
        var warm = await MeasureAsync(engine, shop.ShopId);
        double moreCustomers = customers - smallCustomers;
        var growthCold = (cold.Peak - smallCold.Peak) / moreCustomers;
        var growthWarm = (warm.Peak - smallWarm.Peak) / moreCustomers;
        var aboveIdle = Math.Max(0, cold.Peak - baseline);
        report.WriteLine($"ours:    {cold.Seconds,8:F2} s  {customers / cold.Seconds,9:N0} customers/s  (cold: {cold.Run.Entered:N0} memberships entered, {cold.Run.Writes:N0} rows written; first bucket done at {cold.FirstBucket.TotalSeconds:F1} s)");
        report.WriteLine($"ours:    {warm.Seconds,8:F2} s  {customers / warm.Seconds,9:N0} customers/s  (warm: {warm.Run.Entered:N0} entered, {warm.Run.Left:N0} left, {warm.Run.Writes:N0} rows written)");
        report.WriteLine($"memory:  peak working set, cold {Mb(cold.Peak)} MB against {Mb(smallCold.Peak)} MB for {smallCustomers:N0} customers, warm {Mb(warm.Peak)} against {Mb(smallWarm.Peak)}: {growthCold:N0} and {growthWarm:N0} B per customer more");
        report.WriteLine($"         above the idle {Mb(baseline)} MB after a forced GC: +{Mb(aboveIdle)} MB = {aboveIdle / (double)customers:N0} B/customer (GC committed {Mb(committedBefore)} MB then, {Mb(cold.CommittedAtPeak)} MB at the cold peak {cold.PeakAt.TotalSeconds:F1} s in, heap in use {Mb(cold.HeapAtPeak)} MB; live {Mb(liveBefore)} MB before, {Mb(liveAfter)} MB after)");

        // (naive) one request per customer, one per customer's orders, one per membership; a sample, scaled.
        watch.Restart();
        await NaiveAsync(clients, shop, sample, now);
        var naiveSeconds = watch.Elapsed.TotalSeconds * customers / sample;
        report.WriteLine($"naive:   {naiveSeconds,8:F2} s  {customers / naiveSeconds,9:N0} customers/s  (timed on {sample:N0} customers, scaled ×{customers / (double)sample:F1})");

        var result = new
        {
            customers,
            orders,
            ours_s = Math.Round(cold.Seconds, 2),
            ours_warm_s = Math.Round(warm.Seconds, 2),
            ceiling_s = Math.Round(ceilingSeconds, 2),
            naive_s = Math.Round(naiveSeconds, 2),
            vs_ceiling = Math.Round(ceilingSeconds / cold.Seconds, 2),
            vs_ceiling_warm = Math.Round(ceilingSeconds / warm.Seconds, 2),
            vs_naive = Math.Round(naiveSeconds / cold.Seconds, 2),
            small_customers = smallCustomers,
            peak_mb = Math.Round(cold.Peak / 1048576.0, 1),
            bytes_per_customer = Math.Round(Math.Max(growthCold, growthWarm)),
            bytes_per_customer_cold = Math.Round(growthCold),
            bytes_per_customer_warm = Math.Round(growthWarm),
            above_idle_mb = Math.Round(aboveIdle / 1048576.0, 1),
            live_after_mb = Math.Round(liveAfter / 1048576.0, 1),
            memberships = cold.Run.Entered,
            writes = cold.Run.Writes,
        };
        report.WriteLine($"vs_ceiling {result.vs_ceiling} (cold), {result.vs_ceiling_warm} (warm); vs_naive {result.vs_naive}");
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result));
        }
        return 0;
    }


    static string Mb(double bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture);

    /// <summary>One full computation of a shop, timed, with the process's working set sampled while it runs.</summary>
    static async Task<Measured> MeasureAsync(SegmentEngine engine, string shopId)
    {
        using var sampler = new PeakSampler();
        var watch = Stopwatch.StartNew();
        TimeSpan? firstBucket = null;
        var run = await engine.ComputeAllAsync(shopId, progress: new SyncProgress(() => firstBucket ??= watch.Elapsed));
        var seconds = watch.Elapsed.TotalSeconds;
        var peak = sampler.Stop();
        return new Measured(run, seconds, firstBucket ?? watch.Elapsed, peak, sampler.CommittedAtPeak, sampler.HeapAtPeak, sampler.PeakAt);
    }

    sealed record Measured(SegmentRunResult Run, double Seconds, TimeSpan FirstBucket, long Peak, long CommittedAtPeak, long HeapAtPeak, TimeSpan PeakAt);

    static async Task<long> ScanAsync(StorageClients clients, string shopId)
    {
        long rows = 0;
        var partitions = new[] { TableNames.Customers, TableNames.Orders }
            .SelectMany(t => Enumerable.Range(0, Buckets.Count).Select(b => (Table: t, Pk: Buckets.Partition(shopId, b))))
            .ToArray();
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) =>
        {
            var n = 0L;
            await foreach (var _ in clients.Rows.QueryAsync(p.Table, TableClient.CreateQueryFilter($"PartitionKey eq {p.Pk}"), cancellationToken: ct))
            {
                n++;
            }
            Interlocked.Add(ref rows, n);
        });
        return rows;
    }

    /// <summary>
    /// What a first implementation does: for each customer, read the row, then query their orders and carts, recompute
    /// the aggregates from the orders; learn the figures from those; then place each customer and write each membership
    /// with its own request.
    /// </summary>
    static async Task NaiveAsync(StorageClients clients, SyntheticShop shop, int sample, DateTimeOffset now)
    {
        var store = new CustomerStore(clients);
        var customersTable = clients.Tables.GetTableClient(TableNames.Customers);
        var members = clients.Tables.GetTableClient(TableNames.SegmentMembers);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var step = shop.Customers / sample;
        var loaded = new List<(Customer Customer, List<Cart> Carts)>();
        for (var i = 0; i < sample; i++)
        {
            var id = SyntheticShop.IdOf(i * step);
            var row = await customersTable.GetEntityAsync<TableEntity>(Buckets.Partition(shop.ShopId, id), id);
            var customer = CustomerEntities.ToCustomer(row.Value, shop.ShopId);
            var orders = await store.OrdersOfAsync(shop.ShopId, id);
            var carts = await store.CartsOfAsync(shop.ShopId, id);
            loaded.Add((customer with { Aggregates = CustomerFolding.Aggregate(orders, "RUB") }, carts));
        }
        var builder = new SegmentStatsBuilder(SegmentSettings.Default, now, zone);
        loaded.ForEach(c => builder.Add(c.Customer));
        var evaluator = new SegmentEvaluator(SegmentSettings.Default, builder.Build("naive"), [], zone, now);
        foreach (var (customer, carts) in loaded)
        {
            var placement = evaluator.Place(customer, carts);
            foreach (var m in placement.Memberships)
            {
                var member = new SegmentMember(m.SegmentId, customer.Id, now, placement.Spent, m.Detail, placement.Reach);
                await members.UpsertEntityAsync(SegmentMemberStore.Join("naive-" + shop.ShopId, member).Entity, TableUpdateMode.Merge);
            }
        }
    }

    /// <summary>
    /// Samples the working set every 50 ms until stopped; GC-driven peaks between samples are rare at this rate. Also
    /// keeps, from the sample at the peak, what the GC had committed and how much of the heap was in use then, and
    /// when: tells a peak of live data from one of memory the GC had not given back.
    /// </summary>
    sealed class PeakSampler : IDisposable
    {
        readonly CancellationTokenSource stop = new();
        readonly Task<long> loop;

        public long CommittedAtPeak { get; private set; }
        public long HeapAtPeak { get; private set; }
        public TimeSpan PeakAt { get; private set; }

        public PeakSampler() => loop = Task.Run(async () =>
        {
            long peak = 0;
            var clock = Stopwatch.StartNew();
            var process = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                if (process.WorkingSet64 > peak)
                {
                    peak = process.WorkingSet64;
                    CommittedAtPeak = GC.GetGCMemoryInfo().TotalCommittedBytes;
                    HeapAtPeak = GC.GetTotalMemory(forceFullCollection: false);
                    PeakAt = clock.Elapsed;
                }
                try { await Task.Delay(50, stop.Token); } catch (OperationCanceledException) { }
            }
            return peak;
        });

        public long Stop()
        {
            stop.Cancel();
            return loop.GetAwaiter().GetResult();
        }

        public void Dispose() => stop.Dispose();
    }

    /// <summary>Progress heard on the reporting thread (<see cref="Progress{T}"/> would post it to the pool, late).</summary>
    sealed class SyncProgress(Action heard) : IProgress<SegmentJobResult>
    {
        public void Report(SegmentJobResult value) => heard();
    }
}
