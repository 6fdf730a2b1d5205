using System.ComponentModel;
using System.Text.Json;
using Hub.Shops;
using Hub.Shops.Sync;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class SyncRunSettings : SegmentsJsonSettings
{
    [CommandOption("--resource <RESOURCE>")]
    [Description("customers | orders | carts. Default: every resource the platform has, one after another.")]
    public string? Resource { get; init; }

    [CommandOption("--full")]
    [Description("Read the whole history again from the beginning instead of from the stored cursor.")]
    public bool Full { get; init; }
}

/// <summary>
/// `hub sync run`: pulls now, in this process, page by page with progress — the same engine, cursors and ingestion as
/// the timer. Waits the platform asks for are slept through. Exit 4 when the platform refuses (the message says why).
/// </summary>
sealed class SyncRunCommand : AsyncCommand<SyncRunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SyncRunSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var source = services.GetRequiredService<PullSources>().Require(shop.Platform);
        var resources = settings.Resource is { } one ? [SyncOptions.Resource(one)] : source.Resources.Keys.ToArray();
        var engine = services.GetRequiredService<SyncEngine>();
        var results = new List<SyncPageResult>();
        foreach (var resource in resources)
        {
            var name = SyncStateStore.Name(resource);
            var result = await engine.RunToEndAsync(shop.Id, resource, settings.Full, page =>
            {
                if (settings.Json)
                {
                    return;
                }
                var s = page.State;
                var line = page.Outcome switch
                {
                    SyncPageOutcome.Next or SyncPageOutcome.Done when s is not null =>
                        $"{name}: page {s.RunPages}, {s.RunItems:N0}{(s.RunTotal is { } total ? $" of {total:N0}" : "")} items, {s.RunChanged:N0} changed" +
                        (page.Applied?.Rejected > 0 ? $", {page.Applied.Rejected} refused" : ""),
                    SyncPageOutcome.Throttled or SyncPageOutcome.Retrying => $"{name}: waiting {page.Wait?.TotalSeconds:0} s — {page.Message}",
                    SyncPageOutcome.Busy => $"{name}: another worker is reading this shop; waiting",
                    _ => $"{name}: {page.Message}",
                };
                AnsiConsole.WriteLine(line);
            }, cancellationToken);
            results.Add(result);
            if (!settings.Json)
            {
                AnsiConsole.MarkupLineInterpolated(result.Outcome switch
                {
                    SyncPageOutcome.Done => $"[green]{name}: done[/] — {result.State!.RunItems:N0} items read, {result.State.RunChanged:N0} changed, {result.State.RunRejected:N0} refused",
                    SyncPageOutcome.Busy => $"[yellow]{name}: {result.Message}[/] (use --full to restart it)",
                    _ => $"[red]{name}: {result.Outcome.ToString().ToLowerInvariant()}[/] — {result.Message}",
                });
                if (result.State?.LastRejection is { } rejection && result.State.RunRejected > 0)
                {
                    AnsiConsole.MarkupLineInterpolated($"  last refused: {rejection}");
                }
            }
        }
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(results.Select(r => SyncOptions.Json(r.State, r.Outcome.ToString().ToLowerInvariant(), r.Message)), HubJson.Indented));
        }
        return results.Any(r => r.Outcome == SyncPageOutcome.Failed) ? ExitCodes.Remote
            : results.Any(r => r.Outcome != SyncPageOutcome.Done) ? ExitCodes.Failure : ExitCodes.Ok;
    }
}

/// <summary>`hub sync status`: every pull of a shop — where it stands, its cursor, last run, items and errors.</summary>
sealed class SyncStatusCommand : AsyncCommand<SegmentsJsonSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsJsonSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var states = (await services.GetRequiredService<SyncStateStore>().ListAsync(shop.Id, cancellationToken))
            .Where(s => s.Platform == shop.Platform).OrderBy(s => s.Resource).ToList();
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(states.Select(s => SyncOptions.Json(s, null, null)), HubJson.Indented));
            return ExitCodes.Ok;
        }
        if (states.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"Shop {shop.Id} ({shop.Platform}) has never been pulled. `hub sync run --shop {shop.Id}` pulls now; the timer starts a backfill once the shop has an API URL.");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("resource", "status", "run", "items", "pages", "last page (UTC)", "next run (UTC)", "cursor", "errors");
        foreach (var s in states)
        {
            table.AddRow(
                SyncStateStore.Name(s.Resource),
                s.Status switch
                {
                    SyncStatus.Failed => "[red]failed[/]",
                    SyncStatus.Waiting => $"[yellow]waiting[/] until {s.RetryAt:HH:mm:ss}",
                    _ => s.Status.ToString().ToLowerInvariant(),
                },
                s.Backfill ? (s.BackfillCompletedAt is null || s.InRun ? "backfill" : "backfill, done") : "incremental",
                $"{s.RunItems:N0}{(s.RunTotal is { } total ? $" / {total:N0}" : "")}",
                s.RunPages.ToString("N0"),
                s.LastPageAt?.ToString("yyyy-MM-dd HH:mm") ?? "",
                s.InRun ? "" : s.NextRunAt?.ToString("yyyy-MM-dd HH:mm") ?? "",
                Markup.Escape(SyncOptions.Short(s.Cursor)),
                s.LastError is null ? s.Errors.ToString() : Markup.Escape($"{s.Errors}: {s.LastError}"));
        }
        AnsiConsole.Write(table);
        foreach (var s in states.Where(s => s.RunRejected > 0 && s.LastRejection is not null))
        {
            AnsiConsole.MarkupLineInterpolated($"{SyncStateStore.Name(s.Resource)}: {s.RunRejected:N0} refused in the last run; last: {s.LastRejection}");
        }
        return ExitCodes.Ok;
    }
}

static class SyncOptions
{
    public static SyncResource Resource(string value) => Enum.TryParse<SyncResource>(value, ignoreCase: true, out var resource) && !int.TryParse(value, out _)
        ? resource
        : throw new BadInputException($"--resource '{value}' is not one of: customers, orders, carts");

    public static string Short(string? cursor) => cursor is null ? "(start)" : cursor.Length > 40 ? cursor[..37] + "…" : cursor;

    public static object? Json(SyncState? s, string? outcome, string? message) => s is null ? new { outcome, message } : new
    {
        resource = SyncStateStore.Name(s.Resource),
        status = s.Status,
        outcome,
        message,
        backfill = s.Backfill,
        backfillCompletedAt = s.BackfillCompletedAt,
        cursor = s.Cursor,
        runStartedAt = s.RunStartedAt,
        lastPageAt = s.LastPageAt,
        lastRunEndedAt = s.LastRunEndedAt,
        nextRunAt = s.NextRunAt,
        retryAt = s.RetryAt,
        items = s.RunItems,
        total = s.RunTotal,
        pages = s.RunPages,
        changed = s.RunChanged,
        rejected = s.RunRejected,
        allItems = s.AllItems,
        errors = s.Errors,
        lastError = s.LastError,
        lastRejection = s.LastRejection,
    };
}
