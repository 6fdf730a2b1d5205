using System.Text.Json;
using Hub.Messaging.Campaigns;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

/// <summary>`hub campaigns add`: reads the file, checks it against the shop, and saves it only when all of it is valid.</summary>
sealed class CampaignsAddCommand : AsyncCommand<CampaignsFileSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CampaignsFileSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.File))
        {
            throw new BadInputException($"campaign file '{settings.File}' does not exist");
        }
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var store = services.GetRequiredService<CampaignStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (campaigns, errors) = CampaignDefinitionParser.Parse(await File.ReadAllTextAsync(settings.File, cancellationToken), shop.Id, SegmentEngine.ZoneOf(shop), now);
        if (errors.Count == 0)
        {
            errors = await services.GetRequiredService<CampaignValidator>().ValidateAsync(shop.Id, campaigns, cancellationToken);
        }
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine(error.ToString());
            }
            Console.Error.WriteLine($"error: {settings.File}: {errors.Count} problem(s); nothing was saved");
            return ExitCodes.BadInput;
        }
        foreach (var campaign in campaigns)
        {
            var existing = await store.GetAsync(shop.Id, campaign.Id, cancellationToken);
            await store.SaveAsync(campaign with { CreatedAt = existing?.CreatedAt ?? now }, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"{(existing is null ? "added" : "replaced")} [bold]{campaign.Id}[/] ({CampaignOptions.Kebab(campaign.Kind)}: {CampaignOptions.Steps(campaign)})");
        }
        AnsiConsole.MarkupLineInterpolated($"See who it would reach and what it would cost: [bold]hub campaigns plan --shop {shop.Id} --campaign {campaigns[0].Id}[/]");
        return ExitCodes.Ok;
    }
}

/// <summary>`hub campaigns list`: a shop's campaigns, their cascades, and when each starts next.</summary>
sealed class CampaignsListCommand : AsyncCommand<SegmentsJsonSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsJsonSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var store = services.GetRequiredService<CampaignStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var zone = SegmentEngine.ZoneOf(shop);
        var rows = new List<(Campaign Campaign, int Runs, string When)>();
        await foreach (var c in store.ListAsync(shop.Id, cancellationToken))
        {
            var runs = (await store.RunsAsync(shop.Id, c.Id, cancellationToken)).Count(r => !r.RunKey.StartsWith('~'));
            var when = c.Paused ? "paused" : c.Kind switch
            {
                CampaignKind.OneOff => c.StartAt is { } at ? TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm") : "",
                CampaignKind.Recurring => CampaignScheduler.NextOccurrence(c.Cron!, zone, now) is { } next ? "next " + TimeZoneInfo.ConvertTime(next, zone).ToString("yyyy-MM-dd HH:mm") : "",
                CampaignKind.SegmentEntered => $"on entering {c.SegmentId}",
                CampaignKind.Birthday => $"{c.DaysBefore} days before a birthday",
                CampaignKind.Replenishment => $"{c.DaysBefore} days before a reorder date",
                _ => "after an abandoned cart",
            };
            rows.Add((c, runs, when));
        }
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
            {
                id = r.Campaign.Id, name = r.Campaign.Name, kind = r.Campaign.Kind, segment = r.Campaign.SegmentId, exclude = r.Campaign.ExcludeSegmentId,
                steps = r.Campaign.Steps.Select(s => new { channels = s.Channels.Select(CampaignOptions.Channel), template = s.TemplateId, wait = s.Wait is { } w ? Durations.Format(w) : null }),
                paused = r.Campaign.Paused, runs = r.Runs, when = r.When,
            }), HubJson.Indented));
            return ExitCodes.Ok;
        }
        if (rows.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"Shop {shop.Id} has no campaigns; `hub campaigns add --shop {shop.Id} --file win-back.json` adds one (docs/campaigns.md).");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("id", "kind", "segment", "cascade", "when (shop time)", "runs");
        foreach (var (c, runs, when) in rows)
        {
            table.AddRow(Markup.Escape(c.Id), CampaignOptions.Kebab(c.Kind), Markup.Escape((c.SegmentId ?? "") + (c.ExcludeSegmentId is { } x ? " − " + x : "")),
                Markup.Escape(CampaignOptions.Steps(c)), Markup.Escape(when), runs.ToString());
        }
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary>`hub campaigns plan`: per step and channel, who it would reach, who it leaves out and why, and the cost.</summary>
sealed class CampaignsPlanCommand : AsyncCommand<CampaignsOneSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CampaignsOneSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var campaign = await CampaignOptions.RequireAsync(services.GetRequiredService<CampaignStore>(), shop.Id, settings.Campaign, cancellationToken);
        var plan = await services.GetRequiredService<CampaignPlanner>().PlanAsync(shop.Id, campaign, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(plan, HubJson.Indented));
            return ExitCodes.Ok;
        }
        CampaignPlanTable.Write(campaign, plan);
        return ExitCodes.Ok;
    }
}

