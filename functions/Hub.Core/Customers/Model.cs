namespace Hub.Customers;

/// <summary>Channels a person can consent to, be reached on, or be suppressed for.</summary>
public enum Channel { Email, Sms, Telegram, WhatsApp, Viber, Vk, Ads }

public enum ConsentState { Granted, Denied, Pending }

/// <summary>A consent for one channel: its state, where it came from (a platform, a CSV file) and when it was given or withdrawn.</summary>
public sealed record Consent(ConsentState State, string Source, DateTimeOffset At);

public enum Gender { Female, Male }

/// <summary>
/// An email or phone as we keep it: <see cref="Value"/> is the normalised form (E.164 phone,
/// lower-case email) or the trimmed input when it is invalid; an invalid contact is kept with
/// the reason and never used for identity or sending.
/// </summary>
public sealed record ContactPoint(string Value, bool Valid, string? InvalidReason = null);

/// <summary>Kept current by ingestion from the customer's orders (cancelled orders excluded).</summary>
public sealed record CustomerAggregates
{
    public const int MaxBrands = 50;
    public const int MaxCategories = 50;
    /// <summary>Products whose purchase dates are kept (most recently bought first): enough to learn and predict replenishment.</summary>
    public const int MaxProducts = 40;
    public const int MaxDatesPerProduct = 10;

    public DateTimeOffset? FirstOrderAt { get; init; }
    public DateTimeOffset? LastOrderAt { get; init; }
    public int OrdersCount { get; init; }
    public decimal TotalSpent { get; init; }
    public decimal AverageCheck { get; init; }
    public string? Currency { get; init; }
    /// <summary>Brands bought, most recent first, each with the last time it was bought.</summary>
    public IReadOnlyList<Bought> Brands { get; init; } = [];
    /// <summary>Categories bought, most recent first, each with the last time it was bought.</summary>
    public IReadOnlyList<Bought> Categories { get; init; } = [];
    /// <summary>Products bought, most recent first, with the times of the orders they were in (newest last).</summary>
    public IReadOnlyList<ProductPurchases> Products { get; init; } = [];

    public static readonly CustomerAggregates None = new();
}

/// <summary>A brand or category a customer bought, and when they last bought it.</summary>
public sealed record Bought(string Name, DateTimeOffset LastAt);

/// <summary>
/// One product's purchases by one customer: the product key (platform product id, else SKU, else name), its
/// name and category as last seen, and the times of the orders it was in, oldest first.
/// </summary>
public sealed record ProductPurchases(string Product, string? Name, string? Category, IReadOnlyList<DateTimeOffset> Dates);

/// <summary>One person in one shop, after identity resolution.</summary>
public sealed record Customer
{
    public required string Id { get; init; }
    public required string ShopId { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? MiddleName { get; init; }
    public IReadOnlyList<ContactPoint> Emails { get; init; } = [];
    public IReadOnlyList<ContactPoint> Phones { get; init; } = [];
    public DateOnly? Birthday { get; init; }
    public Gender? Gender { get; init; }
    public string? City { get; init; }
    /// <summary>The person's own time zone (IANA id, e.g. <c>Asia/Vladivostok</c>) when a source says it; messages are timed by it.</summary>
    public string? TimeZone { get; init; }
    /// <summary>The shop's own labels for the person (Shopify tags, a CSV column), as written.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<Channel, Consent> Consents { get; init; } = new Dictionary<Channel, Consent>();
    /// <summary>Platform ("shopify", "woocommerce", "csv", …) → the customer's id there.</summary>
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
    /// <summary>Platform → the newest source <c>updated_at</c> applied; older events never overwrite newer data.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> SourceVersions { get; init; } = new Dictionary<string, DateTimeOffset>();
    public CustomerAggregates Aggregates { get; init; } = CustomerAggregates.None;
    /// <summary>RFM scores and segment as of the last segment computation, from the customer's row in SegmentMembers (the segment engine's table); filled where they are shown (templates, the CLI), not on every read.</summary>
    public Segments.RfmScore? Rfm { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Deleted on the shop platform: kept for history, never messaged.</summary>
    public DateTimeOffset? DeletedAt { get; init; }
    /// <summary>Set on the record left behind when this customer was merged into another.</summary>
    public string? MergedInto { get; init; }
}

public sealed record LineItem(
    string? ProductId,
    string? Sku,
    string? Name,
    string? Brand,
    string? Category,
    decimal Quantity,
    decimal Price);

public sealed record Order
{
    public required string Id { get; init; }
    public required string ShopId { get; init; }
    public required string CustomerId { get; init; }
    public required string Source { get; init; }
    public string? Number { get; init; }
    public string? Status { get; init; }
    public bool Cancelled { get; init; }
    public required string Currency { get; init; }
    public decimal Total { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyList<LineItem> Items { get; init; } = [];
}

public sealed record Cart
{
    public required string Id { get; init; }
    public required string ShopId { get; init; }
    public required string CustomerId { get; init; }
    public required string Source { get; init; }
    public IReadOnlyList<LineItem> Items { get; init; } = [];
    public decimal Total { get; init; }
    public string? Currency { get; init; }
    public string? RecoveryUrl { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public bool Converted { get; init; }
}
