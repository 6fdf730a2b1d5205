using Hub.Customers;

namespace Hub.Segments;

/// <summary>
/// What a member row carries besides the customer: enough for a campaign to personalise without another read
/// (the cart to recover, the product to reorder, the birthday, the RFM scores). Null fields are not stored.
/// </summary>
public sealed record MemberDetail
{
    public string? CartId { get; init; }
    public string? RecoveryUrl { get; init; }
    public decimal? CartTotal { get; init; }
    public string? Currency { get; init; }
    public int? CartItems { get; init; }
    public DateTimeOffset? AbandonedAt { get; init; }

    public string? Product { get; init; }
    public string? ProductName { get; init; }
    public DateOnly? ExpectedOn { get; init; }
    /// <summary>Days between purchases behind <see cref="ExpectedOn"/>, and what it was learned from.</summary>
    public double? IntervalDays { get; init; }
    public string? IntervalBasis { get; init; }
    public int? SampleCustomers { get; init; }
    public int? DueProducts { get; init; }

    public DateOnly? BirthdayOn { get; init; }
    public int? InDays { get; init; }

    public int? R { get; init; }
    public int? F { get; init; }
    public int? M { get; init; }
}

/// <summary>A customer's membership of one segment as computed now.</summary>
public sealed record Membership(string SegmentId, MemberDetail? Detail = null);

/// <summary>A stored member: when they entered, and the detail and reach as of the last computation.</summary>
public sealed record SegmentMember(string SegmentId, string CustomerId, DateTimeOffset EnteredAt, decimal Spent, MemberDetail? Detail, MemberReach? Reach = null);

/// <summary>
/// How the customer could be reached when their member row was last computed: the address per channel the dispatcher
/// would pick (<see cref="Messaging.ChannelRouter.AddressOf"/>), the channels with granted marketing consent, and their
/// own time zone. A campaign plan reads it instead of the Customers table; the send itself re-reads the customer. It is
/// refreshed whenever the customer is recomputed (ingestion queues that within a minute of a change) and at every full
/// run, which rewrites a row whose reach differs. Null fields are not stored.
/// </summary>
public sealed record MemberReach
{
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Telegram { get; init; }
    public string? Vk { get; init; }
    public IReadOnlyList<Channel> Consented { get; init; } = [];
    public string? TimeZone { get; init; }

    /// <summary>Equal when every field is, the consented channels compared in order (<see cref="Of"/> sorts them).</summary>
    public bool Equals(MemberReach? other) => other is not null
        && Email == other.Email && Phone == other.Phone && Telegram == other.Telegram && Vk == other.Vk && TimeZone == other.TimeZone
        && Consented.SequenceEqual(other.Consented);

    public override int GetHashCode() => HashCode.Combine(Email, Phone, Telegram, Vk, TimeZone, Consented.Count);

    public static MemberReach Of(Customer customer) => new()
    {
        Email = Messaging.ChannelRouter.AddressOf(customer, Channel.Email),
        Phone = Messaging.ChannelRouter.AddressOf(customer, Channel.Sms),
        Telegram = Messaging.ChannelRouter.AddressOf(customer, Channel.Telegram),
        Vk = Messaging.ChannelRouter.AddressOf(customer, Channel.Vk),
        Consented = customer.Consents.Where(c => c.Value.State == ConsentState.Granted).Select(c => c.Key).Order().ToArray(),
        TimeZone = customer.TimeZone,
    };

    /// <summary>
    /// The customer as far as reaching them goes: what <see cref="Messaging.Reachability"/> and the recipient's time zone
    /// read. The consents' source is <c>segment-member</c> and their time <paramref name="asOf"/> (the row keeps neither).
    /// </summary>
    public Customer AsCustomer(string shopId, string customerId, DateTimeOffset asOf) => new()
    {
        Id = customerId,
        ShopId = shopId,
        Emails = Email is null ? [] : [new ContactPoint(Email, true)],
        Phones = Phone is null ? [] : [new ContactPoint(Phone, true)],
        ExternalIds = new Dictionary<string, string>(
            new[] { ("telegram", Telegram), ("vk", Vk) }.Where(x => x.Item2 is not null).Select(x => KeyValuePair.Create(x.Item1, x.Item2!))),
        Consents = Consented.ToDictionary(c => c, _ => new Consent(ConsentState.Granted, "segment-member", asOf)),
        TimeZone = TimeZone,
    };
}