/// <summary>The plan as a marketer reads it (also the demo's).</summary>
static class CampaignPlanTable
{
    public static void Write(Campaign campaign, CampaignPlan plan)
    {
        AnsiConsole.MarkupLineInterpolated($"Plan of [bold]{campaign.Id}[/] ({CampaignOptions.Kebab(campaign.Kind)}): audience {plan.Audience:N0}; later steps count everyone not reached before and assume nobody reacts (an upper bound).");
        var table = new Table().AddColumns("step", "channel", "template", "recipients", "left out (why)", "price", "cost");
        foreach (var line in plan.Lines)
        {
            table.AddRow(line.Step.ToString(), CampaignOptions.Channel(line.Channel), Markup.Escape(line.TemplateId), line.Recipients.ToString("N0"),
                Markup.Escape(string.Join(", ", line.Excluded.Select(e => $"{e.Key} {e.Value:N0}"))),
                CampaignOptions.Money(line.UnitPrice, plan.Currency), CampaignOptions.Money(line.Cost, plan.Currency));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Cost up to [bold]{CampaignOptions.Money(plan.CostUpTo, plan.Currency)}[/]; {plan.ReachedByNoStep:N0} customers no step can reach; {plan.QuietNow:N0} would wait for the end of their quiet hours if it started now.");
    }
}

/// <summary>
/// `hub campaigns run`: starts a run now, in this process — the audience's first step is sent before the command ends
/// (with caps and quiet hours applied); later steps come from the timer (or `hub campaigns tick`).
/// </summary>
sealed class CampaignsRunCommand : AsyncCommand<CampaignsRunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CampaignsRunSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var campaign = await CampaignOptions.RequireAsync(services.GetRequiredService<CampaignStore>(), shop.Id, settings.Campaign, cancellationToken);
        if (campaign.Triggered)
        {
            throw new BadInputException($"'{campaign.Id}' is a {CampaignOptions.Kebab(campaign.Kind)} campaign: its events start it; `hub campaigns plan` shows whom it would reach");
        }
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var runKey = settings.Run ?? "manual-" + CampaignScheduler.RunKeyOf(now, SegmentEngine.ZoneOf(shop));
        var report = await CampaignInProcess.RunAsync(services, shop, campaign, runKey, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, HubJson.Indented));
            return ExitCodes.Ok;
        }
        AnsiConsole.MarkupLineInterpolated($"{report.Message}; {report.Summary()}");
        return ExitCodes.Ok;
    }
}

/// <summary>What a run started in-process did: sent per channel, held back, scheduled for a next step, skipped and stopped by reason.</summary>
sealed record CampaignRunReport(string RunKey, bool Started, string Message, long Queued, int Sent, int Deferred, int Scheduled,
    IReadOnlyDictionary<string, int> Skipped, IReadOnlyDictionary<string, int> Stopped, IReadOnlyDictionary<string, int> SentBy)
{
    public string Summary() => $"sent {Sent:N0}" + (SentBy.Count > 1 ? $" ({string.Join(", ", SentBy.Select(s => $"{s.Key} {s.Value:N0}"))})" : "")
        + $", waiting {Deferred:N0} (quiet hours, caps), next step scheduled for {Scheduled:N0}"
        + (Stopped.Count > 0 ? "; cascade ended: " + string.Join(", ", Stopped.Select(s => $"{s.Key} {s.Value:N0}")) : "")
        + (Skipped.Count > 0 ? "; a channel could not reach: " + string.Join(", ", Skipped.Select(s => $"{s.Key} {s.Value:N0}")) : "");
}

