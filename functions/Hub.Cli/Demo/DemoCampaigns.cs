using Hub.Cli.Commands;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Campaigns;
using Hub.Messaging.Channels;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hub.Cli.Demo;

/// <summary>
/// Step 8 of the demo: a win-back cascade on the lapsed segment — email, then after 48 hours an SMS to those who
/// neither opened, clicked nor bought — with the shop's caps (3 a week) and quiet hours (21:00–09:00). It prints the
/// plan and its cost, runs the first step to the outbox, lets the demo clock pass two days in which some people open
/// the email (SendGrid's delivered and open events, simulated) and some buy (through ingestion), sends the second step, and prints the
/// results with the funnel picture.
/// </summary>
static class DemoCampaigns
{
    public static async Task RunAsync(IServiceProvider services, Shop shop, DemoClock clock, string outDir, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<CampaignStore>();
        await store.SaveSettingsAsync(shop.Id, new CampaignSettings { Caps = ["3/7d"], QuietHours = "21:00-09:00" }, cancellationToken);
        // Start at the next 11:00 in the shop's time zone, so the demo shows the cascade rather than the night.
        var zone = SegmentEngine.ZoneOf(shop);
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var eleven = local.Date.AddHours(11) > local.DateTime ? local.Date.AddHours(11) : local.Date.AddDays(1).AddHours(11);
        clock.Advance(eleven - local.DateTime);

        var campaign = new Campaign
        {
            Id = "win-back-demo",
            ShopId = shop.Id,
            Name = "Вернуть ушедших",
            Kind = CampaignKind.OneOff,
            SegmentId = SegmentIds.Lapsed,
            ExcludeSegmentId = SegmentIds.AbandonedCart,
            StartAt = clock.GetUtcNow(),
            Steps = [new([Channel.Email], "win-back", TimeSpan.FromHours(48)), new([Channel.Sms], "win-back")],
            AttributionWindow = TimeSpan.FromDays(7),
            CreatedAt = clock.GetUtcNow(),
            UpdatedAt = clock.GetUtcNow(),
        };
        var errors = await services.GetRequiredService<CampaignValidator>().ValidateAsync(shop.Id, [campaign], cancellationToken);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the demo campaign is invalid: " + string.Join("; ", errors));
        }
        await store.SaveAsync(campaign, cancellationToken);
        CampaignPlanTable.Write(campaign, await services.GetRequiredService<CampaignPlanner>().PlanAsync(shop.Id, campaign, cancellationToken));

        var first = await CampaignInProcess.TickAsync(services, shop, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Day 0, {TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone):HH:mm} shop time: {first.Summary()}. (Whoever email cannot reach gets the SMS step at once.)");

        // Two days pass. A third of the emails are opened (SendGrid's open events), and one recipient in twelve buys.
        var ledger = services.GetRequiredService<SendLedger>();
        var ingestion = services.GetRequiredService<CustomerIngestion>();
        var source = campaign.SourceOf(CampaignScheduler.RunKeyOf(campaign.StartAt!.Value, zone));
        var sent = new List<LedgerEntry>();
        await foreach (var entry in ledger.OfSourcesAsync(shop.Id, source, cancellationToken))
        {
            if (entry.Status == SendStatus.Sent && entry.Channel == Channel.Email)
            {
                sent.Add(entry);
            }
        }
        clock.Advance(TimeSpan.FromHours(20));
        int opened = 0, bought = 0;
        foreach (var (entry, i) in sent.OrderBy(e => e.CustomerId, StringComparer.Ordinal).Select((e, i) => (e, i)))
        {
            await ledger.MarkAsync(entry, ProviderEventKind.Delivered, clock.GetUtcNow().AddHours(-19), null, cancellationToken);
            if (i % 3 == 0)
            {
                await ledger.MarkAsync((await ledger.GetAsync(entry.ShopId, entry.Source, entry.CustomerId, entry.Step, cancellationToken))!, ProviderEventKind.Opened, clock.GetUtcNow(), null, cancellationToken);
                opened++;
            }
            if (i % 12 == 5)
            {
                var customer = (await services.GetRequiredService<CustomerStore>().GetAsync(shop.Id, entry.CustomerId, cancellationToken))!.Customer;
                await ingestion.UpsertOrderAsync(shop, new OrderRecord
                {
                    Source = "csv", ExternalId = $"demo-win-back-{i}", Number = $"WB-{i}", Status = "paid", Currency = shop.Currency,
                    Total = 3490m, CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow(),
                    Customer = new CustomerRecord
                    {
                        Source = "csv",
                        Emails = customer.Emails.Where(e => e.Valid).Select(e => e.Value).ToArray(),
                        Phones = customer.Phones.Where(p => p.Valid).Select(p => p.Value).ToArray(),
                    },
                    Items = [new LineItem("p-oasys", "AO-6", "Acuvue Oasys 6 шт.", "Acuvue", "Линзы", 1, 3490m)],
                }, cancellationToken);
                bought++;
            }
        }
        AnsiConsole.MarkupLineInterpolated($"Within two days (the demo clock moves on): {opened:N0} open the email (SendGrid's delivered and open events, simulated), {bought:N0} buy.");
        clock.Advance(TimeSpan.FromHours(28) + TimeSpan.FromMinutes(1));
        var second = await CampaignInProcess.TickAsync(services, shop, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Day 2, after the 48-hour window: the SMS step to those who neither opened nor bought — {second.Summary()}.");

        var result = await services.GetRequiredService<CampaignResults>().ComputeAsync(shop.Id, campaign, cancellationToken);
        CampaignResultTable.Write(campaign, result);
        var files = await Reports.CampaignReportFiles.WriteAsync(campaign, result, outDir, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Funnel per channel: [bold]{files.Html}[/] with {files.FunnelPng}");
    }

}
