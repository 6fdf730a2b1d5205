using System.ComponentModel;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class SegmentsDeleteSettings : SegmentsShopSettings
{
    [CommandOption("--segment <SEGMENT>")]
    [Description("The id of a custom segment.")]
    public string Segment { get; init; } = "";

    public override ValidationResult Validate() => base.Validate() is { Successful: false } shop ? shop : Required(Segment, "--segment");
}

/// <summary>
/// `hub segments delete`: removes a custom segment's definition and its member rows. Refuses built-in segments, and
/// custom segments another custom segment names in <c>inSegment</c> (the shop's stored rules would stop parsing).
/// </summary>
sealed class SegmentsDeleteCommand : AsyncCommand<SegmentsDeleteSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsDeleteSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        await services.GetRequiredService<SegmentDefinitionStore>().DeleteAsync(shop.Id, settings.Segment, cancellationToken);
        var removed = await services.GetRequiredService<SegmentEngine>().Members.RemoveSegmentAsync(shop.Id, settings.Segment, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Deleted segment [bold]{settings.Segment}[/] and its {removed:N0} membership(s).");
        return ExitCodes.Ok;
    }
}
