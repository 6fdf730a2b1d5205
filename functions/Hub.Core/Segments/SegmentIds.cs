namespace Hub.Segments;

/// <summary>
/// Stable ids of the built-in segments. Scripts, audiences and campaigns refer to them: never rename one.
/// </summary>
public static class SegmentIds
{
    public const string Leads = "leads";
    public const string New = "new";
    public const string OneTime = "one-time";
    public const string Repeat = "repeat";
    public const string Lapsed = "lapsed";
    public const string AbandonedCart = "abandoned-cart";
    public const string BirthdaySoon = "birthday-soon";
    public const string ReplenishmentDue = "replenishment-due";
    public const string Female = "gender-female";
    public const string Male = "gender-male";

    /// <summary>The lifecycle stages, in the order a customer passes through them; a customer is in exactly one.</summary>
    public static readonly IReadOnlyList<string> Lifecycle = [Leads, New, OneTime, Repeat, Lapsed];

    public static readonly IReadOnlyList<string> BuiltIn =
    [
        .. Lifecycle, AbandonedCart, BirthdaySoon, ReplenishmentDue, Female, Male,
        .. RfmGrid.Segments.Select(s => s.Id),
    ];

    public static bool IsBuiltIn(string id) => BuiltIn.Contains(id, StringComparer.Ordinal);
}