/// <summary>Campaign work run in this process instead of through the queue: the CLI and the demo.</summary>
static class CampaignInProcess
{
    public static async Task<CampaignRunReport> RunAsync(IServiceProvider services, Shop shop, Campaign campaign, string runKey, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<CampaignRunner>();
        var processor = services.GetRequiredService<CascadeStepProcessor>();
        var start = await runner.StartAsync(shop, campaign, runKey, cancellationToken: cancellationToken);
        var reports = await DrainAsync(services, shop.Id, processor, cancellationToken);
        return Sum(runKey, start.Started, start.Message, start.Queued, reports);
    }

    /// <summary>The timer's look for one shop, its released batches run here.</summary>
    public static async Task<CampaignRunReport> TickAsync(IServiceProvider services, Shop shop, CancellationToken cancellationToken)
    {
        var processor = services.GetRequiredService<CascadeStepProcessor>();
        var reports = new List<CascadeStepReport>();
        var tick = await services.GetRequiredService<CampaignScheduler>().TickAsync(shop, async (job, ct) => reports.Add(await processor.HandleAsync(job, ct)), cancellationToken);
        reports.AddRange(await DrainAsync(services, shop.Id, processor, cancellationToken));
        return Sum("", tick.RunsStarted > 0, $"{tick.RunsStarted} run(s) started, {tick.BatchesReleased} waiting batch(es) released", tick.CustomersQueued, reports);
    }

    /// <summary>This shop's queued campaign steps, run here; other shops' messages are left for their workers.</summary>
    static async Task<List<CascadeStepReport>> DrainAsync(IServiceProvider services, string shopId, CascadeStepProcessor processor, CancellationToken cancellationToken)
    {
        var clients = services.GetRequiredService<StorageClients>();
        var queue = clients.Queues.GetQueueClient(QueueNames.CampaignSteps);
        var reports = new List<CascadeStepReport>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), cancellationToken)).Value;
            var mine = 0;
            foreach (var message in batch)
            {
                var envelope = QueueEnvelope.Parse(message.MessageText);
                var job = await envelope.ReadBodyAsync<CampaignStepJob>(clients, cancellationToken);
                if (job.ShopId != shopId)
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                    continue;
                }
                mine++;
                reports.Add(await processor.HandleAsync(job, cancellationToken));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
            if (batch.Length == 0 || mine == 0)
            {
                return reports;
            }
        }
    }

    static CampaignRunReport Sum(string runKey, bool started, string message, long queued, IReadOnlyList<CascadeStepReport> reports)
    {
        static Dictionary<string, int> Add(IEnumerable<KeyValuePair<string, int>> counts) =>
            counts.GroupBy(c => c.Key).OrderByDescending(g => g.Sum(c => c.Value)).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));
        return new CampaignRunReport(runKey, started, message, queued, reports.Sum(r => r.Sent), reports.Sum(r => r.Deferred), reports.Sum(r => r.Scheduled),
            Add(reports.SelectMany(r => r.Skipped)), Add(reports.SelectMany(r => r.Stopped)),
            Add(reports.SelectMany(r => r.SentBy).Select(s => KeyValuePair.Create(CampaignOptions.Channel(s.Key), s.Value))));
    }
}

/// <summary>`hub campaigns tick`: the campaigns timer's look, now, in this process (local runs without the Functions host).</summary>
sealed class CampaignsTickCommand : AsyncCommand<SegmentsJsonSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsJsonSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var report = await CampaignInProcess.TickAsync(services, shop, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, HubJson.Indented));
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"{report.Message}; {report.Summary()}");
        }
        return ExitCodes.Ok;
    }
}

