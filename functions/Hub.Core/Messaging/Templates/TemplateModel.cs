using Hub.Customers;
using Hub.Segments;

namespace Hub.Messaging.Templates;

/// <summary>
/// The variables a template sees, as records whose properties Fluid exposes under snake_case names
/// (<c>FirstName</c> → <c>customer.first_name</c>). A view made for templates rather than the domain records
/// themselves: only what a message may show is reachable (no consents, external ids, source versions), names are
/// the ones shop owners write, times are already in the shop's time zone (Fluid's <c>date</c> filter prints a
/// <see cref="DateTimeOffset"/> in its own offset) and calendar dates are midnight there (Fluid has no
/// <see cref="DateOnly"/>). The same types tell <see cref="TemplateVariableChecker"/> which names exist.
/// </summary>
internal sealed record TemplateModel(
    CustomerVariables? Customer,
    OrderVariables? Order,
    CartVariables? Cart,
    SegmentVariables? Segment,
    ShopVariables Shop,
    string? UnsubscribeUrl)
{
    /// <summary>Every type Fluid may read members of.</summary>
    public static readonly IReadOnlyList<Type> Types =
    [
        typeof(TemplateModel), typeof(CustomerVariables), typeof(RfmVariables), typeof(OrderVariables),
        typeof(LineItemVariables), typeof(CartVariables), typeof(SegmentVariables), typeof(ShopVariables),
    ];

    public static TemplateModel From(TemplateData data)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(data.Shop.TimeZone);
        var times = new LocalTimes(zone);
        return new TemplateModel(
            data.Customer is { } customer ? CustomerVariables.From(customer, times) : null,
            data.Order is { } order ? OrderVariables.From(order, times) : null,
            CartVariables.From(data.Cart, data.Segment?.Detail, times),
            data.Segment is { } segment ? SegmentVariables.From(segment, times) : null,
            new ShopVariables(data.Shop.Id, data.Shop.Name ?? data.Shop.Id, data.Shop.Currency, data.Shop.TimeZone),
            data.UnsubscribeUrl);
    }
}

