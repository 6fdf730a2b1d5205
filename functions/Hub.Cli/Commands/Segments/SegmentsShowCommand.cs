using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Cli.Reports;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

/// <summary>What `hub segments show --json` prints: <see cref="Rule"/> for custom segments, <see cref="Explanation"/> for built-ins.</summary>
sealed record SegmentShowView(
    string Id, string Name, string Kind, int Members, decimal Revenue, double RevenueShare, string? Description,
    string? Explanation, JsonNode? Rule);

/// <summary>`hub segments show`: one segment, its size and what puts a customer in it.</summary>
sealed class SegmentsShowCommand : AsyncCommand<SegmentsOneSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsOneSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var (_, rows) = await SegmentSizes.ReadAsync(services.GetRequiredService<SegmentOverview>(), shop.Id, cancellationToken);
        var row = SegmentSizes.Find(rows, shop.Id, settings.Segment);
        var definitions = services.GetRequiredService<SegmentDefinitionStore>();
        string? explanation = null;
        JsonNode? rule = null;
        if (SegmentIds.IsBuiltIn(row.Id))
        {
            var segmentSettings = await definitions.GetSettingsAsync(shop.Id, cancellationToken);
            var stats = await services.GetRequiredService<SegmentEngine>().Stats.GetAsync(shop.Id, cancellationToken);
            explanation = SegmentRuleExplanation.Of(row.Id, segmentSettings, stats);
        }
        else
        {
            var definition = (await definitions.ListAsync(shop.Id, cancellationToken)).Single(d => d.Id == row.Id);
            rule = JsonNode.Parse(definition.RuleJson);
        }
        var view = new SegmentShowView(row.Id, row.Name, row.Kind, row.Members, row.Revenue, row.RevenueShare, row.Description, explanation, rule);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(view, HubJson.Indented));
            return ExitCodes.Ok;
        }
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
        Row("id", view.Id);
        Row("name", view.Name);
        Row("kind", view.Kind);
        Row("members", ReportNumberFormat.Count(view.Members));
        Row("revenue", $"{ReportNumberFormat.Money(view.Revenue, shop.Currency)} ({ReportNumberFormat.Share(view.RevenueShare)} of the shop's)");
        if (view.Description is not null)
        {
            Row("description", view.Description);
        }
        if (view.Explanation is not null)
        {
            Row("rule", view.Explanation);
        }
        AnsiConsole.Write(grid);
        if (view.Rule is not null)
        {
            AnsiConsole.Write(new Text(view.Rule.ToJsonString(HubJson.Indented) + Environment.NewLine));
        }
        return ExitCodes.Ok;
    }
}
