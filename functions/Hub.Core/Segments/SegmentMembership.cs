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

/// <summary>A stored member: when they entered, and the detail as of the last computation.</summary>
public sealed record SegmentMember(string SegmentId, string CustomerId, DateTimeOffset EnteredAt, decimal Spent, MemberDetail? Detail);
