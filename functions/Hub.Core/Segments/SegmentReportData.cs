namespace Hub.Segments;

/// one cell of the RFM grid: Recency score 1–5 (5 = most recent), Frequency score 1–5 (5 = most orders)
public sealed record RfmCell(int Recency, int Frequency, int Customers, decimal Revenue);

/// one segment's size; RevenueShare = members' total spent ÷ the shop's total, 0..1
public sealed record SegmentSize(string Id, string Name, int Members, decimal Revenue, double RevenueShare);

/// <summary>
/// What the marketer-facing segments report shows for one shop: headline totals, the RFM grid
/// (empty cells may be omitted) and the size of every segment. The segment engine fills it; the
/// CLI renders it (`hub segments report`).
/// </summary>
public sealed record SegmentReportData(string ShopId, string? ShopName, string Currency, DateTimeOffset ComputedAt,
    int Customers, decimal Revenue, IReadOnlyList<RfmCell> RfmGrid, IReadOnlyList<SegmentSize> Segments);
