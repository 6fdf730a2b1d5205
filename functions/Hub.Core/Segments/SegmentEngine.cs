using Azure.Data.Tables;
using Hub.Customers;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Segments;

public enum SegmentJobStatus { Done, Busy, Superseded }

/// <summary>What computing one bucket (or one customer) changed.</summary>
public sealed record SegmentJobResult(SegmentJobStatus Status, int Customers = 0, int Entered = 0, int Left = 0, int Writes = 0);

/// <summary>
/// Computes segment membership. A full run learns the shop's figures (<see cref="LearnAsync"/>: one scan of the
/// Customers table, columns limited to the aggregates) and then computes each of the <see cref="Buckets.Count"/>
/// buckets independently (<see cref="ComputeBucketAsync"/>: one scan of the bucket's customers and open carts, one read
/// of its members, writes only what changed), so bucket jobs fan out over function instances. One customer is
/// recomputed when ingestion changes them (<see cref="RecomputeCustomerAsync"/>). A bucket is computed under a lease
/// shared by both paths, so overlapping runs never interleave their writes; every path is idempotent.
/// </summary>
public sealed class SegmentEngine(
    StorageClients clients,
    ShopStore shops,
    SegmentDefinitionStore definitions,
    SegmentStatsStore statsStore,
    QueueProducer queue,
    TableLease leases,
    TimeProvider time,
    ILogger<SegmentEngine> log)
{
    public static readonly TimeSpan BucketLease = TimeSpan.FromMinutes(5);
    const int ChangesPerMessage = 500;
    /// <summary>
    /// Changed rows held before they are written. A bucket of a 100,000-customer shop has about 1,560 customers, so at
    /// 2,000 all four workers held their whole bucket's rows at once (heap in use 19–45 MB at the peak); at 500, 13–24 MB,
    /// for a few seconds more on the cold run (36 → 39–41 s in one process; transactions of ~30 rows instead of ~100 per slice).
    /// Tests set it lower.
    /// </summary>
    internal int FlushEvery { get; init; } = 500;
    /// <summary>
    /// Member transactions in flight per bucket job. Each holds a request body of about 100 KB (on the large object
    /// heap) until the service answers, and Azurite answers one at a time: at 16 per bucket (64 for four bucket
    /// workers) a 100,000-customer cold run peaked 680–730 B/customer above its baseline, at 4 93–260, in the same time.
    /// </summary>
    const int TransactionsInFlight = 4;
    /// <summary>What placing a customer (rules included) and their <see cref="MemberReach"/> read: source versions and names other than those that tell gender stay unparsed.</summary>
    static readonly string[] PlaceColumns =
    [
        "RowKey", "MiddleName", "LastName", "Emails", "Phones", "ExternalIds", "TimeZone", "Birthday", "Gender", "City", "Tags", "Consents",
        "OrdersCount", "TotalSpent", "AverageCheck", "Currency", "FirstOrderAt", "LastOrderAt", "Brands", "Categories", "Products",
        "CreatedAt", "DeletedAt", "MergedInto",
    ];
    static readonly string[] LearnColumns = ["RowKey", "OrdersCount", "TotalSpent", "FirstOrderAt", "LastOrderAt", "Products", "DeletedAt", "MergedInto"];

    readonly TableBatchWriter writer = new(clients, TransactionsInFlight);
    readonly CustomerStore customers = new(clients);
    readonly SegmentMemberStore members = new(clients);
    readonly SegmentSummaryStore summaries = new(clients);

    public SegmentMemberStore Members => members;
    public SegmentSummaryStore Summaries => summaries;
    public SegmentStatsStore Stats => statsStore;

    /// <summary>A new time-ordered run id: later runs sort after earlier ones.</summary>
    public string NewRunId() => time.GetUtcNow().UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Learns the shop's figures from all its customers and makes them the ones in force.</summary>
    public async Task<ShopSegmentStats> LearnAsync(string shopId, CancellationToken cancellationToken = default)
    {
        var shop = await shops.RequireAsync(shopId, cancellationToken);
        var settings = await definitions.GetSettingsAsync(shopId, cancellationToken);
        var builder = new SegmentStatsBuilder(settings, time.GetUtcNow(), ZoneOf(shop));
        // Four scans keep Azure partitions and Azurite busy; more only hold more pages of rows in memory at once.
        await Parallel.ForAsync(0, Buckets.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (bucket, ct) =>
        {
            await foreach (var customer in customers.ScanBucketAsync(shopId, bucket, LearnColumns, ct))
            {
                lock (builder)
                {
                    builder.Add(customer);
                }
            }
        });
        var stats = builder.Build(NewRunId());
        await statsStore.SaveAsync(shopId, stats, cancellationToken);
        log.LogInformation("Segments of {Shop}: learned from {Customers} customers ({Buyers} buyers), lapsed after {Days:F0} days ({Basis}), {Products} product intervals, run {Run}",
            shopId, stats.Customers, stats.Buyers, stats.LapsedAfterDays, stats.LapsedBasis, stats.Products.Count, stats.RunId);
        return stats;
    }

    /// <summary>Starts a full run through the queue: learn now, then one <c>segment-bucket</c> job per bucket.</summary>
    public async Task<ShopSegmentStats> StartRunAsync(string shopId, CancellationToken cancellationToken = default)
    {
        var stats = await LearnAsync(shopId, cancellationToken);
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            await queue.SendAsync(QueueNames.SegmentJobs, SegmentJob.BucketType, 1, new SegmentJob(shopId, stats.RunId, bucket), cancellationToken: cancellationToken);
        }
        return stats;
    }

    /// <summary>
    /// A whole run in this process (the CLI, the demo, tests): learn, then every bucket, <paramref name="parallelism"/> at
    /// a time, waiting out buckets another worker holds. <paramref name="progress"/> hears of each finished bucket.
    /// </summary>
    public async Task<SegmentRunResult> ComputeAllAsync(string shopId, int parallelism = 4, IProgress<SegmentJobResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var stats = await LearnAsync(shopId, cancellationToken);
        var results = new SegmentJobResult[Buckets.Count];
        await Parallel.ForAsync(0, Buckets.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (bucket, ct) =>
        {
            SegmentJobResult result;
            while ((result = await ComputeBucketAsync(shopId, stats.RunId, bucket, ct)).Status == SegmentJobStatus.Busy)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct);
            }
            results[bucket] = result;
            progress?.Report(result);
        });
        return new SegmentRunResult(stats, results.Sum(r => r.Customers), results.Sum(r => r.Entered), results.Sum(r => r.Left), results.Sum(r => r.Writes));
    }

    /// <summary>Computes one bucket against the stats of <paramref name="runId"/>; skipped when a newer run is in force.</summary>
    public async Task<SegmentJobResult> ComputeBucketAsync(string shopId, string runId, int bucket, CancellationToken cancellationToken = default)
    {
        var shop = await shops.RequireAsync(shopId, cancellationToken);
        var stats = await statsStore.GetAsync(shopId, cancellationToken);
        if (stats is null || string.CompareOrdinal(stats.RunId, runId) > 0)
        {
            return new SegmentJobResult(SegmentJobStatus.Superseded);
        }
        await using var lease = await leases.TryAcquireAsync($"{shopId}|segments", bucket.ToString("00", System.Globalization.CultureInfo.InvariantCulture), BucketLease, cancellationToken);
        if (lease is null)
        {
            return new SegmentJobResult(SegmentJobStatus.Busy);
        }
        var settings = await definitions.GetSettingsAsync(shopId, cancellationToken);
        var custom = await definitions.ListAsync(shopId, cancellationToken);
        var evaluator = new SegmentEvaluator(settings, stats, custom, ZoneOf(shop), time.GetUtcNow());

        var cartsTask = customers.OpenCartsOfBucketAsync(shopId, bucket, cancellationToken);
        var stored = await members.ReadBucketAsync(shopId, bucket, cancellationToken);
        var carts = await cartsTask;

        var writes = new List<TableTransactionAction>();
        var written = 0;
        // Flushed every FlushEvery rows: memory stays bounded by a slice of the bucket, not the whole bucket.
        async Task FlushAsync()
        {
            written += await writer.WriteAsync(TableNames.SegmentMembers, writes, cancellationToken);
            writes.Clear();
        }
        var changes = new List<SegmentChange>();
        // Entries an earlier attempt of this run wrote are announced again (see MembershipDiff).
        DateTimeOffset? announceSince = stats.ComputedAt == default ? null : stats.ComputedAt;
        var summary = new SegmentSummaryBuilder();
        var count = 0;
        await foreach (var customer in customers.ScanBucketAsync(shopId, bucket, PlaceColumns, cancellationToken))
        {
            count++;
            var placement = evaluator.Place(customer, carts.GetValueOrDefault(customer.Id) ?? []);
            MembershipDiff.Apply(shopId, placement, stored.GetValueOrDefault(customer.Id) ?? [], evaluator.Now, writes, changes, announceSince);
            stored.Remove(customer.Id);
            if (customer.DeletedAt is null)
            {
                summary.Add(placement);
            }
            if (writes.Count >= FlushEvery)
            {
                await FlushAsync();
            }
        }
        // Members whose customer is gone (erased, merged away) leave every segment, and their row goes.
        foreach (var (customerId, rows) in stored)
        {
            MembershipDiff.Apply(shopId, new Placement(customerId, null, 0m, []), rows, evaluator.Now, writes, changes);
        }

        await FlushAsync();
        await summaries.WriteAsync(shopId, bucket, summary.Build(stats.RunId, evaluator.Now), cancellationToken);
        await PublishAsync(shopId, changes, cancellationToken);
        return new SegmentJobResult(SegmentJobStatus.Done, count, changes.Count(c => c is { Entered: true, Again: false }), changes.Count(c => !c.Entered), written);
    }

    /// <summary>
    /// Recomputes one customer against the stats in force (or, before the shop's first run, the defaults): a new order
    /// moves them out of "lapsed" within the time the queue takes to deliver, not at the next full run.
    /// </summary>
    public async Task<SegmentJobResult> RecomputeCustomerAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        var shop = await shops.RequireAsync(shopId, cancellationToken);
        var bucket = Buckets.Of(customerId);
        await using var lease = await leases.TryAcquireAsync($"{shopId}|segments", bucket.ToString("00", System.Globalization.CultureInfo.InvariantCulture), BucketLease, cancellationToken);
        if (lease is null)
        {
            return new SegmentJobResult(SegmentJobStatus.Busy);
        }
        var settings = await definitions.GetSettingsAsync(shopId, cancellationToken);
        var stats = await statsStore.GetAsync(shopId, cancellationToken) ?? ShopSegmentStats.Empty(settings);
        var custom = await definitions.ListAsync(shopId, cancellationToken);
        var evaluator = new SegmentEvaluator(settings, stats, custom, ZoneOf(shop), time.GetUtcNow());

        var storedTask = members.ReadCustomerAsync(shopId, customerId, cancellationToken: cancellationToken);
        var row = await clients.Tables.GetTableClient(TableNames.Customers)
            .GetEntityIfExistsAsync<TableEntity>(Buckets.Partition(shopId, customerId), customerId, cancellationToken: cancellationToken);
        var stored = await storedTask;
        var customer = row.HasValue ? CustomerEntities.ToCustomer(row.Value!, shopId) with { Rfm = SegmentMemberStore.ScoreOf(stored) } : null;
        var carts = customer is { MergedInto: null, DeletedAt: null } ? await customers.CartsOfAsync(shopId, customerId, cancellationToken) : [];

        // Erased, merged away or deleted: an empty placement takes them out of every segment.
        var placement = customer is null ? new Placement(customerId, null, 0m, []) : evaluator.Place(customer, carts);
        var writes = new List<TableTransactionAction>();
        var changes = new List<SegmentChange>();
        MembershipDiff.Apply(shopId, placement, stored, evaluator.Now, writes, changes);
        await writer.WriteAsync(TableNames.SegmentMembers, writes, cancellationToken);
        if (writes.Count > 0)
        {
            var before = new Placement(customerId, customer?.Rfm, stored.FirstOrDefault()?.Spent ?? 0m, stored.Select(s => new Membership(s.SegmentId, s.Detail)).ToArray());
            var wasCounted = stored.Count > 0;
            await summaries.AdjustAsync(shopId, bucket, s =>
            {
                var removed = wasCounted ? s.With(before, -1) : s;
                return placement.Memberships.Count > 0 ? removed.With(placement) : removed;
            }, cancellationToken);
        }
        await PublishAsync(shopId, changes, cancellationToken);
        if (customer?.MergedInto is { } survivor)
        {
            await queue.SendAsync(QueueNames.CustomerChanges, CustomerChanged.Type, 1, new CustomerChanged(shopId, survivor), cancellationToken: cancellationToken);
        }
        return new SegmentJobResult(SegmentJobStatus.Done, 1, changes.Count(c => c.Entered), changes.Count(c => !c.Entered), writes.Count);
    }

    /// <summary>One message per segment, direction and time (up to <see cref="ChangesPerMessage"/> ids).</summary>
    async Task PublishAsync(string shopId, List<SegmentChange> changes, CancellationToken cancellationToken)
    {
        foreach (var group in changes.GroupBy(c => (c.SegmentId, c.Entered, c.At)))
        {
            foreach (var chunk in group.Select(c => c.CustomerId).Chunk(ChangesPerMessage))
            {
                var body = new SegmentChanges(shopId, group.Key.SegmentId, group.Key.Entered ? "entered" : "left", group.Key.At, chunk);
                await queue.SendAsync(QueueNames.SegmentChanges, SegmentChanges.Type, 1, body, cancellationToken: cancellationToken);
            }
        }
    }

    public static TimeZoneInfo ZoneOf(Shop shop) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(shop.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
