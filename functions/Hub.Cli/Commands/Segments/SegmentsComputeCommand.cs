using System.Globalization;
using System.Text.Json;
using Hub.Cli.Reports;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace Hub.Cli.Commands;

/// <summary>What `hub segments compute --json` prints.</summary>
sealed record SegmentComputeView(
    string RunId, int Customers, int Buyers, double LapsedAfterDays, LapsedBasis LapsedBasis,
    int Entered, int Left, int Writes, IReadOnlyList<SegmentRow> Segments);

/// <summary>
/// `hub segments compute`: a whole run in this process (learn the shop's figures, then every bucket), the same
/// computation the queue-driven run does across function instances.
/// </summary>
sealed class SegmentsComputeCommand : AsyncCommand<SegmentsJsonSettings>
{
    const int Parallelism = 4;

    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsJsonSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var engine = services.GetRequiredService<SegmentEngine>();
        SegmentRunResult run;
        if (settings.Json || Console.IsOutputRedirected)
        {
            run = await engine.ComputeAllAsync(shop.Id, Parallelism, cancellationToken: cancellationToken);
        }
        else
        {
            run = await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DoneOfColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var buckets = progress.AddTask("buckets computed", maxValue: Buckets.Count);
                    return await engine.ComputeAllAsync(shop.Id, Parallelism, new BucketProgress(buckets), cancellationToken);
                });
        }
        var (_, rows) = await SegmentSizes.ReadAsync(services.GetRequiredService<SegmentOverview>(), shop.Id, cancellationToken);
        var stats = run.Stats;
        if (settings.Json)
        {
            var view = new SegmentComputeView(stats.RunId, stats.Customers, stats.Buyers, Math.Round(stats.LapsedAfterDays, 1), stats.LapsedBasis,
                run.Entered, run.Left, run.Writes, rows);
            Console.WriteLine(JsonSerializer.Serialize(view, HubJson.Indented));
            return ExitCodes.Ok;
        }
        var settingsInForce = await services.GetRequiredService<SegmentDefinitionStore>().GetSettingsAsync(shop.Id, cancellationToken);
        AnsiConsole.MarkupLineInterpolated(
            $"Learned from [bold]{Count(stats.Customers)}[/] customers ([bold]{Count(stats.Buyers)}[/] buyers): lapsed after more than [bold]{stats.LapsedAfterDays.ToString("0.#", CultureInfo.InvariantCulture)}[/] days ({SegmentRuleExplanation.LapsedBasis(stats, settingsInForce)}); {Count(stats.Products.Count)} product and {Count(stats.Categories.Count)} category repurchase intervals.");
        AnsiConsole.MarkupLineInterpolated($"Changed: [green]{Count(run.Entered)}[/] entered, [red]{Count(run.Left)}[/] left, {Count(run.Writes)} rows written (run {stats.RunId}).");
        SegmentSizes.Render(rows, shop.Currency);
        return ExitCodes.Ok;
    }

    static string Count(int value) => ReportNumberFormat.Count(value);

    /// <summary>"12/64".</summary>
    sealed class DoneOfColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text($"{task.Value:0}/{task.MaxValue:0}");
    }

    /// <summary>Moves the bar as each bucket finishes (synchronously: <see cref="Progress{T}"/> would post after the run ends).</summary>
    sealed class BucketProgress(ProgressTask task) : IProgress<SegmentJobResult>
    {
        public void Report(SegmentJobResult value) => task.Increment(1);
    }
}
