using Hub.Customers;
using Hub.Segments;
using Hub.Shops;

namespace Hub.Messaging.Templates;

/// <summary>
/// What one message is rendered from: the shop, the person, and what the message is about — an order (status
/// messages), a cart (abandoned cart), a segment the person entered with its member detail (birthday, replenishment,
/// win-back) — and the person's one-click unsubscribe link. Anything may be missing; its variables then render empty.
/// </summary>
public sealed record TemplateData(Shop Shop)
{
    public Customer? Customer { get; init; }
    public Order? Order { get; init; }
    public Cart? Cart { get; init; }
    public TemplateSegment? Segment { get; init; }
    public string? UnsubscribeUrl { get; init; }
}

/// <summary>The segment behind a message: its id, the name a marketer gave it, and the member's detail row.</summary>
public sealed record TemplateSegment(string Id, string? Name = null, MemberDetail? Detail = null);
