namespace Hub.Segments;

/// <summary>A named RFM segment: its stable id (<c>rfm-…</c>) and the name a marketer reads.</summary>
public sealed record RfmSegment(string Id, string Name);

/// <summary>
/// The R×F grid that names RFM segments (recency 5 = most recent, frequency 5 = most orders), the widely used
/// eleven-segment map. The one place to change if a shop's marketers read the grid differently.
/// <code>
///        F1             F2             F3              F4          F5
/// R5  new            potential      potential       champions   champions
/// R4  promising      potential      potential       loyal       loyal
/// R3  about to sleep about to sleep need attention  loyal       loyal
/// R2  hibernating    hibernating    at risk         at risk     can't lose
/// R1  lost           lost           at risk         at risk     can't lose
/// </code>
/// </summary>
public static class RfmGrid
{
    public static readonly RfmSegment Champions = new("rfm-champions", "Champions");
    public static readonly RfmSegment Loyal = new("rfm-loyal", "Loyal");
    public static readonly RfmSegment PotentialLoyalists = new("rfm-potential-loyalists", "Potential loyalists");
    public static readonly RfmSegment New = new("rfm-new", "New");
    public static readonly RfmSegment Promising = new("rfm-promising", "Promising");
    public static readonly RfmSegment NeedAttention = new("rfm-need-attention", "Need attention");
    public static readonly RfmSegment AboutToSleep = new("rfm-about-to-sleep", "About to sleep");
    public static readonly RfmSegment AtRisk = new("rfm-at-risk", "At risk");
    public static readonly RfmSegment CantLose = new("rfm-cant-lose", "Can't lose");
    public static readonly RfmSegment Hibernating = new("rfm-hibernating", "Hibernating");
    public static readonly RfmSegment Lost = new("rfm-lost", "Lost");

    public static readonly IReadOnlyList<RfmSegment> Segments =
        [Champions, Loyal, PotentialLoyalists, New, Promising, NeedAttention, AboutToSleep, AtRisk, CantLose, Hibernating, Lost];

    /// <summary>Rows R5 (index 0) down to R1, columns F1 to F5.</summary>
    static readonly RfmSegment[,] Grid =
    {
        { New, PotentialLoyalists, PotentialLoyalists, Champions, Champions },
        { Promising, PotentialLoyalists, PotentialLoyalists, Loyal, Loyal },
        { AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal },
        { Hibernating, Hibernating, AtRisk, AtRisk, CantLose },
        { Lost, Lost, AtRisk, AtRisk, CantLose },
    };

    public static RfmSegment Of(int recency, int frequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recency, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequency, 5);
        return Grid[5 - recency, frequency - 1];
    }

    public static string NameOf(int recency, int frequency) => Of(recency, frequency).Name;
}
