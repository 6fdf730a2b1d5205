using Hub.Customers;

namespace Hub.Segments;

/// <summary>A customer's RFM scores (1–5 each) and the named segment of their R×F cell.</summary>
public sealed record RfmScore(int R, int F, int M)
{
    public RfmSegment Segment => RfmGrid.Of(R, F);
}

/// <summary>
/// Everything a segment rule may look at for one customer, as of one moment: the customer with their aggregates,
/// today's date in the shop's time zone, the RFM scores, the gender (from the data, or guessed when the shop allows)
/// and the segments already decided for this customer in this computation (built-ins first, then custom segments in
/// dependency order).
/// </summary>
public sealed record SegmentSubject(
    Customer Customer,
    DateTimeOffset Now,
    TimeZoneInfo Zone,
    RfmScore? Rfm,
    Gender? Gender,
    IReadOnlySet<string> Segments)
{
    public DateOnly Today { get; } = LocalDate(Now, Zone);

    public int? DaysSinceLastOrder => DaysSince(Customer.Aggregates.LastOrderAt);
    public int? DaysSinceFirstOrder => DaysSince(Customer.Aggregates.FirstOrderAt);

    /// <summary>Whole calendar days in the shop's time zone from <paramref name="moment"/> to today.</summary>
    public int? DaysSince(DateTimeOffset? moment) => moment is { } m ? Today.DayNumber - LocalDate(m, Zone).DayNumber : null;

    public static DateOnly LocalDate(DateTimeOffset moment, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime);
}
