using Hub.Segments;

namespace Hub.Cli.Reports;

/// <summary>
/// Writes the marketer-facing segments report for one shop into a directory: the RFM grid as a heat map
/// (<c>rfm-heatmap.png</c>), the size of every segment (<c>segment-sizes.png</c>) and one self-contained
/// page with both images and their numbers as tables (<c>segments.html</c>). An empty shop gets the same
/// three files in a "no data yet" state.
/// </summary>
internal static class SegmentReport
{
    public const string RfmHeatmapFile = "rfm-heatmap.png";
    public const string SegmentSizesFile = "segment-sizes.png";
    public const string HtmlFile = "segments.html";

    public static SegmentReportFiles Write(SegmentReportData data, string directory)
    {
        ArgumentNullException.ThrowIfNull(data);

        var grid = RfmMatrix.From(data.RfmGrid ?? []);
        var largestFirst = (data.Segments ?? [])
            .OrderByDescending(segment => segment.Members)
            .ThenBy(segment => segment.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(segment => segment.Id, StringComparer.Ordinal)
            .ToList();

        var heatmapPng = RfmHeatmapChart.RenderPng(grid, data.Currency);
        var sizesPng = SegmentSizesChart.RenderPng(largestFirst);
        var html = SegmentReportPage.Render(data, grid, largestFirst, heatmapPng, sizesPng);

        var full = ReportFolder.Create(directory);
        var files = new SegmentReportFiles(
            Path.Combine(full, RfmHeatmapFile), Path.Combine(full, SegmentSizesFile), Path.Combine(full, HtmlFile));
        File.WriteAllBytes(files.RfmHeatmapPng, heatmapPng);
        File.WriteAllBytes(files.SegmentSizesPng, sizesPng);
        File.WriteAllText(files.Html, html, ReportFolder.PageEncoding);
        return files;
    }
}
