using System.ComponentModel;
using System.Text.Json;
using Hub.Audiences;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class AudiencesPushSettings : AudienceOneSettings
{
    [CommandOption("--force")]
    [Description("Upload even when the file is the one the ad system already has.")]
    public bool Force { get; init; }
}

/// <summary>`hub audiences push`: the sync the timer would run, now. Exit 3 when too small, 4 when the ad system refused or is over quota.</summary>
sealed class AudiencesPushCommand : AsyncCommand<AudiencesPushSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AudiencesPushSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var sync = await services.GetRequiredService<AudiencePublisher>().SyncAsync(shop.Id, settings.Audience, settings.Force, cancellationToken)
            ?? throw new BadInputException($"audience '{settings.Audience}' is being synced right now by another worker; try again in a few minutes");
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(sync, HubJson.Indented));
        }
        else
        {
            AudienceHistory.Render([sync]);
            AudienceReport.Excluded(sync.Excluded);
        }
        return sync.Status switch
        {
            AudienceSyncStatus.TooSmall => Fail(ExitCodes.TooSmall, sync),
            AudienceSyncStatus.Error or AudienceSyncStatus.Deferred or AudienceSyncStatus.Failed => Fail(ExitCodes.Remote, sync),
            _ => ExitCodes.Ok,
        };
    }

    static int Fail(int code, AudienceSync sync)
    {
        Console.Error.WriteLine($"{AudienceOptions.Kebab(sync.Status)}: {sync.Message}");
        return code;
    }
}

sealed class AudiencesStatusSettings : SegmentsJsonSettings
{
    [CommandOption("--audience <ID>")]
    [Description("Only this audience.")]
    public string? Audience { get; init; }

    [CommandOption("--poll")]
    [Description("Ask the ad system about pending uploads first.")]
    public bool Poll { get; init; }

    [CommandOption("--limit <N>")]
    [Description("Syncs shown per audience, newest first.")]
    [DefaultValue(5)]
    public int Limit { get; init; } = 5;
}

/// <summary>`hub audiences status`: the latest syncs of a shop's audiences, newest first.</summary>
sealed class AudiencesStatusCommand : AsyncCommand<AudiencesStatusSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AudiencesStatusSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var store = services.GetRequiredService<AudienceStore>();
        var audiences = await store.ListAsync(shop.Id, cancellationToken).Where(a => settings.Audience is null || a.Id == settings.Audience).ToListAsync(cancellationToken);
        if (settings.Audience is not null && audiences.Count == 0)
        {
            throw new BadInputException($"shop '{shop.Id}' has no audience '{settings.Audience}'; `hub audiences list --shop {shop.Id}` shows its audiences");
        }
        if (settings.Poll)
        {
            foreach (var audience in audiences.Where(a => a.PendingSyncId is not null))
            {
                await services.GetRequiredService<AudiencePublisher>().PollAsync(shop.Id, audience.Id, cancellationToken);
            }
        }
        var history = new List<AudienceSync>();
        foreach (var audience in audiences)
        {
            history.AddRange(await store.HistoryAsync(shop.Id, audience.Id, Math.Max(1, settings.Limit), cancellationToken));
        }
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(history, HubJson.Indented));
        }
        else if (history.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"No syncs yet. `hub audiences push --shop {shop.Id} --audience ID` runs one now.");
        }
        else
        {
            AudienceHistory.Render(history);
        }
        return ExitCodes.Ok;
    }
}

static class AudienceHistory
{
    public static void Render(IEnumerable<AudienceSync> syncs)
    {
        var table = new Table()
            .AddColumn("audience").AddColumn("started (UTC)").AddColumn("status")
            .AddColumn(new TableColumn("members").RightAligned()).AddColumn(new TableColumn("unique").RightAligned()).AddColumn(new TableColumn("matched").RightAligned())
            .AddColumn("remote id").AddColumn("message");
        foreach (var s in syncs)
        {
            table.AddRow(Markup.Escape(s.AudienceId), $"{s.StartedAt:yyyy-MM-dd HH:mm}", AudienceOptions.Kebab(s.Status), $"{s.Members:N0}", $"{s.UniqueContacts:N0}",
                s.Matched?.ToString("N0") ?? "", Markup.Escape(s.RemoteId ?? ""), Markup.Escape(s.Message));
        }
        AnsiConsole.Write(table);
    }
}
