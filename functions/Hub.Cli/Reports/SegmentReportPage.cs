using System.Globalization;
using System.Text;
using Hub.Segments;

namespace Hub.Cli.Reports;

/// <summary>
/// The segments report as one self-contained HTML page (see <see cref="ReportHtml"/>). Every chart's numbers are
/// also in a table, for readers who cannot see the images. All text from the data is HTML-encoded.
/// </summary>
internal static class SegmentReportPage
{
    const string PageStyle = """
        table.rfm td { text-align: center; }
        table.rfm small { color: #57606a; }
        """;

    public static string Render(SegmentReportData data, RfmMatrix grid, IReadOnlyList<SegmentSize> largestFirst,
        byte[] heatmapPng, byte[] sizesPng)
    {
        var shop = string.IsNullOrWhiteSpace(data.ShopName) || data.ShopName == data.ShopId
            ? data.ShopId
            : $"{data.ShopName} ({data.ShopId})";
        var computed = ReportNumberFormat.Time(data.ComputedAt);
        var html = ReportHtml.Begin($"Segments of {shop}, {computed}", PageStyle, heatmapPng.Length + sizesPng.Length)
            .Append("<h1>Segments of ").Append(Encode(shop)).Append("</h1>\n")
            .Append("<p class=\"meta\">Computed ").Append(Encode(computed)).Append("</p>\n");

        html.Append("<div class=\"headline\">\n")
            .Append("<div><b>").Append(Encode(ReportNumberFormat.Count(data.Customers))).Append("</b>customers</div>\n")
            .Append("<div><b>").Append(Encode(ReportNumberFormat.Money(data.Revenue, data.Currency))).Append("</b>revenue</div>\n")
            .Append("<div><b>").Append(Encode(ReportNumberFormat.Count(largestFirst.Count))).Append("</b>segments</div>\n")
            .Append("</div>\n");
        if (data.Customers == 0 && grid.TotalCustomers == 0)
            html.Append("<p class=\"empty\"><strong>No data yet.</strong> This shop has no customers in its base, ")
                .Append("so there is nothing to segment. Import customers or connect the shop's webhooks, then run the report again.</p>\n");

        html.Append("<h2>RFM grid</h2>\n");
        ReportHtml.AppendImage(html, heatmapPng, "Heat map of the RFM grid: customers and revenue for each recency and frequency score; the same numbers are in the table below.");
        AppendRfmTable(html, grid, data.Currency);

        html.Append("<h2>Segment sizes</h2>\n");
        ReportHtml.AppendImage(html, sizesPng, "Bar chart of members per segment, largest first; the same numbers are in the table below.");
        AppendSegmentTable(html, largestFirst, data.Currency);

        return ReportHtml.End(html);
    }

    static void AppendRfmTable(StringBuilder html, RfmMatrix grid, string currency)
    {
        html.Append("<table class=\"rfm\">\n<caption>")
            .Append(grid.TotalCustomers == 0 ? "RFM grid: no data yet" : "Customers, revenue and RFM segment per cell")
            .Append("</caption>\n<thead><tr><th scope=\"col\">Recency ↓ / Frequency →</th>");
        for (var frequency = 1; frequency <= RfmMatrix.Scores; frequency++)
            html.Append("<th scope=\"col\">F").Append(frequency).Append(frequency == RfmMatrix.Scores ? " (most orders)" : "").Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        var max = Math.Max(1, grid.MaxCustomers);
        for (var recency = RfmMatrix.Scores; recency >= 1; recency--)
        {
            html.Append("<tr><th scope=\"row\">R").Append(recency).Append(recency == RfmMatrix.Scores ? " (most recent)" : "").Append("</th>");
            for (var frequency = 1; frequency <= RfmMatrix.Scores; frequency++)
            {
                var customers = grid.Customers(recency, frequency);
                // Tinted like the heat map: empty cells stay white, the fullest is the darkest.
                var tint = customers == 0 ? 0 : 0.08 + 0.5 * customers / max;
                html.Append("<td style=\"background: rgba(33, 113, 181, ")
                    .Append(tint.ToString("0.00", CultureInfo.InvariantCulture)).Append(")\"><b>")
                    .Append(Encode(ReportNumberFormat.Count(customers))).Append("</b><br>")
                    .Append(Encode(ReportNumberFormat.Money(grid.Revenue(recency, frequency), currency))).Append("<br><small>")
                    .Append(Encode(Hub.Segments.RfmGrid.NameOf(recency, frequency).ToLowerInvariant())).Append("</small></td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    static void AppendSegmentTable(StringBuilder html, IReadOnlyList<SegmentSize> largestFirst, string currency)
    {
        html.Append("<table class=\"segments\">\n<caption>Segments by members</caption>\n<thead><tr>")
            .Append("<th scope=\"col\">Id</th><th scope=\"col\">Name</th><th scope=\"col\">Members</th>")
            .Append("<th scope=\"col\">Revenue</th><th scope=\"col\">Share of revenue</th></tr></thead>\n<tbody>\n");
        if (largestFirst.Count == 0)
            html.Append("<tr><td colspan=\"5\">No data yet: no segments have been computed for this shop.</td></tr>\n");
        foreach (var segment in largestFirst)
            html.Append("<tr><td><code>").Append(Encode(segment.Id)).Append("</code></td><td>").Append(Encode(segment.Name))
                .Append("</td><td class=\"num\">").Append(Encode(ReportNumberFormat.Count(segment.Members)))
                .Append("</td><td class=\"num\">").Append(Encode(ReportNumberFormat.Money(segment.Revenue, currency)))
                .Append("</td><td class=\"num\">").Append(Encode(ReportNumberFormat.Share(segment.RevenueShare)))
                .Append("</td></tr>\n");
        html.Append("</tbody>\n</table>\n");
    }

    static string Encode(string text) => ReportHtml.Encode(text);
}
