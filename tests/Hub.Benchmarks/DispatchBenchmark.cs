using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Email;
using Hub.Messaging.Templates;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Hub.Benchmarks;

/// <summary>
/// <c>dispatch</c>: a marketing email to every customer of a 100,000-customer shop through the real dispatcher, send
/// ledger (claims, outcomes, refs) and SendGrid sender, against a SendGrid fake on loopback that answers 202 like
/// <c>POST /v3/mail/send</c>. Ours sends up to 1,000 personalizations per request; the baseline is what a plain
/// <c>foreach recipient</c> integration does with the same ledger and sender: the same checks, then per recipient a
/// claim, one request and the outcome.
/// Each contender gets its own fresh Azurite with the same customers; both run 4 dispatch jobs at a time (one
/// bucket's ≤500 members each, as the campaign planner cuts them).
/// </summary>
static class DispatchBenchmark
{
    const int ParallelJobs = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var recipients = BenchmarkOptions.Int(args, "--recipients", 100_000);
        var naiveRecipients = Math.Min(recipients, BenchmarkOptions.Int(args, "--naive-recipients", recipients));
        var report = json ? Console.Error : Console.Out;
        report.WriteLine($"dispatch: {recipients:N0} email recipients (naive on {naiveRecipients:N0}), SendGrid fake on loopback, Azurite in memory, {Environment.ProcessorCount} cores");

        using var fake = new SendGridFake();
        var ours = await RunContenderAsync(fake, recipients, single: false, report);
        var naive = await RunContenderAsync(fake, naiveRecipients, single: true, report);

