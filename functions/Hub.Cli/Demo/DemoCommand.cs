using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Hub.Cli.Demo;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Channels.Outbox;
using Hub.Shops;
using Hub.Shops.Csv;
using Hub.Shops.Shopify;
using Hub.Storage;
using Hub.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class DemoSettings : HubSettings
{
    public const string ShopId = "demo-optics";

    [CommandOption("--customers <N>")]
    [Description("How many people the generated shop has.")]
    [DefaultValue(2000)]
    public int Customers { get; init; } = 2000;

    [CommandOption("--out <DIR>")]
    [Description("Where the demo writes its CSV exports and rejects files.")]
    [DefaultValue("out/demo")]
    public string Out { get; init; } = "out/demo";

    public override ValidationResult Validate() =>
        Customers is < 50 or > 200_000 ? ValidationResult.Error("--customers must be between 50 and 200000") : ValidationResult.Success();
}

/// <summary>
/// The hub's main job end to end on a generated shop: signed Shopify webhooks through the same receiver as
/// the HTTP function and the same processor as the queue trigger, plus 1C CSV exports through `hub import`;
/// then what the customer base holds. Starts its own Azurite unless storage is given.
/// </summary>
sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        LocalAzurite? azurite = null;
        StorageClients? storage = null;
        if (settings.Storage is null && Environment.GetEnvironmentVariable("AzureWebJobsStorage") is null)
        {
            AnsiConsole.MarkupLine("Starting Azurite (in memory) …");
            azurite = await LocalAzurite.StartAsync(cancellationToken: cancellationToken);
            storage = StorageClients.FromConnectionString(azurite.ConnectionString);
        }
        try
        {
            var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var demoClock = new DemoClock();
            using var services = CliServices.Build(settings, storage, new Dictionary<string, string?>
            {
                [ShopSecrets.WebhookSecretKey(DemoSettings.ShopId)] = secret,
                // Every message of the demo goes to files, whatever providers the machine's settings name.
                [ChannelRouter.Key(DemoSettings.ShopId, Channel.Email)] = OutboxSender.ProviderId,
                [ChannelRouter.Key(DemoSettings.ShopId, Channel.Sms)] = OutboxSender.ProviderId,
                ["Messaging:OutboxPath"] = Path.Combine(settings.Out, "outbox"),
            }, demoClock);
            await RunAsync(services, settings, secret, demoClock, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"[grey]Demo finished in {clock.Elapsed.TotalSeconds:N0} s.[/]");
            return ExitCodes.Ok;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    static async Task RunAsync(ServiceProvider services, DemoSettings settings, string secret, DemoClock clock, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<StorageClients>();
        await storage.EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().SaveAsync(
            new Shop { Id = DemoSettings.ShopId, Platform = Platforms.Shopify, Name = "Оптика-Демо", Region = "RU", TimeZone = "Europe/Moscow", Currency = "RUB" }, cancellationToken);
        var now = clock.GetUtcNow();
        var data = DemoShopData.Generate(settings.Customers, now);
        Directory.CreateDirectory(settings.Out);
        Rule("1. A generated optics shop");
        AnsiConsole.MarkupLineInterpolated($"{data.People.Count:N0} people, {data.Orders.Count:N0} orders over two years ({data.Orders.Count(o => o.Offline):N0} in the retail store), {data.Carts.Count:N0} open carts.");

        // Online: some people gave the web shop only their email; the store's loyalty card has their phone.
        var webOnlyEmail = data.People.Where(p => p.Number % 10 == 3).ToHashSet();
        var online = data.People.Where(p => p.Number % 5 != 0).ToArray();
        var inStore = data.People.Where(p => p.Number % 2 == 0 || webOnlyEmail.Contains(p)).ToArray();

        Rule("2. Shopify webhooks, signed, through the receiver and the queue");
        var receiver = services.GetRequiredService<WebhookReceiver>();
        var deliveries = new List<(string Topic, string Body, DateTimeOffset At)>();
        deliveries.AddRange(online.Select(p => (ShopifyTopics.CustomerCreate, DemoWriter.ShopifyCustomer(p, withPhone: !webOnlyEmail.Contains(p), withEmail: true, p.RegisteredAt), p.RegisteredAt)));
        // Later profile edits; a few arrive twice (Shopify retries) and a few out of order.
        var edits = online.Where(p => p.Number % 4 == 1).Select(p => (ShopifyTopics.CustomerUpdate, DemoWriter.ShopifyCustomer(p, !webOnlyEmail.Contains(p), true, p.RegisteredAt.AddDays(3)), p.RegisteredAt.AddDays(3))).ToList();
        deliveries.AddRange(edits);
        var webOrders = data.Orders.Where(o => !o.Offline && online.Contains(o.Buyer)).ToArray();
        deliveries.AddRange(webOrders.Select(o => (ShopifyTopics.OrderCreate, DemoWriter.ShopifyOrder(o, withPhone: o.Buyer.Number % 3 == 0), o.CreatedAt)));
        deliveries.AddRange(data.Carts.Where(c => online.Contains(c.Buyer)).Select(c => (ShopifyTopics.CheckoutUpdate, DemoWriter.ShopifyCheckout(c), c.UpdatedAt)));
        var retried = deliveries.Where((_, i) => i % 50 == 7).ToArray();

        var accepted = 0;
        var duplicates = 0;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var post = progress.AddTask("deliveries received", maxValue: deliveries.Count + retried.Length);
                var ids = deliveries.Select((d, i) => $"demo-{i:D7}").ToArray();
                var all = deliveries.Select((d, i) => (d, id: ids[i])).Concat(retried.Select(d => (d, id: ids[deliveries.IndexOf(d)])));
                await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (item, ct) =>
                {
                    var body = Encoding.UTF8.GetBytes(item.d.Body);
                    var headers = new Dictionary<string, string>
                    {
                        [ShopifyWebhooks.TopicHeader] = item.d.Topic,
                        [ShopifyWebhooks.HmacHeader] = HmacSignature.Compute(body, secret),
                        [ShopifyWebhooks.WebhookIdHeader] = item.id,
                        [ShopifyWebhooks.TriggeredAtHeader] = item.d.At.ToString("O"),
                    };
                    var result = await receiver.ReceiveAsync(Platforms.Shopify, shop.Id, WebhookRequest.Create(headers, body), ct);
                    if (result.Message.StartsWith("Duplicate", StringComparison.Ordinal)) Interlocked.Increment(ref duplicates);
                    else if (result.Accepted) Interlocked.Increment(ref accepted);
                    post.Increment(1);
                });
                var work = progress.AddTask("queued events processed", maxValue: accepted);
                await ShopEventQueue.DrainAsync(services, shop.Id, cancellationToken, () => work.Increment(1));
            });
        AnsiConsole.MarkupLineInterpolated($"{accepted:N0} deliveries accepted and processed; {duplicates:N0} retries recognised as duplicates and answered 200 without a second processing.");

        var forged = await receiver.ReceiveAsync(Platforms.Shopify, shop.Id, WebhookRequest.Create(
            new Dictionary<string, string> { [ShopifyWebhooks.TopicHeader] = "orders/create", [ShopifyWebhooks.HmacHeader] = "Zm9yZ2VkIHNpZ25hdHVyZSBmb3JnZWQgc2lnbmF0dXJlIQ==", [ShopifyWebhooks.WebhookIdHeader] = "forged-1" },
            Encoding.UTF8.GetBytes("""{"id":1,"total_price":"1.00"}""")), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"A forged delivery: [red]{forged.StatusCode}[/] {forged.Message}");

        Rule("3. 1C exports: loyalty-card holders and retail sales (Windows-1251, ';')");
        var import = ActivatorUtilities.CreateInstance<CsvImport>(services);
        var customersCsv = Path.Combine(settings.Out, "loyalty-customers.csv");
        DemoWriter.CustomersCsv(customersCsv, inStore.Select(p => (p, WithEmail: !webOnlyEmail.Contains(p) && p.Number % 3 != 0, PhoneStyle: p.Number % 6)));
        var customerSummary = await import.CustomersAsync(shop, customersCsv, null, cancellationToken);
        Summary("hub import customers", customersCsv, customerSummary);

        var ordersCsv = Path.Combine(settings.Out, "retail-orders.csv");
        DemoWriter.OfflineOrdersCsv(ordersCsv, data.Orders.Where(o => o.Offline));
        var orderSummary = await import.OrdersAsync(shop, ordersCsv, null, cancellationToken);
        Summary("hub import orders", ordersCsv, orderSummary);

        Rule("4. What the customer base now holds");
        await DemoReport.PrintAsync(services, shop, data, cancellationToken);

        Rule("5. Segments: every built-in one computed, with sizes and revenue share");
        var engine = services.GetRequiredService<Hub.Segments.SegmentEngine>();
        var run = await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progress =>
            {
                var buckets = progress.AddTask("buckets computed", maxValue: Buckets.Count);
                return await engine.ComputeAllAsync(shop.Id, 4, new Progress<Hub.Segments.SegmentJobResult>(_ => buckets.Increment(1)), cancellationToken);
            });
        AnsiConsole.MarkupLineInterpolated(
            $"Learned from {run.Stats.Buyers:N0} buyers: lapsed after {run.Stats.LapsedAfterDays:N0} days without an order ({run.Stats.LapsedBasis.ToString().ToLowerInvariant()}), {run.Stats.Products.Count:N0} product repurchase intervals; {run.Entered:N0} memberships.");
        var (_, rows) = await SegmentSizes.ReadAsync(services.GetRequiredService<Hub.Segments.SegmentOverview>(), shop.Id, cancellationToken);
        SegmentSizes.Render(rows.Where(r => r.Members > 0).ToArray(), shop.Currency);
        var report = Reports.SegmentReport.Write(await services.GetRequiredService<Hub.Segments.SegmentOverview>().ReportAsync(shop.Id, cancellationToken), settings.Out);
        AnsiConsole.MarkupLineInterpolated($"Report for the marketer (RFM heat map, segment sizes): [bold]{report.Html}[/] with {report.RfmHeatmapPng} and {report.SegmentSizesPng}");

        Rule("6. Audiences: hashed Yandex files for a lookalike seed and an exclusion list, and one refused as too small");
        await DemoAudiences.WriteAsync(services, shop, Path.Combine(settings.Out, "audiences"), cancellationToken);

        Rule("7. Messages to the outbox: order status and abandoned-cart reminders, once each");
        await DemoMessages.SendAsync(services, shop, Path.Combine(settings.Out, "outbox"), cancellationToken);

        Rule("8. A win-back cascade on the lapsed: email, then SMS to those who did not react, with caps and quiet hours");
        await DemoCampaigns.RunAsync(services, shop, clock, settings.Out, cancellationToken);
    }

    static void Summary(string command, string path, ImportSummary s)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{command}[/] {path}: read {s.Read:N0} rows, imported {s.Imported:N0}, merged into existing customers {s.Merged:N0}, rejected [red]{s.Rejected:N0}[/]");
        if (s.RejectsPath is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"  rejected rows with line numbers and reasons: {s.RejectsPath}");
            foreach (var line in File.ReadLines(s.RejectsPath).Skip(1).Take(3))
            {
                AnsiConsole.MarkupLineInterpolated($"  [grey]{line}[/]");
            }
        }
    }

    static void Rule(string title) => AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
}
