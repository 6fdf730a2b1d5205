using Hub.Segments;
using ScottPlot;

namespace Hub.Cli.Reports;

/// <summary>
/// Members per segment as horizontal bars, largest on top, each labelled with its member count and
/// its share of the shop's revenue.
/// </summary>
internal static class SegmentSizesChart
{
    const int Width = 960;
    const int RowHeight = 34;
    const int MaxNameLength = 36;
    static readonly Color BarColour = Color.FromHex("#2171b5");

    /// <param name="largestFirst">segments in the order the report lists them, largest first</param>
    public static byte[] RenderPng(IReadOnlyList<SegmentSize> largestFirst)
    {
        ReportFont.EnsureRegistered();
        using var plot = new Plot();
        if (largestFirst.Count == 0)
            return RenderNoData(plot);

        var count = largestFirst.Count;
        var bars = new List<Bar>(count);
        var positions = new double[count];
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            var segment = largestFirst[i];
            positions[i] = count - 1 - i;
            names[i] = Shorten(segment.Name);
            bars.Add(new Bar
            {
                Position = positions[i],
                Value = segment.Members,
                Size = 0.7,
                FillColor = BarColour,
                LineWidth = 0,
                Label = $"{ReportNumberFormat.Count(segment.Members)} · {ReportNumberFormat.Share(segment.RevenueShare)} of revenue",
            });
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 13;
        ReportFont.Use(barPlot.ValueLabelStyle);

        var largest = Math.Max(1, largestFirst.Max(segment => segment.Members));
        plot.Axes.Left.SetTicks(positions, names);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickGenerator = CountTicks.Create();
        plot.Axes.Right.MinimumSize = 24; // room for the last tick label of the bottom axis
        // Room on the right of the longest bar for its label.
        plot.Axes.SetLimits(0, largest * 1.45, -0.6, count - 0.4);
        plot.Grid.YAxisStyle.IsVisible = false;
        plot.XLabel("Members");
        plot.Title("Segment sizes: members and share of revenue");
        ReportFont.ApplyTo(plot);
        return plot.GetImageBytes(Width, 150 + RowHeight * count, ImageFormat.Png);
    }

    static byte[] RenderNoData(Plot plot)
    {
        var text = plot.Add.Text("No segments yet", 0, 0);
        text.Alignment = Alignment.MiddleCenter;
        text.LabelFontSize = 28;
        text.LabelFontColor = Colors.Gray;
        ReportFont.Use(text.LabelStyle);
        plot.HideAxesAndGrid();
        plot.Axes.SetLimits(-1, 1, -1, 1);
        plot.Title("Segment sizes: no data yet");
        ReportFont.ApplyTo(plot);
        return plot.GetImageBytes(Width, 300, ImageFormat.Png);
    }

    static string Shorten(string name)
    {
        if (name.Length <= MaxNameLength)
            return name;
        var cut = MaxNameLength - 1;
        if (char.IsHighSurrogate(name[cut - 1]))
            cut--;
        return string.Concat(name.AsSpan(0, cut), "…");
    }
}
