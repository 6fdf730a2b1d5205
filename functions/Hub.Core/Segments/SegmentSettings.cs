namespace Hub.Segments;

/// <summary>
/// A shop's segment parameters. Every one has a default a marketer can live with; a shop overrides them with
/// <c>hub segments settings --shop ID --file F</c> (stored in the Segments table).
/// </summary>
public sealed record SegmentSettings
{
    /// <summary>"new": the first order was at most this many days ago.</summary>
    public int NewWithinDays { get; init; } = 30;

    /// <summary>"lapsed": no order for longer than the shop's typical repurchase interval × this factor.</summary>
    public double LapsedFactor { get; init; } = 2.0;
    /// <summary>A fixed lapsed threshold in days, when the shop prefers one to the learned interval.</summary>
    public int? LapsedAfterDays { get; init; }
    /// <summary>The threshold used until the shop has at least <see cref="LapsedMinSample"/> repeat buyers to learn from.</summary>
    public int LapsedDefaultDays { get; init; } = 180;
    public int LapsedMinSample { get; init; } = 20;

    /// <summary>"abandoned-cart": a cart not converted and untouched for this long…</summary>
    public TimeSpan AbandonedCartDelay { get; init; } = TimeSpan.FromHours(1);
    /// <summary>…and not older than this: a cart from last season is not worth a reminder.</summary>
    public int AbandonedCartMaxAgeDays { get; init; } = 30;

    /// <summary>"birthday-soon": the birthday falls today or within the next this many days.</summary>
    public int BirthdayWithinDays { get; init; } = 7;

    /// <summary>"replenishment-due": expected repurchase today or within the next this many days…</summary>
    public int ReplenishmentWithinDays { get; init; } = 7;
    /// <summary>…or at most this many days overdue (after that the customer has likely bought elsewhere; see "lapsed").</summary>
    public int ReplenishmentOverdueDays { get; init; } = 14;
    /// <summary>Customers with a repeat purchase needed before a product's (or category's) interval is trusted.</summary>
    public int ReplenishmentMinSample { get; init; } = 5;
    /// <summary>The interval used for products in <see cref="ConsumableCategories"/> when neither product nor category has enough history.</summary>
    public int ReplenishmentDefaultDays { get; init; } = 30;
    /// <summary>
    /// Categories whose products are consumables. Empty: every product whose own or category interval was learned
    /// counts as a consumable (durables are rarely bought again by the same customer, so they learn nothing).
    /// </summary>
    public IReadOnlyList<string> ConsumableCategories { get; init; } = [];

    /// <summary>Guess gender from Russian patronymics and surnames when the data does not say. Off unless the shop turns it on.</summary>
    public bool GuessGenderFromName { get; init; }

    public static readonly SegmentSettings Default = new();

    /// <summary>The first setting that makes no sense, named; null when all are usable.</summary>
    public string? Problem() =>
        NewWithinDays < 1 ? "newWithinDays must be at least 1"
        : LapsedFactor <= 0 ? "lapsedFactor must be greater than 0"
        : LapsedAfterDays is < 1 ? "lapsedAfterDays must be at least 1"
        : LapsedDefaultDays < 1 ? "lapsedDefaultDays must be at least 1"
        : LapsedMinSample < 1 ? "lapsedMinSample must be at least 1"
        : AbandonedCartDelay < TimeSpan.Zero ? "abandonedCartDelay must not be negative"
        : AbandonedCartMaxAgeDays < 1 ? "abandonedCartMaxAgeDays must be at least 1"
        : BirthdayWithinDays is < 0 or > 366 ? "birthdayWithinDays must be between 0 and 366"
        : ReplenishmentWithinDays < 0 ? "replenishmentWithinDays must not be negative"
        : ReplenishmentOverdueDays < 0 ? "replenishmentOverdueDays must not be negative"
        : ReplenishmentMinSample < 1 ? "replenishmentMinSample must be at least 1"
        : ReplenishmentDefaultDays < 1 ? "replenishmentDefaultDays must be at least 1"
        : null;
}
