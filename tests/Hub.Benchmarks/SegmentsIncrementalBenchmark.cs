using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hub.Customers;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Benchmarks;

/// <summary>
/// <c>segments-incremental</c>: from an order event to the customer's membership change. For each of 1,000 lapsed
/// customers of a computed shop: the order goes through <see cref="CustomerIngestion"/>, a customer-changed message
/// through the real customer-changes queue, and <see cref="SegmentQueueHandler"/> recomputes the customer; the clock
/// stops when their rows have changed. Median and p99 are printed, and every event is checked to have moved its
/// customer out of "lapsed". Not included: the Functions host's queue polling (up to <c>maxPollingInterval</c>, 5 s in
/// host.json) and the webhook's own queue hop before ingestion.
/// </summary>
static class SegmentsIncrementalBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var at = Array.IndexOf(args, "--customers");
        var customers = at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var n) ? n : 20_000;
        const int Events = 1_000;
        var report = json ? Console.Error : Console.Out;
        var now = DateTimeOffset.UtcNow;

        await using var bench = await SegmentBench.StartAsync();
        var (clients, writer, queue, engine, time) = (bench.Clients, bench.Writer, bench.Queue, bench.Engine, TimeProvider.System);
        var handler = new SegmentQueueHandler(engine, queue, clients, NullLogger<SegmentQueueHandler>.Instance);
        var ingestion = new CustomerIngestion(clients, time, NullLogger<CustomerIngestion>.Instance);

        var synthetic = new SyntheticShop("bench-incr", customers, customers * 3, now);
        await bench.AddAsync(synthetic);
        var shop = await bench.Shops.RequireAsync(synthetic.ShopId);
        await engine.ComputeAllAsync(shop.Id);

        // The lapsed customers, with the identity rows ingestion finds them by (the shop was written raw).
        var lapsed = new List<(string Id, string Email)>();
        for (var i = 0; i < customers && lapsed.Count < Events + 20; i++)
        {
            var customer = synthetic.Generate(i).Customer;
            if ((await engine.Members.ReadCustomerAsync(shop.Id, customer.Id, [SegmentIds.Lapsed])).Count == 1)
            {
                lapsed.Add((customer.Id, customer.Emails[0].Value));
            }
        }
        await writer.WriteAsync(TableNames.Identities, lapsed.Select(l => new Azure.Data.Tables.TableTransactionAction(
            Azure.Data.Tables.TableTransactionActionType.UpsertReplace, IdentityIndex.Entity(shop.Id, IdentityKey.ForEmail(l.Email), l.Id))));
        report.WriteLine($"segments-incremental: {Events:N0} order events on lapsed customers of a {customers:N0}-customer shop, Azurite in memory, {Environment.ProcessorCount} cores");

        var queueClient = clients.Queues.GetQueueClient(QueueNames.CustomerChanges);
        var latencies = new List<double>();
        var moved = 0;
        for (var e = 0; e < lapsed.Count; e++)
        {
            var (id, email) = lapsed[e];
            var watch = Stopwatch.StartNew();
            var outcome = await ingestion.UpsertOrderAsync(shop, new OrderRecord
            {
                Source = Platforms.Csv,
                ExternalId = $"incr-{e}",
                Currency = "RUB",
                Total = 1000m,
                CreatedAt = time.GetUtcNow(),
                UpdatedAt = time.GetUtcNow(),
                Customer = new CustomerRecord { Source = Platforms.Csv, Emails = [email] },
                Items = [new LineItem("p1", "SKU-1", "Product 1", "Brand 1", "Solutions", 1, 1000m)],
            });
            await queue.SendAsync(QueueNames.CustomerChanges, CustomerChanged.Type, 1, new CustomerChanged(shop.Id, outcome.CustomerId!));
            var message = (await queueClient.ReceiveMessageAsync()).Value;
            await handler.HandleAsync(QueueEnvelope.Parse(message.MessageText));
            await queueClient.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (e < 20)
            {
                continue; // warm-up
            }
            latencies.Add(elapsed);
            if ((await engine.Members.ReadCustomerAsync(shop.Id, id, [SegmentIds.Lapsed])).Count == 0)
            {
                moved++;
            }
        }
        latencies.Sort();
        var median = latencies[latencies.Count / 2];
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        report.WriteLine($"order → membership: median {median:F1} ms, p99 {p99:F1} ms, max {latencies[^1]:F1} ms over {latencies.Count:N0} events; {moved:N0} of them left 'lapsed'");
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { events = latencies.Count, customers, median_ms = Math.Round(median, 1), p99_ms = Math.Round(p99, 1), max_ms = Math.Round(latencies[^1], 1), moved_out_of_lapsed = moved }));
        }
        return moved == latencies.Count ? 0 : 1;
    }
}
