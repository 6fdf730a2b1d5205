namespace Hub.Segments;

/// <summary>Members and their total spend.</summary>
public sealed record Tally(int Members, decimal Revenue)
{
    public static readonly Tally Zero = new(0, 0m);
    public Tally Plus(decimal revenue) => new(Members + 1, Revenue + revenue);
    public Tally Minus(decimal revenue) => new(Math.Max(0, Members - 1), Revenue - revenue);
    public Tally Plus(Tally other) => new(Members + other.Members, Revenue + other.Revenue);
}

/// <summary>
/// Counts for one bucket of a shop (or, added up, the whole shop): customers, revenue, members and revenue per segment,
/// and customers and revenue per R×F cell (keys <c>r5f3</c>). What <c>hub segments list</c> and the report read, so they
/// never scan member rows.
/// </summary>
public sealed record SegmentSummary
{
    public string RunId { get; init; } = "";
    public DateTimeOffset ComputedAt { get; init; }
    public int Customers { get; init; }
    public decimal Revenue { get; init; }
    public Dictionary<string, Tally> Segments { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, Tally> Rfm { get; init; } = new(StringComparer.Ordinal);

    public static string Cell(int r, int f) => $"r{r}f{f}";

    /// <summary>Adds (or with <paramref name="sign"/> −1 removes) one placed customer.</summary>
    public SegmentSummary With(Placement placement, int sign = 1)
    {
        var segments = new Dictionary<string, Tally>(Segments, StringComparer.Ordinal);
        foreach (var m in placement.Memberships)
        {
            var t = segments.GetValueOrDefault(m.SegmentId, Tally.Zero);
            segments[m.SegmentId] = sign > 0 ? t.Plus(placement.Spent) : t.Minus(placement.Spent);
        }
        var rfm = new Dictionary<string, Tally>(Rfm, StringComparer.Ordinal);
        if (placement.Rfm is { } s)
        {
            var key = Cell(s.R, s.F);
            var t = rfm.GetValueOrDefault(key, Tally.Zero);
            rfm[key] = sign > 0 ? t.Plus(placement.Spent) : t.Minus(placement.Spent);
        }
        return this with
        {
            Customers = Customers + sign,
            Revenue = Revenue + sign * placement.Spent,
            Segments = segments,
            Rfm = rfm,
        };
    }

    public SegmentSummary Plus(SegmentSummary other)
    {
        var segments = new Dictionary<string, Tally>(Segments, StringComparer.Ordinal);
        foreach (var (id, t) in other.Segments)
        {
            segments[id] = segments.GetValueOrDefault(id, Tally.Zero).Plus(t);
        }
        var rfm = new Dictionary<string, Tally>(Rfm, StringComparer.Ordinal);
        foreach (var (cell, t) in other.Rfm)
        {
            rfm[cell] = rfm.GetValueOrDefault(cell, Tally.Zero).Plus(t);
        }
        return this with
        {
            RunId = string.CompareOrdinal(RunId, other.RunId) >= 0 ? RunId : other.RunId,
            ComputedAt = ComputedAt > other.ComputedAt ? ComputedAt : other.ComputedAt,
            Customers = Customers + other.Customers,
            Revenue = Revenue + other.Revenue,
            Segments = segments,
            Rfm = rfm,
        };
    }
}

/// <summary>Adds up a bucket's placements in place (one dictionary pair per bucket, not per customer).</summary>
public sealed class SegmentSummaryBuilder
{
    readonly Dictionary<string, Tally> segments = new(StringComparer.Ordinal);
    readonly Dictionary<string, Tally> rfm = new(StringComparer.Ordinal);
    int customers;
    decimal revenue;

    public void Add(Placement placement)
    {
        customers++;
        revenue += placement.Spent;
        foreach (var m in placement.Memberships)
        {
            segments[m.SegmentId] = segments.GetValueOrDefault(m.SegmentId, Tally.Zero).Plus(placement.Spent);
        }
        if (placement.Rfm is { } s)
        {
            var key = SegmentSummary.Cell(s.R, s.F);
            rfm[key] = rfm.GetValueOrDefault(key, Tally.Zero).Plus(placement.Spent);
        }
    }

    public SegmentSummary Build(string runId, DateTimeOffset computedAt) => new()
    {
        RunId = runId,
        ComputedAt = computedAt,
        Customers = customers,
        Revenue = revenue,
        Segments = segments,
        Rfm = rfm,
    };
}
