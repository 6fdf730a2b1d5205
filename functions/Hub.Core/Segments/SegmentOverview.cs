using Hub.Shops;

namespace Hub.Segments;

/// <summary>One segment as a marketer sees it in a list: what it is and how big it is now.</summary>
public sealed record SegmentInfo(string Id, string Name, string Kind, int Members, decimal Revenue, double RevenueShare, string? Description = null);

/// <summary>
/// Segment names and sizes for lists, reports and the demo, from the per-bucket summaries the engine keeps (no scan of
/// member rows). Built-in segments are always listed, with zero members before the first run.
/// </summary>
public sealed class SegmentOverview(ShopStore shops, SegmentDefinitionStore definitions, SegmentSummaryStore summaries)
{
    static readonly IReadOnlyDictionary<string, string> BuiltInNames = new Dictionary<string, string>
    {
        [SegmentIds.Leads] = "Leads (never ordered)",
        [SegmentIds.New] = "New customers",
        [SegmentIds.OneTime] = "One-time buyers",
        [SegmentIds.Repeat] = "Repeat buyers",
        [SegmentIds.Lapsed] = "Lapsed",
        [SegmentIds.AbandonedCart] = "Abandoned cart",
        [SegmentIds.BirthdaySoon] = "Birthday soon",
        [SegmentIds.ReplenishmentDue] = "Replenishment due",
        [SegmentIds.Female] = "Women",
        [SegmentIds.Male] = "Men",
    };

    public static string NameOf(string builtInId) =>
        BuiltInNames.TryGetValue(builtInId, out var name) ? name
        : RfmGrid.Segments.FirstOrDefault(s => s.Id == builtInId) is { } rfm ? "RFM: " + rfm.Name
        : builtInId;

    public async Task<(SegmentSummary? Summary, IReadOnlyList<SegmentInfo> Segments)> ListAsync(string shopId, CancellationToken cancellationToken = default)
    {
        await shops.RequireAsync(shopId, cancellationToken);
        var summary = await summaries.ReadShopAsync(shopId, cancellationToken);
        var custom = await definitions.ListAsync(shopId, cancellationToken);
        SegmentInfo Info(string id, string name, string kind, string? description = null)
        {
            var tally = summary?.Segments.GetValueOrDefault(id) ?? Tally.Zero;
            var share = summary is { Revenue: > 0 } ? (double)(tally.Revenue / summary.Revenue) : 0;
            return new SegmentInfo(id, name, kind, tally.Members, tally.Revenue, Math.Round(share, 4), description);
        }
        var list = SegmentIds.BuiltIn.Select(id => Info(id, NameOf(id), id.StartsWith("rfm-", StringComparison.Ordinal) ? "rfm" : "built-in"))
            .Concat(custom.Select(d => Info(d.Id, d.Name, "custom", d.Description)))
            .ToArray();
        return (summary, list);
    }

    /// <summary>What the segments report draws.</summary>
    public async Task<SegmentReportData> ReportAsync(string shopId, CancellationToken cancellationToken = default)
    {
        var shop = await shops.RequireAsync(shopId, cancellationToken);
        var (summary, segments) = await ListAsync(shopId, cancellationToken);
        var cells = new List<RfmCell>();
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                if (summary?.Rfm.GetValueOrDefault(SegmentSummary.Cell(r, f)) is { Members: > 0 } t)
                {
                    cells.Add(new RfmCell(r, f, t.Members, t.Revenue));
                }
            }
        }
        return new SegmentReportData(shop.Id, shop.Name, shop.Currency, summary?.ComputedAt ?? default, summary?.Customers ?? 0, summary?.Revenue ?? 0m,
            cells, segments.Where(s => s.Members > 0).Select(s => new SegmentSize(s.Id, s.Name, s.Members, s.Revenue, s.RevenueShare)).ToArray());
    }
}
