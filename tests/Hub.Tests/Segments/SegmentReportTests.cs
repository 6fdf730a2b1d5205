using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Hub.Cli.Reports;
using Hub.Segments;
using SkiaSharp;

namespace Hub.Tests.Segments;

/// <summary>
/// The marketer-facing segments report (`hub segments report`): what a marketer sees when they open
/// the folder it wrote. No storage is involved: the report renders what the segment engine computed.
/// </summary>
public sealed class SegmentReportTests : IDisposable
{
    const string Thin = "\u202F"; // the narrow no-break space that groups thousands in the report

    readonly string folder = Directory.CreateTempSubdirectory("hub-segment-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly SegmentReportData LensShop = new(
        ShopId: "lenses",
        ShopName: "<Lenses & Co>",
        Currency: "RUB",
        ComputedAt: new DateTimeOffset(2025, 6, 1, 9, 30, 0, TimeSpan.Zero),
        Customers: 5_000,
        Revenue: 12_345_678.90m,
        RfmGrid:
        [
            // Recent, frequent buyers are by far the biggest cell; R1 F1 (lost) stays empty: omitted.
            new RfmCell(5, 5, 1_650, 4_560_000m),
            new RfmCell(5, 4, 420, 1_100_000m),
            new RfmCell(5, 1, 320, 912_345m),
            new RfmCell(4, 2, 260, 455_000m),
            new RfmCell(3, 3, 180, 270_500m),
            new RfmCell(2, 5, 40, 380_000m),
            new RfmCell(1, 3, 12, 9_999m),
        ],
        Segments:
        [
            new SegmentSize("leads", "Leads", 1_234, 0m, 0.0),
            new SegmentSize("one-time", "One-time buyers", 540, 2_000_000m, 0.162),
            new SegmentSize("repeat", "Repeat buyers", 226, 10_345_678.90m, 0.838),
            new SegmentSize("rfm-champions", "Champions", 150, 4_560_000m, 0.3694),
            new SegmentSize("birthday-soon", "Birthday in the next 7 days", 12, 98_000m, 0.0079),
            new SegmentSize("vip-gold", "VIP <b>\"gold\"</b> & friends", 7, 1_500_000m, 0.1216),
            new SegmentSize("acuvue-buyers", "Покупатели линз Acuvue", 3_456, 5_090_000m, 0.4123),
            new SegmentSize("tiny", "Tiny share", 1, 10m, 0.0000008),
        ]);

