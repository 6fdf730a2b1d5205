using Hub.Customers;
using Hub.Webhooks;

namespace Hub.Shops.Ecwid;

/// <summary>
/// Ecwid customers, orders and abandoned carts (REST v3 JSON, camelCase) as canonical records (shop-platforms.md §5).
/// Times are <c>2024-06-04 21:15:10 +0000</c> strings or UNIX timestamps; the unconfirmed fields (currency, brand,
/// recovery URL, what a null <c>acceptMarketing</c> means) come from <see cref="EcwidFacts"/>. Ecwid has no birthday,
/// gender or SMS consent field.
/// </summary>
internal static class EcwidMapping
{
    /// <summary>
    /// <c>{id, email, name, billingPerson{firstName, lastName, name, phone}, contacts[]{type, contact},
    /// shippingAddresses[]{phone}, acceptMarketing, registered, updated}</c>.
    /// </summary>
    public static CustomerRecord Customer(PayloadObject customer)
    {
        var updated = customer.Time("updated");
        var billing = customer.Object("billingPerson");
        var contacts = customer.Objects("contacts");
        var (first, last) = Names(billing, customer.Text("name"));
        var marketing = customer.OptionalBool("acceptMarketing") switch
        {
            true => ConsentState.Granted,
            false => ConsentState.Denied,
            null => EcwidFacts.AcceptMarketingUnset,
        };
        return new CustomerRecord
        {
            Source = Platforms.Ecwid,
            ExternalId = customer.Id("id"),
            FirstName = first,
            LastName = last,
            Emails = Contacts([customer.Text("email"), .. ContactsOf(contacts, "EMAIL")]),
            Phones = Contacts([billing?.Text("phone"), .. ContactsOf(contacts, "PHONE"), .. customer.Objects("shippingAddresses").Select(a => a.Text("phone"))]),
            // Ecwid gives no consent time: the record's own update time stands in.
            Consents = new Dictionary<Channel, Consent> { [EcwidFacts.MarketingChannel] = new(marketing, Platforms.Ecwid, updated) },
            CreatedAt = customer.OptionalTime("registered"),
            UpdatedAt = updated,
        };
    }

    /// <summary>
    /// <c>{id, orderNumber, email, customerId, total, paymentStatus, fulfillmentStatus, createDate, updateDate,
    /// billingPerson, shippingPerson, items[]{productId, sku, name, price, quantity, attributes[]}}</c>; an
    /// <c>INCOMPLETE</c> order is an unfinished sale and is left to the carts.
    /// </summary>
    public static ShopChange Order(PayloadObject order)
    {
        var id = order.Id("id");
        var payment = order.Text("paymentStatus");
        if (string.Equals(payment, EcwidFacts.UnfinishedPaymentStatus, StringComparison.OrdinalIgnoreCase))
        {
            return new ShopChange.Ignore($"ecwid order {id} is an unfinished sale ({EcwidFacts.UnfinishedPaymentStatus}), not a purchase; abandoned carts come from /carts");
        }
        var fulfillment = order.Text("fulfillmentStatus");
        return new ShopChange.UpsertOrder(new OrderRecord
        {
            Source = Platforms.Ecwid,
            ExternalId = id,
            Number = order.OptionalId("orderNumber"),
            Status = fulfillment is null ? payment : $"{payment ?? "unknown"}/{fulfillment}",
            Cancelled = EcwidFacts.IsCancelled(payment, fulfillment),
            Currency = order.Text(EcwidFacts.CurrencyField),
            Total = order.Decimal("total"),
            CreatedAt = Time(order, "createDate", "createTimestamp"),
            UpdatedAt = Time(order, "updateDate", "updateTimestamp"),
            Customer = Buyer(order),
            Items = Items(order),
        });
    }

    /// <summary>
    /// <c>{cartId, email, customerId, total, billingPerson, items[], recoveredOrderId, createTimestamp, updateTimestamp}</c>;
    /// a cart that names nobody (no email, no customer) cannot be followed up and is ignored.
    /// </summary>
    public static ShopChange Cart(PayloadObject cart)
    {
        var id = cart.Text("cartId") ?? throw cart.Missing("cartId");
        var buyer = Buyer(cart);
        if (buyer.ExternalId is null && buyer.Emails.Count == 0 && buyer.Phones.Count == 0)
        {
            return new ShopChange.Ignore($"ecwid cart {id} names no customer, email or phone: nobody to remind");
        }
        return new ShopChange.UpsertCart(new CartRecord
        {
            Source = Platforms.Ecwid,
            ExternalId = id,
            Customer = buyer,
            Items = Items(cart),
            Total = cart.Decimal("total"),
            Currency = cart.Text(EcwidFacts.CurrencyField),
            RecoveryUrl = EcwidFacts.CartRecoveryUrlField is { } field ? cart.Text(field) : null,
            UpdatedAt = Time(cart, "updateDate", "updateTimestamp"),
            // A recovered cart became an order.
            Converted = cart.OptionalId("recoveredOrderId") is not null and not "0",
        });
    }

    /// <summary>The buyer of an order or cart: the customer id (0 or absent for guests), email and billing name and phones.</summary>
    static CustomerRecord Buyer(PayloadObject order)
    {
        var billing = order.Object("billingPerson");
        var (first, last) = Names(billing, null);
        var customerId = order.OptionalId("customerId");
        return new CustomerRecord
        {
            Source = Platforms.Ecwid,
            ExternalId = customerId is "0" ? null : customerId,
            FirstName = first,
            LastName = last,
            Emails = Contacts([order.Text("email")]),
            Phones = Contacts([billing?.Text("phone"), order.Object("shippingPerson")?.Text("phone")]),
        };
    }

    static IReadOnlyList<LineItem> Items(PayloadObject order)
        => [.. order.Objects("items").Select(item => new LineItem(
            ProductId: item.OptionalId("productId"),
            Sku: item.Text("sku"),
            Name: item.Text("name"),
            Brand: item.Objects("attributes")
                .Where(a => string.Equals(a.Text("name"), EcwidFacts.BrandAttribute, StringComparison.OrdinalIgnoreCase))
                .Select(a => a.Text("value"))
                .FirstOrDefault(),
            // Items carry only a categoryId; names live on /categories.
            Category: null,
            Quantity: item.Decimal("quantity"),
            Price: item.Decimal("price")))];

    /// <summary><c>billingPerson{firstName, lastName}</c>, else the full name as the first name (Ecwid keeps no split then).</summary>
    static (string? First, string? Last) Names(PayloadObject? billing, string? fullName)
    {
        var first = billing?.Text("firstName");
        var last = billing?.Text("lastName");
        return first is null && last is null ? (billing?.Text("name") ?? fullName, null) : (first, last);
    }

    /// <summary>The date string, else the UNIX timestamp, of a required time.</summary>
    static DateTimeOffset Time(PayloadObject item, string dateField, string timestampField)
    {
        if (item.OptionalTime(dateField) is { } time)
        {
            return time;
        }
        var seconds = item.OptionalDecimal(timestampField) ?? throw item.Missing(dateField);
        return DateTimeOffset.FromUnixTimeSeconds((long)seconds);
    }

    static IEnumerable<string?> ContactsOf(IReadOnlyList<PayloadObject> contacts, string type)
        => contacts.Where(c => string.Equals(c.Text("type"), type, StringComparison.OrdinalIgnoreCase)).Select(c => c.Text("contact"));

    static IReadOnlyList<string> Contacts(IEnumerable<string?> values)
        => [.. values.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
}
