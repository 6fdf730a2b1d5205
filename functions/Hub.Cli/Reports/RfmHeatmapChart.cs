using ScottPlot;

namespace Hub.Cli.Reports;

/// <summary>
/// The RFM grid as a 5×5 heat map: Frequency score 1→5 across, Recency score 1→5 up (5 on top),
/// coloured by customers, each cell labelled with its customers, revenue and RFM segment name.
/// </summary>
internal static class RfmHeatmapChart
{
    const int Width = 960;
    const int Height = 780;
    static readonly double[] ScoreTicks = [1, 2, 3, 4, 5];
    static readonly string[] ScoreLabels = ["1", "2", "3", "4", "5"];
    static readonly Color CellEdge = Color.FromHex("#d0d7de");

    public static byte[] RenderPng(RfmMatrix grid, string currency)
    {
        ReportFont.EnsureRegistered();
        using var plot = new Plot();
        var empty = grid.TotalCustomers == 0;
        var colormap = new ScottPlot.Colormaps.Blues().Reversed(); // white for none, dark blue for the most
        var max = Math.Max(1, grid.MaxCustomers);

        // Row 0 of the intensities is drawn at the top: it holds Recency 5.
        var intensities = new double[RfmMatrix.Scores, RfmMatrix.Scores];
        for (var recency = 1; recency <= RfmMatrix.Scores; recency++)
            for (var frequency = 1; frequency <= RfmMatrix.Scores; frequency++)
                intensities[RfmMatrix.Scores - recency, frequency - 1] = grid.Customers(recency, frequency);
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = new ScottPlot.Range(0, max);
        // The extent runs through the centres of the corner cells: scores sit at whole coordinates.
        heatmap.Extent = new CoordinateRect(1, RfmMatrix.Scores, 1, RfmMatrix.Scores);
        if (!empty)
        {
            var colorBar = plot.Add.ColorBar(heatmap);
            colorBar.Label = "Customers";
            colorBar.Axis.TickGenerator = CountTicks.Create();
            ReportFont.Use(colorBar.LabelStyle);
            ReportFont.Use(colorBar.Axis.TickLabelStyle);
        }
        for (var edge = 1.5; edge < RfmMatrix.Scores; edge++)
        {
            plot.Add.VerticalLine(edge, 1, CellEdge);
            plot.Add.HorizontalLine(edge, 1, CellEdge);
        }

        for (var recency = 1; recency <= RfmMatrix.Scores; recency++)
            for (var frequency = 1; frequency <= RfmMatrix.Scores; frequency++)
            {
                var customers = grid.Customers(recency, frequency);
                var ink = InkOn(colormap.GetColor((double)customers / max));
                AddLabel(plot, frequency, recency, -18, ReportNumberFormat.Count(customers), 22, bold: true, ink);
                AddLabel(plot, frequency, recency, 10, ReportNumberFormat.CompactMoney(grid.Revenue(recency, frequency), currency), 14, bold: false, ink);
                AddLabel(plot, frequency, recency, 34, Hub.Segments.RfmGrid.NameOf(recency, frequency).ToLowerInvariant(), 11, bold: false, ink.WithAlpha(.75));
            }

        plot.Axes.Bottom.SetTicks(ScoreTicks, ScoreLabels);
        plot.Axes.Left.SetTicks(ScoreTicks, ScoreLabels);
        plot.Axes.SetLimits(0.5, RfmMatrix.Scores + 0.5, 0.5, RfmMatrix.Scores + 0.5);
        plot.HideGrid();
        plot.XLabel("Frequency score (5 = most orders)");
        plot.YLabel("Recency score (5 = most recent)");
        plot.Title(empty ? "RFM grid: no data yet" : "RFM grid: customers and revenue by recency × frequency");
        ReportFont.ApplyTo(plot);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    static void AddLabel(Plot plot, int frequency, int recency, float offsetY, string text, float size, bool bold, Color ink)
    {
        var label = plot.Add.Text(text, frequency, recency);
        label.Alignment = Alignment.MiddleCenter;
        label.OffsetY = offsetY;
        label.LabelFontSize = size;
        label.LabelBold = bold;
        label.LabelFontColor = ink;
        ReportFont.Use(label.LabelStyle);
    }

    /// <summary>Black text on light cells, white on dark ones.</summary>
    static Color InkOn(Color fill)
    {
        var luminance = (0.2126 * fill.R + 0.7152 * fill.G + 0.0722 * fill.B) / 255;
        return luminance > 0.55 ? Colors.Black : Colors.White;
    }
}
