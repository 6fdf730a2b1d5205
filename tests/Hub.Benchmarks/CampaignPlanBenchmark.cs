using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Campaigns;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Benchmarks;

/// <summary>
/// <c>campaign-plan</c>: the plan of an email → SMS cascade for a 100,000-member segment with the shop's caps
/// (3 a week, 1 SMS a week) and quiet hours — every member's addresses, consents and time zone (from the member rows,
/// written with their reach as the segment engine writes them), suppressions and contact log — against a bare scan of the segment's members, the same 64 partitions with the same parallelism. A third of the
/// members have recent sends in the contact log, 2% of the emails are suppressed. The two alternate three times; each
/// one's best run counts.
/// </summary>
static class CampaignPlanBenchmark
{
    const string ShopId = "bench-plan";
    const string Segment = "lapsed";

    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var members = BenchmarkOptions.Int(args, "--members", 100_000);
        var report = json ? Console.Error : Console.Out;
        report.WriteLine($"campaign-plan: email → SMS cascade for {members:N0} members with caps and quiet hours, Azurite in memory, {Environment.ProcessorCount} cores");

        await using var azurite = await LocalAzurite.StartAsync();
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        await clients.EnsureCreatedAsync();
        await using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Error))
            .AddHubCore(new ConfigurationBuilder().Build(), clients)
            .BuildServiceProvider();
        var setup = Stopwatch.StartNew();
        await services.GetRequiredService<ShopStore>().SaveAsync(new Shop { Id = ShopId, Platform = Platforms.Csv });
        var campaigns = services.GetRequiredService<CampaignStore>();
        await campaigns.SaveSettingsAsync(ShopId, new CampaignSettings { Caps = ["3/7d", "sms:1/7d"], QuietHours = "21:00-09:00" });
        var campaign = new Campaign
        {
            Id = "win-back", ShopId = ShopId, Kind = CampaignKind.OneOff, SegmentId = Segment,
            Steps = [new([Channel.Email], "win-back", TimeSpan.FromHours(48)), new([Channel.Sms], "win-back")],
        };
        await campaigns.SaveAsync(campaign);
        await WriteShopAsync(services, members);
        report.WriteLine($"setup: {setup.Elapsed.TotalSeconds:F0} s");

        var planner = services.GetRequiredService<CampaignPlanner>();
        var memberStore = services.GetRequiredService<SegmentMemberStore>();
        await planner.PlanAsync(ShopId, campaign); // warm-up
        double best = double.MaxValue, bestCeiling = double.MaxValue;
        CampaignPlan? plan = null;
        long scanned = 0;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            plan = await planner.PlanAsync(ShopId, campaign);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            clock.Restart();
            scanned = 0;
            await Parallel.ForAsync(0, Buckets.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (bucket, ct) =>
                Interlocked.Add(ref scanned, (await memberStore.MembersOfBucketAsync(ShopId, Segment, bucket, ct)).Count));
            bestCeiling = Math.Min(bestCeiling, clock.Elapsed.TotalSeconds);
            report.WriteLine($"round {round + 1}: plan {best:F2} s best, bare member scan {bestCeiling:F2} s best");
        }
        var vsCeiling = bestCeiling / best;
        report.WriteLine($"plan: audience {plan!.Audience:N0}; email {plan.Lines[0].Recipients:N0} ({string.Join(", ", plan.Lines[0].Excluded.Select(e => $"{e.Key} {e.Value:N0}"))}), sms {plan.Lines[1].Recipients:N0}; cost up to {plan.CostUpTo:N2}; quiet now {plan.QuietNow:N0}");
        report.WriteLine($"vs_ceiling {vsCeiling:F2} (bare scan ÷ plan; target ≥ 0.5), {members / best:N0} members/s");
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "campaign-plan",
                members,
                plan_s = Math.Round(best, 2),
                ceiling_s = Math.Round(bestCeiling, 2),
                vs_ceiling = Math.Round(vsCeiling, 2),
                members_per_s = Math.Round(members / best, 0),
                email_recipients = plan.Lines[0].Recipients,
                capped = plan.Lines[0].Excluded.GetValueOrDefault("capped"),
            }));
        }
        return plan.Audience == members && scanned == members ? 0 : 2;
    }

    /// <summary>Customers (a tenth without email consent, a twentieth without a phone), their membership, contact log and suppressions.</summary>
    static async Task WriteShopAsync(IServiceProvider services, int count)
    {
        var writer = services.GetRequiredService<TableBatchWriter>();
        var now = DateTimeOffset.UtcNow;
        var zones = new[] { null, null, null, "Asia/Vladivostok", "Asia/Yekaterinburg" };
        var customers = new List<TableTransactionAction>(count);
        var memberships = new List<TableTransactionAction>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"c{i:D7}";
            var customer = new Customer
            {
                Id = id, ShopId = ShopId, FirstName = $"Имя{i}",
                Emails = [new ContactPoint($"person{i}@example.ru", true)],
                Phones = i % 20 == 0 ? [] : [new ContactPoint($"+7999{i:D7}", true)],
                TimeZone = zones[i % zones.Length],
                Consents = new Dictionary<Channel, Consent>
                {
                    [Channel.Email] = new(i % 10 == 0 ? ConsentState.Denied : ConsentState.Granted, "csv", now.AddDays(-100)),
                    [Channel.Sms] = new(i % 3 == 0 ? ConsentState.Denied : ConsentState.Granted, "csv", now.AddDays(-100)),
                },
                Aggregates = new CustomerAggregates { OrdersCount = 2, LastOrderAt = now.AddDays(-200), TotalSpent = 5000m, Currency = "RUB" },
                CreatedAt = now.AddDays(-400), UpdatedAt = now.AddDays(-200),
            };
            customers.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, CustomerEntities.ToEntity(customer)));
            // As the segment engine writes them: with the customer's reach.
            memberships.Add(SegmentMemberStore.Join(ShopId, new SegmentMember(Segment, id, now.AddDays(-10), 5000m, null, MemberReach.Of(customer))));
        }
        await writer.WriteAsync(TableNames.Customers, customers);
        await writer.WriteAsync(TableNames.SegmentMembers, memberships);
        var log = services.GetRequiredService<ContactLog>();
        var rules = new[] { CapRule.Parse("3/7d"), CapRule.Parse("sms:1/7d") };
        foreach (var bucket in Enumerable.Range(0, count).Where(i => i % 3 == 1).Select(i => $"c{i:D7}").GroupBy(Buckets.Of))
        {
            foreach (var chunk in bucket.Chunk(500))
            {
                await log.ReserveAsync(ShopId, chunk.SelectMany(id => new[] { new CapRequest(id, Channel.Email, "earlier-1"), new CapRequest(id, Channel.Sms, "earlier-2"), new CapRequest(id, Channel.Email, "earlier-3") }).ToList(), rules);
            }
        }
        var suppressions = services.GetRequiredService<Suppressions>();
        foreach (var i in Enumerable.Range(0, count).Where(i => i % 50 == 7))
        {
            await suppressions.AddAsync(ShopId, new Suppression(Channel.Email, $"person{i}@example.ru", SuppressionScope.Marketing, "unsubscribed", "sendgrid", now));
        }
    }
}