/// <summary>Moments and calendar dates as a template shows them: in the shop's time zone.</summary>
internal readonly record struct LocalTimes(TimeZoneInfo Zone)
{
    public DateTimeOffset? Of(DateTimeOffset? moment) => moment is { } m ? TimeZoneInfo.ConvertTime(m, Zone) : null;

    public DateTimeOffset? Of(DateOnly? date)
    {
        if (date is not { } d)
        {
            return null;
        }
        var midnight = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>2.0 shows as 2, 1290.50 as 1290.5: Fluid prints a decimal's scale as stored.</summary>
    public static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;
}

internal sealed record CustomerVariables(
    string Id,
    string? FirstName,
    string? LastName,
    string? MiddleName,
    string? FullName,
    string? Email,
    string? Phone,
    string? City,
    string? Gender,
    DateTimeOffset? Birthday,
    int OrdersCount,
    decimal TotalSpent,
    decimal AverageCheck,
    DateTimeOffset? FirstOrderAt,
    DateTimeOffset? LastOrderAt,
    RfmVariables? Rfm,
    IReadOnlyList<string> Tags)
{
    public static CustomerVariables From(Customer c, LocalTimes times)
    {
        var full = string.Join(' ', new[] { c.FirstName, c.MiddleName, c.LastName }.Where(part => !string.IsNullOrWhiteSpace(part)).Select(part => part!.Trim()));
        return new CustomerVariables(
            c.Id,
            c.FirstName,
            c.LastName,
            c.MiddleName,
            full.Length > 0 ? full : null,
            c.Emails.FirstOrDefault(e => e.Valid)?.Value,
            c.Phones.FirstOrDefault(p => p.Valid)?.Value,
            c.City,
            c.Gender?.ToString().ToLowerInvariant(),
            times.Of(c.Birthday),
            c.Aggregates.OrdersCount,
            LocalTimes.Plain(c.Aggregates.TotalSpent),
            LocalTimes.Plain(decimal.Round(c.Aggregates.AverageCheck, 2)),
            times.Of(c.Aggregates.FirstOrderAt),
            times.Of(c.Aggregates.LastOrderAt),
            c.Rfm is { } rfm ? new RfmVariables(rfm.R, rfm.F, rfm.M, rfm.Segment.Id, rfm.Segment.Name) : null,
            c.Tags);
    }
}

/// <summary>RFM scores 1–5 and the segment of the R×F cell: its id (<c>rfm-champions</c>) and name.</summary>
internal sealed record RfmVariables(int R, int F, int M, string Segment, string SegmentName);

internal sealed record OrderVariables(
    string Id,
    string Number,
    string? Status,
    decimal Total,
    string Currency,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<LineItemVariables> Items,
    int ItemsCount)
{
    public static OrderVariables From(Order o, LocalTimes times)
    {
        var items = o.Items.Select(LineItemVariables.From).ToArray();
        return new OrderVariables(
            o.Id, o.Number ?? o.Id, o.Status, LocalTimes.Plain(o.Total), o.Currency, times.Of(o.CreatedAt), items,
            (int)o.Items.Sum(i => i.Quantity));
    }
}

internal sealed record LineItemVariables(string? Name, string? Sku, string? Brand, string? Category, decimal Quantity, decimal Price, decimal Total)
{
    public static LineItemVariables From(LineItem i) => new(
        i.Name ?? i.Sku, i.Sku, i.Brand, i.Category, LocalTimes.Plain(i.Quantity), LocalTimes.Plain(i.Price), LocalTimes.Plain(i.Quantity * i.Price));
}

/// <summary>The cart to recover: the cart itself when the message has one, else what the abandoned-cart member row carries.</summary>
internal sealed record CartVariables(
    IReadOnlyList<LineItemVariables> Items,
    int ItemsCount,
    decimal Total,
    string? Currency,
    string? RecoveryUrl,
    DateTimeOffset? UpdatedAt)
{
    public static CartVariables? From(Cart? cart, MemberDetail? detail, LocalTimes times)
    {
        if (cart is not null)
        {
            return new CartVariables(
                cart.Items.Select(LineItemVariables.From).ToArray(), (int)cart.Items.Sum(i => i.Quantity), LocalTimes.Plain(cart.Total),
                cart.Currency, cart.RecoveryUrl, times.Of(cart.UpdatedAt));
        }
        if (detail is { CartId: not null } or { RecoveryUrl: not null })
        {
            return new CartVariables([], detail.CartItems ?? 0, LocalTimes.Plain(detail.CartTotal ?? 0), detail.Currency, detail.RecoveryUrl, times.Of(detail.AbandonedAt));
        }
        return null;
    }
}

/// <summary>The segment behind the message and the member's detail: the product due and when, the birthday and in how many days, RFM scores.</summary>
internal sealed record SegmentVariables(
    string Id,
    string Name,
    string? Product,
    string? ProductName,
    DateTimeOffset? ExpectedOn,
    int? IntervalDays,
    int? DueProducts,
    DateTimeOffset? BirthdayOn,
    int? InDays,
    DateTimeOffset? AbandonedAt,
    int? R,
    int? F,
    int? M)
{
    public static SegmentVariables From(TemplateSegment s, LocalTimes times)
    {
        var d = s.Detail ?? new MemberDetail();
        return new SegmentVariables(
            s.Id, s.Name ?? s.Id, d.Product, d.ProductName ?? d.Product, times.Of(d.ExpectedOn),
            d.IntervalDays is { } days ? (int)Math.Round(days) : null, d.DueProducts,
            times.Of(d.BirthdayOn), d.InDays, times.Of(d.AbandonedAt), d.R, d.F, d.M);
    }
}

internal sealed record ShopVariables(string Id, string Name, string Currency, string TimeZone);