/// <summary>`hub campaigns stats`: results per step and channel, and with --out the funnel picture and page.</summary>
sealed class CampaignsStatsCommand : AsyncCommand<CampaignsStatsSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CampaignsStatsSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var campaign = await CampaignOptions.RequireAsync(services.GetRequiredService<CampaignStore>(), shop.Id, settings.Campaign, cancellationToken);
        var result = await services.GetRequiredService<CampaignResults>().ComputeAsync(shop.Id, campaign, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, HubJson.Indented));
        }
        else
        {
            CampaignResultTable.Write(campaign, result);
        }
        if (settings.Out is { } dir)
        {
            var files = await Reports.CampaignReportFiles.WriteAsync(campaign, result, dir, cancellationToken);
            if (!settings.Json)
            {
                AnsiConsole.MarkupLineInterpolated($"wrote {files.Html} and {files.FunnelPng}");
            }
        }
        return ExitCodes.Ok;
    }
}

/// <summary>The results as a marketer reads them (also the demo's).</summary>
static class CampaignResultTable
{
    public static void Write(Campaign campaign, CampaignResult r)
    {
        var perOrder = r.CostPerOrder is { } cpo ? $", {CampaignOptions.Money(cpo, r.Currency)} per order" : "";
        AnsiConsole.MarkupLineInterpolated($"Results of [bold]{campaign.Id}[/]: {r.Runs} run(s), {r.Customers:N0} customers; {r.Converted:N0} orders within the attribution window, revenue {CampaignOptions.Money(r.Revenue, r.Currency)}, cost {CampaignOptions.Money(r.Cost, r.Currency)}{perOrder}");
        var messages = new Table().AddColumns("step", "channel", "planned", "sent", "delivered", "opened/read", "clicked", "not sent (why)");
        var money = new Table().AddColumns("step", "channel", "converted", "revenue", "cost", "per order");
        foreach (var l in r.Lines)
        {
            var step = l.Step.ToString();
            var channel = CampaignOptions.Channel(l.Channel);
            messages.AddRow(step, channel, l.Planned.ToString("N0"), l.Sent.ToString("N0"), l.Delivered.ToString("N0"), Math.Max(l.Opened, l.Read).ToString("N0"), l.Clicked.ToString("N0"),
                Markup.Escape(string.Join(", ", l.Skipped.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}").Concat(l.Waiting > 0 ? [$"waiting {l.Waiting:N0}"] : []))));
            money.AddRow(step, channel, l.Converted.ToString("N0"), CampaignOptions.Money(l.Revenue, r.Currency), CampaignOptions.Money(l.Cost, r.Currency),
                l.CostPerOrder is { } p ? CampaignOptions.Money(p, r.Currency) : "–");
        }
        AnsiConsole.Write(messages);
        AnsiConsole.Write(money);
    }
}

/// <summary>`hub campaigns settings`: caps, quiet hours, prices and defaults, printed or changed from a file (checked before saving).</summary>
sealed class CampaignsSettingsCommand : AsyncCommand<CampaignsSettingsFileSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CampaignsSettingsFileSettings settings, CancellationToken cancellationToken)
    {
        if (settings.File is not null && !File.Exists(settings.File))
        {
            throw new BadInputException($"settings file '{settings.File}' does not exist");
        }
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var store = services.GetRequiredService<CampaignStore>();
        var current = await store.GetSettingsAsync(shop.Id, cancellationToken);
        if (settings.File is null)
        {
            Console.WriteLine(JsonSerializer.Serialize(current, HubJson.Indented));
            return ExitCodes.Ok;
        }
        var changed = SettingsFile.Read(settings.File, await File.ReadAllTextAsync(settings.File, cancellationToken), current);
        try
        {
            changed.CapRules();
            changed.Quiet();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new BadInputException($"settings file '{settings.File}': {e.Message}; nothing was saved");
        }
        if (changed.Prices.FirstOrDefault(p => p.Value < 0) is { Key: var channel, Value: < 0 })
        {
            throw new BadInputException($"settings file '{settings.File}': the price of {CampaignOptions.Channel(channel)} is negative; nothing was saved");
        }
        await store.SaveSettingsAsync(shop.Id, changed, cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(changed, HubJson.Indented));
        return ExitCodes.Ok;
    }
}