    static readonly SegmentReportData EmptyShop = new("new-shop", null, "EUR",
        new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(3)), 0, 0m, [], []);

    [Fact]
    public void Write_puts_the_heat_map_the_sizes_chart_and_the_page_in_the_folder()
    {
        var target = Path.Combine(folder, "report"); // not there yet: the report creates it

        var files = SegmentReport.Write(LensShop, target);

        Assert.Equal(Path.Combine(target, "rfm-heatmap.png"), files.RfmHeatmapPng);
        Assert.Equal(Path.Combine(target, "segment-sizes.png"), files.SegmentSizesPng);
        Assert.Equal(Path.Combine(target, "segments.html"), files.Html);
        Assert.True(File.Exists(files.RfmHeatmapPng));
        Assert.True(File.Exists(files.SegmentSizesPng));
        Assert.True(File.Exists(files.Html));
    }

    [Fact]
    public void Images_are_pngs_of_a_readable_size_with_something_drawn_on_them()
    {
        var files = SegmentReport.Write(LensShop, folder);

        var (heatmapWidth, heatmapHeight) = AssertPng(File.ReadAllBytes(files.RfmHeatmapPng));
        Assert.InRange(heatmapWidth, 600, 2000);
        Assert.InRange(heatmapHeight, 500, 2000);
        var (sizesWidth, sizesHeight) = AssertPng(File.ReadAllBytes(files.SegmentSizesPng));
        Assert.InRange(sizesWidth, 600, 2000);
        Assert.InRange(sizesHeight, 8 * 20, 3000); // a row per segment
        AssertNotBlank(files.RfmHeatmapPng, minimumColours: 20);
        AssertNotBlank(files.SegmentSizesPng, minimumColours: 10);
    }

    [Fact]
    public void Images_do_not_depend_on_fonts_that_other_plots_in_the_process_chose()
    {
        // ScottPlot's font defaults are process-wide, and its own plot.Font.Set changes them for
        // every label created afterwards: the report must look the same whatever ran before it.
        var before = SegmentReport.Write(LensShop, Path.Combine(folder, "before"));
        var (family, typeface) = (ScottPlot.Fonts.Default, ScottPlot.Fonts.DefaultFontStyle);
        SegmentReportFiles after;
        try
        {
            ScottPlot.Fonts.Default = "DejaVu Serif";
            ScottPlot.Fonts.DefaultFontStyle = ReportFont.Typeface(bold: false);
            after = SegmentReport.Write(LensShop, Path.Combine(folder, "after"));
        }
        finally
        {
            (ScottPlot.Fonts.Default, ScottPlot.Fonts.DefaultFontStyle) = (family, typeface);
        }

        Assert.Equal(File.ReadAllBytes(before.RfmHeatmapPng), File.ReadAllBytes(after.RfmHeatmapPng));
        Assert.Equal(File.ReadAllBytes(before.SegmentSizesPng), File.ReadAllBytes(after.SegmentSizesPng));
    }

    [Fact]
    public void Heat_map_has_recency_5_on_top_and_frequency_5_on_the_right_darkest_where_most_customers_are()
    {
        var files = SegmentReport.Write(LensShop, folder);

        // R5 F5 holds most customers: the darkest blue of the grid is in the top right of the plot,
        // and R1 F1 (empty) in the bottom left is the lightest.
        using var image = SKBitmap.Decode(files.RfmHeatmapPng);
        var (darkX, darkY) = CentreOf(image, pixel => pixel.Blue >= pixel.Red + 40 && pixel.Red + pixel.Green < 120);
        var plotRight = image.Width * 0.85; // the colour bar sits to the right of the grid
        Assert.InRange(darkX, plotRight * 0.6, plotRight);
        Assert.InRange(darkY, 0, image.Height * 0.35);
    }

    [Fact]
    public void Page_lists_every_segment_with_its_members_and_revenue_share_as_displayed()
    {
        var html = File.ReadAllText(SegmentReport.Write(LensShop, folder).Html);

        (string Id, string Members, string Share)[] expected =
        [
            ("acuvue-buyers", $"3{Thin}456", "41.2%"),
            ("leads", $"1{Thin}234", "0.0%"),
            ("one-time", "540", "16.2%"),
            ("repeat", "226", "83.8%"),
            ("rfm-champions", "150", "36.9%"),
            ("birthday-soon", "12", "0.8%"),
            ("vip-gold", "7", "12.2%"),
            ("tiny", "1", "<0.1%"),
        ];
        foreach (var (id, members, share) in expected)
        {
            var row = RowOf(html, id);
            Assert.Contains($">{members}<", row);
            Assert.Contains($">{System.Net.WebUtility.HtmlEncode(share)}<", row);
        }
        Assert.Contains($">10{Thin}345{Thin}679 RUB<", RowOf(html, "repeat"));
        Assert.Contains("Покупатели линз Acuvue", RowOf(html, "acuvue-buyers"));

        // Largest first, as in the chart.
        var order = expected.Select(segment => html.IndexOf($"<code>{segment.Id}</code>", StringComparison.Ordinal)).ToList();
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void Page_shows_the_headline_numbers_and_the_rfm_grid_as_a_table()
    {
        var html = File.ReadAllText(SegmentReport.Write(LensShop, folder).Html);

        Assert.Contains($"<b>5{Thin}000</b>customers", html);
        Assert.Contains($"<b>12{Thin}345{Thin}679 RUB</b>revenue", html);
        Assert.Contains("2025-06-01 09:30 UTC", html);
        var rfmTable = Regex.Match(html, "<table class=\"rfm\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains($"<b>1{Thin}650</b><br>4{Thin}560{Thin}000 RUB<br><small>champions</small>", rfmTable);
        Assert.Contains("<b>0</b><br>0 RUB<br><small>lost</small>", rfmTable); // the omitted cell reads zero
        Assert.Contains("can&#39;t lose", rfmTable);
        // R5 is the first row, as in the heat map.
        Assert.True(rfmTable.IndexOf("champions", StringComparison.Ordinal) < rfmTable.IndexOf("lost", StringComparison.Ordinal));
    }

    [Fact]
    public void Page_encodes_names_that_users_typed()
    {
        var html = File.ReadAllText(SegmentReport.Write(LensShop, folder).Html);

        Assert.Contains("&lt;Lenses &amp; Co&gt; (lenses)", html);
        Assert.DoesNotContain("<Lenses", html);
        Assert.Contains("VIP &lt;b&gt;&quot;gold&quot;&lt;/b&gt; &amp; friends", html);
        Assert.DoesNotContain("<b>\"gold\"", html);
    }

    [Fact]
    public void Page_is_self_contained_with_both_images_embedded()
    {
        var html = File.ReadAllText(SegmentReport.Write(LensShop, folder).Html);

        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(2, images.Count);
        foreach (Match image in images)
            AssertPng(Convert.FromBase64String(image.Groups[1].Value));
        var markup = Regex.Replace(html, "data:image/png;base64,[A-Za-z0-9+/=]+", "data:");
        Assert.DoesNotContain("http", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", markup, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, Regex.Matches(markup, "src=").Count);
    }

    [Fact]
    public void Empty_shop_gets_all_three_files_saying_there_is_no_data_yet()
    {
        var files = SegmentReport.Write(EmptyShop, folder);

        var html = File.ReadAllText(files.Html);
        Assert.Contains("No data yet", html);
        Assert.Contains("<h1>Segments of new-shop</h1>", html);
        Assert.Contains("2025-06-01 12:00 UTC+03:00", html);
        Assert.Contains("<b>0 EUR</b>revenue", html);
        Assert.Equal(2, Regex.Matches(html, "src=\"data:image/png;base64,").Count);
        AssertPng(File.ReadAllBytes(files.RfmHeatmapPng));
        AssertPng(File.ReadAllBytes(files.SegmentSizesPng));
        // The sizes chart of an empty shop is only text: something drawn on it means text renders.
        AssertNotBlank(files.SegmentSizesPng, minimumColours: 5);
        AssertNotBlank(files.RfmHeatmapPng, minimumColours: 5);
    }

    [Fact]
    public void Heat_map_labels_revenue_compactly()
    {
        Assert.Equal("950 RUB", ReportNumberFormat.CompactMoney(950m, "RUB"));
        Assert.Equal("4.57k RUB", ReportNumberFormat.CompactMoney(4_567m, "RUB"));
        Assert.Equal("45.6k RUB", ReportNumberFormat.CompactMoney(45_600m, "RUB"));
        Assert.Equal("457k RUB", ReportNumberFormat.CompactMoney(456_789m, "RUB"));
        Assert.Equal("1M RUB", ReportNumberFormat.CompactMoney(999_600m, "RUB"));
        Assert.Equal("1.23M RUB", ReportNumberFormat.CompactMoney(1_234_567m, "RUB"));
        Assert.Equal($"1{Thin}234", ReportNumberFormat.Count(1_234));
    }

    [Fact]
    public void Report_images_have_their_own_font_with_cyrillic_even_without_system_fonts()
    {
        ReportFont.EnsureRegistered();

        var typeface = ScottPlot.Fonts.GetTypeface(ReportFont.Family, bold: false, italic: false);

        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.True(typeface.ContainsGlyphs("Покупатели линз 1\u202F234 × … ₽"));
        Assert.True(ScottPlot.Fonts.GetTypeface(ReportFont.Family, bold: true, italic: false).IsBold);
    }

    static string RowOf(string html, string segmentId)
    {
        var start = html.IndexOf($"<tr><td><code>{segmentId}</code>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table row for segment {segmentId}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    static (int Width, int Height) AssertPng(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 33, "too short for a PNG");
        Assert.Equal(signature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    static void AssertNotBlank(string pngPath, int minimumColours)
    {
        using var image = SKBitmap.Decode(pngPath);
        Assert.NotNull(image);
        var background = image.GetPixel(0, 0);
        var colours = new HashSet<SKColor>();
        var drawn = 0;
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var pixel = image.GetPixel(x, y);
                colours.Add(pixel);
                if (pixel != background)
                    drawn++;
            }
        Assert.True(colours.Count >= minimumColours, $"{Path.GetFileName(pngPath)} has {colours.Count} colours");
        Assert.True(drawn > image.Width * image.Height / 200, $"{Path.GetFileName(pngPath)} has only {drawn} drawn pixels");
    }

    static (double X, double Y) CentreOf(SKBitmap image, Func<SKColor, bool> matches)
    {
        double sumX = 0, sumY = 0;
        var count = 0;
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width * 0.85; x++)
                if (matches(image.GetPixel(x, y)))
                {
                    sumX += x;
                    sumY += y;
                    count++;
                }
        Assert.True(count > 0, "no pixel of that colour");
        return (sumX / count, sumY / count);
    }
}
