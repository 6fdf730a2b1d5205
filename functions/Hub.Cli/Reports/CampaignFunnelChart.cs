using ScottPlot;
using SkiaSharp;

namespace Hub.Cli.Reports;

/// <summary>
/// A campaign's funnels as one PNG: a panel per channel (two panels a row from two channels on), each with a bar per
/// stage in the channel's colour, planned on top, labelled with its count and its share of the stage before. Each
/// panel has its own scale, so a channel of hundreds reads as well next to one of millions.
/// </summary>
internal static class CampaignFunnelChart
{
    const int SinglePanelWidth = 960;
    const int PanelWidth = 600;
    const int PanelHeight = 290;
    const int HeaderHeight = 70;
    const int Margin = 20;
    /// <summary>The longest bar takes this share of a panel's data area; the rest is room for its label.</summary>
    const double LongestBar = 1 / 1.6;
    /// <summary>A stage of a few among millions still shows a sliver of a bar (about 3 pixels): zero is no bar at all.</summary>
    const double ShortestBar = 0.01;

    public static byte[] RenderPng(string campaignName, IReadOnlyList<ChannelFunnel> funnels)
    {
        ArgumentNullException.ThrowIfNull(funnels);
        ReportFont.EnsureRegistered();
        var columns = funnels.Count <= 1 ? 1 : 2;
        var rows = Math.Max(1, (funnels.Count + columns - 1) / columns);
        var panelWidth = columns == 1 ? SinglePanelWidth : PanelWidth;
        var width = columns * panelWidth;
        var height = HeaderHeight + rows * PanelHeight + Margin / 2;
        var nothingSent = funnels.Sum(funnel => funnel.Stages[1].Count) == 0;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Could not create a {width}×{height} image.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        DrawHeader(canvas, width, campaignName, nothingSent, empty: funnels.Count == 0);

        if (funnels.Count == 0)
            DrawNothingSent(canvas, width, HeaderHeight + PanelHeight / 2);
        for (var i = 0; i < funnels.Count; i++)
        {
            var left = i % columns * panelWidth;
            var top = HeaderHeight + i / columns * PanelHeight;
            // A plot clears the whole canvas it renders on: each panel is drawn on its own, then placed.
            using var panel = Panel(funnels[i]);
            using var panelSurface = SKSurface.Create(new SKImageInfo(panelWidth, PanelHeight, SKColorType.Rgba8888, SKAlphaType.Premul))
                ?? throw new InvalidOperationException($"Could not create a {panelWidth}×{PanelHeight} image.");
            panel.Render(panelSurface.Canvas, panelWidth, PanelHeight);
            using var panelImage = panelSurface.Snapshot();
            canvas.DrawImage(panelImage, left, top);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    static Plot Panel(ChannelFunnel funnel)
    {
        var plot = new Plot();
        var colour = Color.FromHex(ChannelPalette.Hex(funnel.Channel));
        var stages = funnel.Stages.Count;
        var positions = new double[stages];
        var names = new string[stages];
        var bars = new List<Bar>(stages);
        var longest = Math.Max(1, funnel.Stages.Max(stage => stage.Count));
        for (var stage = 0; stage < stages; stage++)
        {
            positions[stage] = stages - 1 - stage; // planned on top
            names[stage] = funnel.Stages[stage].Name;
            bars.Add(new Bar
            {
                Position = positions[stage],
                Value = funnel.Stages[stage].Count is > 0 and var count ? Math.Max(count, longest * ShortestBar) : 0,
                Size = 0.72,
                FillColor = colour,
                LineWidth = 0,
                Label = funnel.Label(stage),
            });
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 14;
        ReportFont.Use(barPlot.ValueLabelStyle);

        plot.Axes.Left.SetTicks(positions, names);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Bottom.IsVisible = false;
        plot.Axes.Top.IsVisible = false;
        plot.Axes.Right.IsVisible = false;
        plot.Axes.SetLimits(0, longest / LongestBar, -0.6, stages - 0.4);
        plot.HideGrid();
        plot.Title(funnel.Title);
        plot.Axes.Title.Label.FontSize = 17;
        ReportFont.ApplyTo(plot);
        return plot;
    }

    static void DrawHeader(SKCanvas canvas, int width, string campaignName, bool nothingSent, bool empty)
    {
        using var bold = ReportFont.Typeface(bold: true);
        using var regular = ReportFont.Typeface(bold: false);
        using var titleFont = new SKFont(bold, 21);
        using var noteFont = new SKFont(regular, 14);
        using var ink = new SKPaint { Color = new SKColor(0x1b, 0x1f, 0x24), IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x57, 0x60, 0x6a), IsAntialias = true };
        var title = $"{campaignName}: {(nothingSent ? "nothing sent yet" : "funnel per channel")}";
        canvas.DrawText(Fit(title, titleFont, width - 2 * Margin), Margin, 32, SKTextAlign.Left, titleFont, ink);
        var note = empty
            ? "No message of this campaign has been planned yet"
            : "Messages at each stage (orders for Converted) and their share of the stage before";
        canvas.DrawText(note, Margin, 56, SKTextAlign.Left, noteFont, grey);
    }

    static void DrawNothingSent(SKCanvas canvas, int width, float middle)
    {
        using var regular = ReportFont.Typeface(bold: false);
        using var font = new SKFont(regular, 28);
        using var grey = new SKPaint { Color = new SKColor(0x80, 0x80, 0x80), IsAntialias = true };
        canvas.DrawText("Nothing sent yet", width / 2f, middle, SKTextAlign.Center, font, grey);
    }

    /// <summary>The text, cut with an ellipsis where it would run past <paramref name="maxWidth"/> pixels.</summary>
    static string Fit(string text, SKFont font, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth)
            return text;
        var cut = text.Length;
        while (cut > 1 && font.MeasureText(string.Concat(text.AsSpan(0, cut), "…")) > maxWidth)
            cut--;
        if (char.IsHighSurrogate(text[cut - 1]))
            cut--;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
