namespace Hub.Segments;

/// <summary>
/// A repurchase interval learned from a shop's history: the median of the days between one customer's consecutive
/// purchases, pooled over <see cref="Customers"/> customers and <see cref="Intervals"/> intervals.
/// </summary>
public sealed record IntervalStat(double MedianDays, int Customers, int Intervals);

/// <summary>Where the lapsed threshold came from.</summary>
public enum LapsedBasis { Learned, Default, Fixed }

/// <summary>
/// What one full computation learns from the whole shop before any customer is placed: RFM quintiles, the typical
/// repurchase interval behind "lapsed", and repurchase intervals per product and per category behind
/// "replenishment-due". Bucket workers and incremental recomputes read it; they never rescan the shop.
/// </summary>
public sealed record ShopSegmentStats
{
    /// <summary>Time-ordered id of the computation that produced these figures.</summary>
    public required string RunId { get; init; }
    public DateTimeOffset ComputedAt { get; init; }
    public int Customers { get; init; }
    public int Buyers { get; init; }
    /// <summary>Quintiles of minus the days since the last order (fewer days → higher score).</summary>
    public Quintiles Recency { get; init; } = Quintiles.Empty;
    public Quintiles Frequency { get; init; } = Quintiles.Empty;
    public Quintiles Monetary { get; init; } = Quintiles.Empty;
    /// <summary>Median over repeat buyers of their average days between orders; null without repeat buyers.</summary>
    public IntervalStat? Repurchase { get; init; }
    public double LapsedAfterDays { get; init; }
    public LapsedBasis LapsedBasis { get; init; }
    public IReadOnlyDictionary<string, IntervalStat> Products { get; init; } = new Dictionary<string, IntervalStat>();
    public IReadOnlyDictionary<string, IntervalStat> Categories { get; init; } = new Dictionary<string, IntervalStat>();

    public static ShopSegmentStats Empty(SegmentSettings settings) => new()
    {
        RunId = "0",
        LapsedAfterDays = settings.LapsedAfterDays ?? settings.LapsedDefaultDays,
        LapsedBasis = settings.LapsedAfterDays is null ? LapsedBasis.Default : LapsedBasis.Fixed,
    };

    public RfmScore? Score(int? daysSinceLastOrder, int ordersCount, decimal totalSpent) =>
        daysSinceLastOrder is { } days && ordersCount > 0
            ? new RfmScore(Recency.Score(-days), Frequency.Score(ordersCount), Monetary.Score(totalSpent))
            : null;
}
