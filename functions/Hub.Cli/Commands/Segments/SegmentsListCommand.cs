using System.Text.Json;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

/// <summary>`hub segments list`: every segment with its members and revenue, from the engine's summaries (no scan of members).</summary>
sealed class SegmentsListCommand : AsyncCommand<SegmentsJsonSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsJsonSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var (computed, rows) = await SegmentSizes.ReadAsync(services.GetRequiredService<SegmentOverview>(), shop.Id, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows, HubJson.Indented));
            return ExitCodes.Ok;
        }
        if (!computed)
        {
            SegmentSizes.HintNotComputed(shop.Id);
        }
        SegmentSizes.Render(rows, shop.Currency);
        return ExitCodes.Ok;
    }
}
