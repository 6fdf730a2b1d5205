namespace Hub.Customers;

/// <summary>
/// What a source (a webhook, a pull, a CSV row) says about a person, before normalisation and
/// identity resolution. Contacts are raw strings as the source wrote them.
/// </summary>
public sealed record CustomerRecord
{
    /// <summary>The platform the record comes from: "shopify", "woocommerce", "csv", ….</summary>
    public required string Source { get; init; }
    /// <summary>The customer's id on that platform; null for guests.</summary>
    public string? ExternalId { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? MiddleName { get; init; }
    public IReadOnlyList<string> Emails { get; init; } = [];
    public IReadOnlyList<string> Phones { get; init; } = [];
    public DateOnly? Birthday { get; init; }
    public Gender? Gender { get; init; }
    public string? City { get; init; }
    /// <summary>An IANA time zone id (<c>Europe/Moscow</c>); readers keep only ids they could find.</summary>
    public string? TimeZone { get; init; }
    /// <summary>Tags as the source keeps them; an empty list means the source said nothing about tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<Channel, Consent> Consents { get; init; } = new Dictionary<Channel, Consent>();
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>The source's own <c>updated_at</c>; events older than what we hold are ignored.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed record OrderRecord
{
    public required string Source { get; init; }
    public required string ExternalId { get; init; }
    public string? Number { get; init; }
    public string? Status { get; init; }
    public bool Cancelled { get; init; }
    public string? Currency { get; init; }
    public decimal Total { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The buyer as the order names them (platform customer id, email, phone, name).</summary>
    public required CustomerRecord Customer { get; init; }
    public IReadOnlyList<LineItem> Items { get; init; } = [];
}

public sealed record CartRecord
{
    public required string Source { get; init; }
    public required string ExternalId { get; init; }
    public required CustomerRecord Customer { get; init; }
    public IReadOnlyList<LineItem> Items { get; init; } = [];
    public decimal Total { get; init; }
    public string? Currency { get; init; }
    public string? RecoveryUrl { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public bool Converted { get; init; }
}

/// <summary>What one shop event asks the customer base to do.</summary>
public abstract record ShopChange
{
    public sealed record UpsertCustomer(CustomerRecord Customer) : ShopChange;
    public sealed record UpsertOrder(OrderRecord Order) : ShopChange;
    public sealed record UpsertCart(CartRecord Cart) : ShopChange;
    /// <summary>A consent change only: applied by its own time, independent of profile updates.</summary>
    public sealed record UpdateConsent(CustomerRecord Customer) : ShopChange;
    /// <summary>The customer was deleted on the platform: flagged, kept for history, never messaged.</summary>
    public sealed record DeleteCustomer(CustomerRecord Customer, DateTimeOffset At) : ShopChange;
    /// <summary>A privacy erasure request (e.g. Shopify customers/redact): the person is removed everywhere.</summary>
    public sealed record EraseCustomer(CustomerRecord Customer) : ShopChange;
    /// <summary>
    /// A webhook that only says an entity changed (Ecwid's thin events, RetailCRM triggers, unsigned InSales
    /// deliveries): the entity is re-read from the platform's API and what it says now is applied.
    /// </summary>
    public sealed record Refetch(Shops.Sync.SyncResource Resource, string Id) : ShopChange;
    /// <summary>Nothing to do (a topic we do not use); recorded as processed.</summary>
    public sealed record Ignore(string Reason) : ShopChange;
}