        var naiveSeconds = naive.Seconds * recipients / naiveRecipients;
        var naiveRequests = naive.Requests * (long)recipients / naiveRecipients;
        var vsNaive = naiveSeconds / ours.Seconds;
        var fewerRequests = (double)naiveRequests / ours.Requests;
        report.WriteLine();
        report.WriteLine($"{"",-8}{"seconds",10}{"msg/s",10}{"requests",12}");
        report.WriteLine($"{"ours",-8}{ours.Seconds,10:F1}{recipients / ours.Seconds,10:N0}{ours.Requests,12:N0}");
        report.WriteLine($"{"naive",-8}{naiveSeconds,10:F1}{recipients / naiveSeconds,10:N0}{naiveRequests,12:N0}" + (naiveRecipients < recipients ? $"  (scaled from {naiveRecipients:N0})" : ""));
        report.WriteLine($"vs_naive {vsNaive:F2} (naive ÷ ours; target ≥ 5), requests {fewerRequests:N0}× fewer (target ≥ 20)");
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "dispatch",
                recipients,
                naive_measured_on = naiveRecipients,
                ours_s = Math.Round(ours.Seconds, 2),
                naive_s = Math.Round(naiveSeconds, 2),
                vs_naive = Math.Round(vsNaive, 2),
                requests_ours = ours.Requests,
                requests_naive = naiveRequests,
                requests_fewer = Math.Round(fewerRequests, 0),
                messages_per_s = Math.Round(recipients / ours.Seconds, 0),
                ledger_rows_per_message = 2,
            }));
        }
        return ours.Delivered == recipients && naive.Delivered == naiveRecipients ? 0 : 2;
    }

    sealed record Contender(double Seconds, long Requests, long Delivered);

    static async Task<Contender> RunContenderAsync(SendGridFake fake, int recipients, bool single, TextWriter report)
    {
        await using var azurite = await LocalAzurite.StartAsync();
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        await clients.EnsureCreatedAsync();
        const string shopId = "bench-shop";
        var settings = new Dictionary<string, string?>
        {
            [SendGridMail.BaseUrlKey] = fake.BaseUrl,
            [SendGridSettings.ApiKeyKey(shopId)] = SendGridFake.ApiKey,
            [SendGridSettings.FromKey(shopId)] = "Shop <team@shop.example>",
            [ChannelRouter.Key(shopId, Channel.Email)] = "sendgrid",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Error))
            .AddHubCore(configuration, clients);
        await using var services = collection.BuildServiceProvider();
        await services.GetRequiredService<ShopStore>().SaveAsync(new Shop { Id = shopId, Platform = Platforms.Csv });
        var ids = await WriteCustomersAsync(clients, shopId, recipients);
        var dispatcher = services.GetRequiredService<MessageDispatcher>();
        var source = single ? "bench-naive" : "bench-ours";
        // Dispatch jobs as the planner cuts them: one bucket's members, at most 500 to a job.
        var jobs = ids.GroupBy(Buckets.Of).SelectMany(g => g.Chunk(DispatchJob.MaxCustomers))
            .Select(chunk => new DispatchJob(shopId, source, 0, Channel.Email, DefaultTemplates.WinBack, MessageKind.Marketing, chunk))
            .ToArray();

        // Warm-up on a few customers of another source: JIT, connection pools, the template cache.
        var warmup = jobs[0] with { Source = source + "-warmup", CustomerIds = jobs[0].CustomerIds.Take(20).ToArray() };
        _ = single ? await OneByOneAsync(services, warmup, CancellationToken.None) : (await dispatcher.DispatchAsync(warmup)).Sent;
        fake.Reset();

        var clock = Stopwatch.StartNew();
        var sent = 0L;
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = ParallelJobs }, async (job, ct) =>
        {
            var result = single ? await OneByOneAsync(services, job, ct) : (await dispatcher.DispatchAsync(job, ct)).Sent;
            Interlocked.Add(ref sent, result);
        });
        clock.Stop();
        var name = single ? "naive" : "ours";
        report.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:F1} s, {sent:N0} sent, {fake.Requests:N0} requests, {fake.Recipients:N0} recipients at the fake");
        return new Contender(clock.Elapsed.TotalSeconds, fake.Requests, fake.Recipients);
    }

    /// <summary>
    /// What an integration without batching does, with the same ledger: the job's customers read as ours reads them
    /// (one range query), then for each recipient the same checks, a claim, one SendGrid request, and the outcome.
    /// </summary>
    static async Task<int> OneByOneAsync(IServiceProvider services, DispatchJob job, CancellationToken cancellationToken)
    {
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(job.ShopId, cancellationToken);
        var template = (await services.GetRequiredService<TemplateStore>().GetAsync(shop.Id, job.TemplateId, cancellationToken))!;
        var renderer = services.GetRequiredService<TemplateRenderer>();
        var ledger = services.GetRequiredService<SendLedger>();
        var sender = services.GetServices<IChannelSender>().Single(s => s.Provider == "sendgrid");
        var suppressed = await services.GetRequiredService<Suppressions>().LoadAsync(shop.Id, job.Channel, cancellationToken);
        var people = await services.GetRequiredService<CustomerStore>().GetManyAsync(shop.Id, job.CustomerIds, cancellationToken: cancellationToken);
        var sent = 0;
        foreach (var id in job.CustomerIds)
        {
            var customer = people.GetValueOrDefault(id);
            if (Reachability.Obstacle(customer, job.Channel, job.Kind, suppressed) is not null)
            {
                continue;
            }
            var entry = new LedgerEntry
            {
                ShopId = shop.Id, Source = job.Source, CustomerId = id, Step = job.Step, MessageId = SendLedger.MessageIdOf(shop.Id, job.Source, id, job.Step),
                Channel = job.Channel, Provider = sender.Provider, Address = ChannelRouter.AddressOf(customer!, job.Channel), TemplateId = job.TemplateId, Kind = job.Kind,
            };
            var (claim, claimed) = await ledger.ClaimAsync(entry, cancellationToken);
            if (claim is not (ClaimResult.Claimed or ClaimResult.Reclaimed))
            {
                continue;
            }
            var content = renderer.Render(template, job.Channel, new TemplateData(shop) { Customer = customer });
            var outcome = (await sender.SendAsync(shop.Id, [new OutboundMessage(entry.MessageId, shop.Id, id, job.Channel, entry.Address!, job.Kind, content)
            {
                Key = new LedgerKey(entry.Source, id, entry.Step),
            }], cancellationToken))[0];
            sent += (await ledger.RecordAsync(claimed, outcome, cancellationToken)).Status == SendStatus.Sent ? 1 : 0;
        }
        return sent;
    }

    /// <summary>Customers with a valid email and email consent, written raw (the import path is measured elsewhere).</summary>
    static async Task<List<string>> WriteCustomersAsync(StorageClients clients, string shopId, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string>(count);
        var entities = new List<TableTransactionAction>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"c{i:D7}";
            ids.Add(id);
            var customer = new Customer
            {
                Id = id,
                ShopId = shopId,
                FirstName = $"Имя{i}",
                Emails = [new ContactPoint($"person{i}@example.ru", true)],
                Consents = new Dictionary<Channel, Consent> { [Channel.Email] = new(ConsentState.Granted, "csv", now.AddDays(-30)) },
                CreatedAt = now.AddDays(-100),
                UpdatedAt = now.AddDays(-1),
            };
            entities.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, CustomerEntities.ToEntity(customer)));
        }
        await new TableBatchWriter(clients).WriteAsync(TableNames.Customers, entities);
        return ids;
    }


    /// <summary>
    /// <c>POST /v3/mail/send</c> on loopback: checks the bearer key, counts requests and personalizations, answers 202 with
    /// an <c>X-Message-Id</c> as SendGrid does. It keeps no request log, so 100,000 requests cost it no memory.
    /// </summary>
    sealed class SendGridFake : IDisposable
    {
        public const string ApiKey = "SG.bench-key";
        readonly WireMockServer server = WireMockServer.Start(new WireMockServerSettings { MaxRequestLogCount = 0 });
        long requests;
        long recipients;

        public SendGridFake()
        {
            server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
                .RespondWith(Response.Create().WithCallback(request =>
                {
                    var id = Interlocked.Increment(ref requests);
                    if (request.Headers is null || !request.Headers.TryGetValue("Authorization", out var auth) || auth?.FirstOrDefault() != $"Bearer {ApiKey}")
                    {
                        return new WireMock.ResponseMessage { StatusCode = 401 };
                    }
                    using var body = JsonDocument.Parse(request.Body ?? "{}");
                    var count = body.RootElement.GetProperty("personalizations").GetArrayLength();
                    if (count is 0 or > 1000)
                    {
                        return new WireMock.ResponseMessage { StatusCode = 400 };
                    }
                    Interlocked.Add(ref recipients, count);
                    var reply = new WireMock.ResponseMessage { StatusCode = 202 };
                    reply.AddHeader("X-Message-Id", $"bench{id:D8}");
                    return reply;
                }));
        }

        public string BaseUrl => server.Url!;
        public long Requests => Interlocked.Read(ref requests);
        public long Recipients => Interlocked.Read(ref recipients);

        public void Reset()
        {
            Interlocked.Exchange(ref requests, 0);
            Interlocked.Exchange(ref recipients, 0);
        }

        public void Dispose() => server.Stop();
    }
}
