using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hub.Customers;
using Hub.Shops;
using Hub.Shops.InSales;
using Hub.Shops.Sync;
using Hub.Storage;
using Hub.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Hub.Benchmarks;

/// <summary>
/// <c>sync</c>: a first sync (backfill) of an InSales shop of 50,000 clients and 150,000 orders, 250 per page, through
/// the real engine — HTTP to a loopback fake of <c>/admin/clients.json</c> and <c>/admin/orders.json</c>
/// (<c>updated_since</c> + <c>from_id</c>, Basic auth, <c>API-Usage-Limit</c>), the InSales mapping, cursors stored per
/// page, the shop lease — against the raw ceiling of the import path: the very same changes, mapped beforehand, handed
/// page by page to the same <see cref="SyncPageApplier"/> (ingestion: identity, merges, aggregates). Each gets its own
/// fresh Azurite.
/// </summary>
static class SyncBenchmark
{
    const string ShopId = "bench-insales";
    const int PageSize = 250;

    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var customers = BenchmarkOptions.Int(args, "--customers", 50_000);
        var orders = BenchmarkOptions.Int(args, "--orders", customers * 3);
        var report = json ? Console.Error : Console.Out;
        report.WriteLine($"sync: InSales backfill of {customers:N0} clients and {orders:N0} orders, {PageSize} per page, fake on loopback, Azurite in memory, {Environment.ProcessorCount} cores");

        var data = new InSalesData(customers, orders);
        using var fake = new InSalesBenchFake(data);

