using Hub.Customers;

namespace Hub.Messaging.Campaigns;

/// <summary>What starts a campaign's runs (kebab-case in files, the CLI and JSON).</summary>
public enum CampaignKind
{
    /// <summary>Once, at <see cref="Campaign.StartAt"/>, to the segment (minus the exclusion segment).</summary>
    OneOff,
    /// <summary>At every occurrence of <see cref="Campaign.Cron"/> in the shop's time zone.</summary>
    Recurring,
    /// <summary>To each customer as they enter the segment (entered "lapsed" → win-back).</summary>
    SegmentEntered,
    /// <summary>To each customer whose birthday is <see cref="Campaign.DaysBefore"/> days away, once a year.</summary>
    Birthday,
    /// <summary>To each customer whose product is due for a reorder within <see cref="Campaign.DaysBefore"/> days, once per due date.</summary>
    Replenishment,
    /// <summary>To each abandoned cart after the shop's abandoned-cart delay, instead of the single default reminder.</summary>
    AbandonedCart,
}

/// <summary>
/// One step of a cascade: the channel(s) and template, and how long to wait for a reaction (an open, a click, a read,
/// an order) before the next step goes to those who did not react. Several channels in one step are sent at once on
/// purpose (repeated touches).
/// </summary>
public sealed record CampaignStep(IReadOnlyList<Channel> Channels, string TemplateId, TimeSpan? Wait = null);

/// <summary>
/// A campaign: whom (a segment, minus an exclusion segment — any segment, nothing is tied to gender or anything else
/// in code), when (<see cref="Kind"/>), and the cascade of steps. Every send goes through the dispatcher and the send
/// ledger with source <c>campaign:{id}:{runKey}</c>, so each message goes out once per run.
/// </summary>
public sealed record Campaign
{
    public required string Id { get; init; }
    public required string ShopId { get; init; }
    public string? Name { get; init; }
    public CampaignKind Kind { get; init; }
    /// <summary>Who gets it; for birthday, replenishment and abandoned-cart campaigns an optional filter on top of the trigger.</summary>
    public string? SegmentId { get; init; }
    public string? ExcludeSegmentId { get; init; }
    /// <summary>One-off campaigns: when to start (UTC).</summary>
    public DateTimeOffset? StartAt { get; init; }
    /// <summary>Recurring campaigns: a 5-field cron in the shop's time zone (<c>0 10 * * 1</c>: Mondays at 10:00).</summary>
    public string? Cron { get; init; }
    /// <summary>Birthday and replenishment campaigns: how many days before the date the first step goes out.</summary>
    public int DaysBefore { get; init; } = 3;
    public IReadOnlyList<CampaignStep> Steps { get; init; } = [];
    /// <summary>An order this long after a message counts as converted; a purchase within it ends the cascade. Null: the shop's setting.</summary>
    public TimeSpan? AttributionWindow { get; init; }
    /// <summary>How long after a run starts its messages may still go out (deferred by caps or quiet hours); null: the shop's setting.</summary>
    public TimeSpan? Deadline { get; init; }
    public bool Paused { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public const string SourcePrefix = "campaign:";

    /// <summary>The send ledger's source of one run.</summary>
    public string SourceOf(string runKey) => $"{SourcePrefix}{Id}:{runKey}";

    /// <summary>The ledger step of channel <paramref name="channelIndex"/> of step <paramref name="step"/> (steps carry up to 10 channels).</summary>
    public static int LedgerStep(int step, int channelIndex) => step * 10 + channelIndex;

    /// <summary>The campaign step and channel index of a ledger step.</summary>
    public static (int Step, int Channel) FromLedgerStep(int ledgerStep) => (ledgerStep / 10, ledgerStep % 10);

    public bool Triggered => Kind is CampaignKind.SegmentEntered or CampaignKind.Birthday or CampaignKind.Replenishment or CampaignKind.AbandonedCart;
}

/// <summary>One run of a campaign: a one-off, one occurrence of a recurring campaign, or the container of a trigger's occurrences (a year of birthdays, a day's entries).</summary>
public sealed record CampaignRun
{
    public required string ShopId { get; init; }
    public required string CampaignId { get; init; }
    public required string RunKey { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>After this, deferred messages are dropped with the reason recorded.</summary>
    public DateTimeOffset Deadline { get; init; }
    /// <summary>The audience (segment members minus the exclusion) fanned out, and whether the fan-out finished.</summary>
    public long Audience { get; init; }
    public bool FannedOut { get; init; }
}
