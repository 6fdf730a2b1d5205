using Hub.Cli.Reports;
using Hub.Segments;
using Spectre.Console;

namespace Hub.Cli.Commands;

/// <summary>
/// One row of `hub segments list` (and of `compute`'s segments): what scripts read from <c>--json</c>, so these property
/// names are a contract. <see cref="RevenueShare"/> is 0..1.
/// </summary>
sealed record SegmentRow(string Id, string Name, string Kind, int Members, decimal Revenue, double RevenueShare, string? Description)
{
    public static SegmentRow From(SegmentInfo s) => new(s.Id, s.Name, s.Kind, s.Members, s.Revenue, s.RevenueShare, s.Description);
}

/// <summary>The shop's segments and their sizes as the CLI lists them: built-ins in their canonical order, then custom ones by id.</summary>
static class SegmentSizes
{
    public static async Task<(bool Computed, IReadOnlyList<SegmentRow> Rows)> ReadAsync(SegmentOverview overview, string shopId, CancellationToken cancellationToken)
    {
        var (summary, segments) = await overview.ListAsync(shopId, cancellationToken);
        var rows = segments.Where(s => s.Kind != "custom")
            .Concat(segments.Where(s => s.Kind == "custom").OrderBy(s => s.Id, StringComparer.Ordinal))
            .Select(SegmentRow.From)
            .ToArray();
        return (summary is not null, rows);
    }

    /// <summary>The row of <paramref name="segmentId"/>, or bad input that says how to see the valid ids.</summary>
    public static SegmentRow Find(IReadOnlyList<SegmentRow> rows, string shopId, string segmentId)
    {
        if (rows.FirstOrDefault(r => r.Id == segmentId) is { } row)
        {
            return row;
        }
        var hint = NameSuggestion.Closest(segmentId, rows.Select(r => r.Id)) is { } close ? $"did you mean '{close}'? " : "";
        throw new BadInputException($"unknown segment '{segmentId}' in shop '{shopId}': it is neither built-in nor defined for this shop; {hint}run `hub segments list --shop {shopId}` to see the segment ids");
    }

    public static void Render(IReadOnlyList<SegmentRow> rows, string currency)
    {
        var table = new Table()
            .AddColumn(new TableColumn("id").NoWrap())
            .AddColumn("name")
            .AddColumn("kind")
            .AddColumn(new TableColumn("members").RightAligned())
            .AddColumn(new TableColumn($"revenue, {currency}").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned());
        foreach (var s in rows)
        {
            table.AddRow(
                Markup.Escape(s.Id), Markup.Escape(s.Name), s.Kind, ReportNumberFormat.Count(s.Members),
                ReportNumberFormat.Count((long)Math.Round(s.Revenue, MidpointRounding.AwayFromZero)), ReportNumberFormat.Share(s.RevenueShare));
        }
        AnsiConsole.Write(table);
    }

    public static void HintNotComputed(string shopId) =>
        AnsiConsole.MarkupLineInterpolated($"[yellow]Segments of shop {shopId} have not been computed yet:[/] run [bold]hub segments compute --shop {shopId}[/].");
}