        var (oursSeconds, oursItems, pages) = await OursAsync(fake);
        report.WriteLine($"ours:    {oursSeconds,8:F1} s  {oursItems / oursSeconds,8:N0} items/s  ({oursItems:N0} items in {pages:N0} pages, {fake.Requests:N0} HTTP requests)");
        var (ceilingSeconds, ceilingItems) = await CeilingAsync(data);
        report.WriteLine($"ceiling: {ceilingSeconds,8:F1} s  {ceilingItems / ceilingSeconds,8:N0} items/s  (the same changes straight into SyncPageApplier)");
        var vsCeiling = ceilingSeconds / oursSeconds;
        report.WriteLine($"vs_ceiling {vsCeiling:F2} (ceiling ÷ ours; target ≥ 0.6)");
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "sync",
                customers,
                orders,
                page_size = PageSize,
                ours_s = Math.Round(oursSeconds, 1),
                ceiling_s = Math.Round(ceilingSeconds, 1),
                vs_ceiling = Math.Round(vsCeiling, 2),
                items_per_s = Math.Round(oursItems / oursSeconds, 0),
                pages,
                requests = fake.Requests,
            }));
        }
        return oursItems == customers + orders && ceilingItems == oursItems ? 0 : 2;
    }

    static async Task<(double Seconds, long Items, int Pages)> OursAsync(InSalesBenchFake fake)
    {
        await using var azurite = await LocalAzurite.StartAsync();
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        await clients.EnsureCreatedAsync();
        var settings = new Dictionary<string, string?>
        {
            [ShopSecrets.ApiLoginKey(ShopId)] = InSalesBenchFake.Login,
            [ShopSecrets.ApiTokenKey(ShopId)] = InSalesBenchFake.Password,
        };
        await using var services = Services(clients, settings);
        await services.GetRequiredService<ShopStore>().SaveAsync(new Shop { Id = ShopId, Platform = Platforms.InSales, ApiUrl = fake.Url });
        var engine = services.GetRequiredService<SyncEngine>();
        var clock = Stopwatch.StartNew();
        long items = 0;
        var pages = 0;
        foreach (var resource in new[] { SyncResource.Customers, SyncResource.Orders })
        {
            var done = await engine.RunToEndAsync(ShopId, resource, full: true);
            if (done.Outcome != SyncPageOutcome.Done)
            {
                throw new InvalidOperationException($"the {resource} pull ended {done.Outcome}: {done.Message}");
            }
            items += done.State!.RunItems;
            pages += done.State.RunPages;
        }
        return (clock.Elapsed.TotalSeconds, items, pages);
    }

    static async Task<(double Seconds, long Items)> CeilingAsync(InSalesData data)
    {
        await using var azurite = await LocalAzurite.StartAsync();
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        await clients.EnsureCreatedAsync();
        await using var services = Services(clients, new Dictionary<string, string?>());
        var shop = await services.GetRequiredService<ShopStore>().SaveAsync(new Shop { Id = ShopId, Platform = Platforms.InSales });
        // The changes the pull would produce, mapped before the clock starts.
        var pages = new List<IReadOnlyList<ShopChange>>();
        foreach (var (list, items) in new[] { ("clients", data.Clients), ("orders", data.Orders) })
        {
            foreach (var page in items.Chunk(PageSize))
            {
                pages.Add(page.Select(item =>
                {
                    using var document = JsonDocument.Parse(item.Json);
                    var payload = PayloadObject.Root(document, list);
                    return list == "clients"
                        ? (ShopChange)new ShopChange.UpsertCustomer(InSalesMapping.Client(payload))
                        : new ShopChange.UpsertOrder(InSalesMapping.Order(payload));
                }).ToList());
            }
        }
        var applier = services.GetRequiredService<SyncPageApplier>();
        var clock = Stopwatch.StartNew();
        long count = 0;
        foreach (var page in pages)
        {
            count += (await applier.ApplyAsync(shop, page, backfill: true)).Items;
        }
        return (clock.Elapsed.TotalSeconds, count);
    }

    static ServiceProvider Services(StorageClients clients, Dictionary<string, string?> settings) => new ServiceCollection()
        .AddLogging(l => l.SetMinimumLevel(LogLevel.Error))
        .AddHubCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), clients)
        .BuildServiceProvider();


    /// <summary>One item as the fake serves it: its sort key and its JSON, serialised once.</summary>
    sealed record Item(DateTimeOffset UpdatedAt, long Id, string Json);

    /// <summary>
    /// A synthetic InSales shop (fixed seed): clients with names, emails and messy phones, and orders of 1–3 lines that
    /// name their client; every list sorted by <c>updated_at</c>, then <c>id</c>, as InSales sorts.
    /// </summary>
    sealed class InSalesData
    {
        public readonly Item[] Clients;
        public readonly Item[] Orders;

        public InSalesData(int clients, int orders)
        {
            var random = new Random(20261206);
            var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(3));
            var brands = new[] { "Acuvue", "Alcon", "Bausch+Lomb", "CooperVision", "Biotrue" };
            Clients = new Item[clients];
            for (var i = 0; i < clients; i++)
            {
                var at = start.AddSeconds(i * 60);
                var phone = (i % 3) switch { 0 => $"8 (9{i % 100:00}) {i % 1000:000}-{i / 1000 % 100:00}-{i % 97:00}", 1 => $"+7 9{i % 100:00} {i % 1000:000} {i / 1000 % 100:00} {i % 97:00}", _ => $"9{i % 100:00}{i % 1000:000}{i / 1000 % 100:00}{i % 97:00}" };
                Clients[i] = new Item(at, i + 1, JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["id"] = i + 1, ["name"] = $"Имя{i}", ["surname"] = $"Фамилия{i}", ["middlename"] = null,
                    ["email"] = $"client{i}@mail.ru", ["phone"] = phone, ["registered"] = true, ["subscribe"] = i % 4 != 0,
                    ["client_group_id"] = null, ["bonus_points"] = 0,
                    ["created_at"] = Time(at.AddDays(-30)), ["updated_at"] = Time(at),
                }));
            }
            Orders = new Item[orders];
            for (var i = 0; i < orders; i++)
            {
                var at = start.AddSeconds(i * 20);
                var client = random.Next(clients);
                var lines = Enumerable.Range(0, 1 + random.Next(3)).Select(l => new Dictionary<string, object?>
                {
                    ["id"] = l + 1, ["product_id"] = 100 + random.Next(40), ["variant_id"] = null, ["sku"] = $"SKU-{random.Next(40)}",
                    ["title"] = $"{brands[random.Next(brands.Length)]} lens {random.Next(40)}", ["quantity"] = 1 + random.Next(3),
                    ["sale_price"] = 990.0 + random.Next(20) * 50, ["total_price"] = 0.0,
                }).ToList();
                var total = lines.Sum(l => (double)l["sale_price"]! * (int)l["quantity"]!);
                Orders[i] = new Item(at, i + 1, JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["id"] = i + 1, ["number"] = 10_000 + i, ["financial_status"] = "paid", ["fulfillment_status"] = i % 20 == 0 ? "declined" : "delivered",
                    ["currency_code"] = "RUR", ["items_price"] = total, ["total_price"] = total + 300,
                    ["client"] = new Dictionary<string, object?> { ["id"] = client + 1, ["name"] = $"Имя{client}", ["surname"] = $"Фамилия{client}", ["email"] = $"client{client}@mail.ru" },
                    ["order_lines"] = lines,
                    ["created_at"] = Time(at.AddHours(-1)), ["updated_at"] = Time(at),
                }));
            }
        }

        static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <c>GET /admin/{clients|orders}.json?updated_since=…&amp;from_id=…&amp;per_page=…</c> over <see cref="InSalesData"/>:
    /// items updated at or after <c>updated_since</c>, after the <c>from_id</c> item among equals, as a bare JSON array,
    /// with Basic auth and <c>API-Usage-Limit</c>. No request log is kept.
    /// </summary>
    sealed class InSalesBenchFake : IDisposable
    {
        public const string Login = "bench-app";
        public const string Password = "bench-password";
        readonly WireMockServer server = WireMockServer.Start(new WireMockServerSettings { MaxRequestLogCount = 0 });
        readonly string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Login}:{Password}"));
        long requests;

        public InSalesBenchFake(InSalesData data)
        {
            foreach (var (path, items) in new[] { ("/admin/clients.json", data.Clients), ("/admin/orders.json", data.Orders) })
            {
                server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithCallback(request =>
                {
                    Interlocked.Increment(ref requests);
                    if (request.Headers is null || !request.Headers.TryGetValue("Authorization", out var auth) || auth?.FirstOrDefault() != expected)
                    {
                        return new WireMock.ResponseMessage { StatusCode = 401 };
                    }
                    var query = request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>();
                    var since = DateTimeOffset.Parse(query["updated_since"].First(), CultureInfo.InvariantCulture);
                    var fromId = query.TryGetValue("from_id", out var from) && long.TryParse(from.FirstOrDefault(), out var id) ? id : (long?)null;
                    var perPage = Math.Min(250, int.Parse(query["per_page"].First(), CultureInfo.InvariantCulture));
                    // The first item updated at or after since (lists are sorted by updated_at, then id), past from_id among equals.
                    var lo = 0;
                    var hi = items.Length;
                    while (lo < hi)
                    {
                        var mid = (lo + hi) / 2;
                        var m = items[mid];
                        if (m.UpdatedAt < since || (fromId is { } f && m.UpdatedAt == since && m.Id <= f))
                        {
                            lo = mid + 1;
                        }
                        else
                        {
                            hi = mid;
                        }
                    }
                    var body = new StringBuilder("[");
                    for (var i = lo; i < Math.Min(items.Length, lo + perPage); i++)
                    {
                        body.Append(i == lo ? "" : ",").Append(items[i].Json);
                    }
                    var reply = new WireMock.ResponseMessage { StatusCode = 200, BodyData = new WireMock.Util.BodyData { BodyAsString = body.Append(']').ToString(), DetectedBodyType = WireMock.Types.BodyType.String } };
                    reply.AddHeader("Content-Type", "application/json; charset=utf-8");
                    reply.AddHeader("API-Usage-Limit", "1/500");
                    return reply;
                }));
            }
        }

        public string Url => server.Url!;
        public long Requests => Interlocked.Read(ref requests);

        public void Dispose() => server.Stop();
    }
}
