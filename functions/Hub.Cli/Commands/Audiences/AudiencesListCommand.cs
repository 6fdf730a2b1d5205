using System.Text.Json;
using Hub.Audiences;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

/// <summary>`hub audiences list`: a shop's audiences with where they go, how often, and how the last sync ended.</summary>
sealed class AudiencesListCommand : AsyncCommand<SegmentsJsonSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsJsonSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var store = services.GetRequiredService<AudienceStore>();
        var rows = new List<(Audience Audience, AudienceSync? Last)>();
        await foreach (var audience in store.ListAsync(shop.Id, cancellationToken))
        {
            rows.Add((audience, (await store.HistoryAsync(shop.Id, audience.Id, 1, cancellationToken)).FirstOrDefault()));
        }
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
            {
                id = r.Audience.Id,
                segment = r.Audience.SegmentId,
                exclude = r.Audience.ExcludeSegmentId,
                system = r.Audience.System,
                purpose = r.Audience.Purpose,
                every = AudienceOptions.Every(r.Audience.RefreshEvery),
                consent = r.Audience.Consent,
                paused = r.Audience.Paused,
                remoteId = r.Audience.RemoteId,
                nextSyncAt = r.Audience.NextSyncAt,
                lastStatus = r.Last?.Status,
                lastUniqueContacts = r.Last?.UniqueContacts,
                lastMessage = r.Last?.Message,
            }), HubJson.Indented));
            return ExitCodes.Ok;
        }
        if (rows.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"Shop {shop.Id} has no audiences. `hub audiences add --shop {shop.Id} --id lapsed-seed --segment lapsed --system yandex` adds one.");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumn("id").AddColumn("segment").AddColumn("system").AddColumn("purpose").AddColumn("every")
            .AddColumn("remote id").AddColumn("last sync").AddColumn("next sync (UTC)");
        foreach (var (a, last) in rows)
        {
            table.AddRow(Markup.Escape(a.Id), Markup.Escape(a.SegmentId + (a.ExcludeSegmentId is null ? "" : " − " + a.ExcludeSegmentId)), a.System,
                AudienceOptions.Kebab(a.Purpose), AudienceOptions.Every(a.RefreshEvery) + (a.Paused ? " (paused)" : ""), Markup.Escape(a.RemoteId ?? ""),
                last is null ? "never" : $"{AudienceOptions.Kebab(last.Status)}, {last.UniqueContacts:N0} unique",
                a.Paused ? "" : a.NextSyncAt?.ToString("yyyy-MM-dd HH:mm") ?? "at the next look");
        }
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}
