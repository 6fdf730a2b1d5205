using System.ComponentModel;
using Hub.Cli.Reports;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class SegmentsReportSettings : SegmentsShopSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Directory for rfm-heatmap.png, segment-sizes.png and segments.html (created when missing; files in it are replaced).")]
    public string Out { get; init; } = "";

    public override ValidationResult Validate() => base.Validate() is { Successful: false } shop ? shop : Required(Out, "--out");
}

/// <summary>`hub segments report`: the marketer-facing report of the last compute, as two images and one HTML page.</summary>
sealed class SegmentsReportCommand : AsyncCommand<SegmentsReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsReportSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var data = await services.GetRequiredService<SegmentOverview>().ReportAsync(shop.Id, cancellationToken);
        if (data.ComputedAt == default)
        {
            SegmentSizes.HintNotComputed(shop.Id);
        }
        var files = SegmentReport.Write(data, settings.Out);
        Console.WriteLine(files.RfmHeatmapPng);
        Console.WriteLine(files.SegmentSizesPng);
        Console.WriteLine(files.Html);
        return ExitCodes.Ok;
    }
}
