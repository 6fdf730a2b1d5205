using Hub.Customers;
using Hub.Webhooks;

namespace Hub.Shops.InSales;

/// <summary>
/// InSales clients and orders (API JSON, snake_case) as canonical records. Field names follow shop-platforms.md §4;
/// the unconfirmed ones (currency, cancelled statuses, what <c>subscribe</c> covers) come from <see cref="InSalesFacts"/>.
/// Birthday, gender and SMS consent are not read: no source documents them.
/// </summary>
internal static class InSalesMapping
{
    /// <summary><c>{id, name, surname, middlename, email, phone, subscribe, created_at, updated_at}</c>.</summary>
    public static CustomerRecord Client(PayloadObject client)
    {
        var updatedAt = client.Time("updated_at");
        var consents = new Dictionary<Channel, Consent>();
        if (client.OptionalBool("subscribe") is { } subscribed)
        {
            // InSales gives no consent time: the record's own updated time stands in.
            consents[InSalesFacts.SubscribeChannel] = new Consent(subscribed ? ConsentState.Granted : ConsentState.Denied, Platforms.InSales, updatedAt);
        }
        return new CustomerRecord
        {
            Source = Platforms.InSales,
            ExternalId = client.Id("id"),
            FirstName = client.Text("name"),
            LastName = client.Text("surname"),
            MiddleName = client.Text("middlename"),
            Emails = Contacts(client.Text("email")),
            Phones = Contacts(client.Text("phone")),
            Consents = consents,
            CreatedAt = client.OptionalTime("created_at"),
            UpdatedAt = updatedAt,
        };
    }

    /// <summary>
    /// <c>{id, number, client{…}, financial_status, fulfillment_status, total_price, order_lines[]{product_id, sku,
    /// title, quantity, sale_price}, created_at, updated_at}</c>. Order lines carry no brand or category.
    /// </summary>
    public static OrderRecord Order(PayloadObject order)
    {
        var financial = order.Text("financial_status");
        var fulfillment = order.Text("fulfillment_status");
        return new OrderRecord
        {
            Source = Platforms.InSales,
            ExternalId = order.Id("id"),
            Number = order.OptionalId("number"),
            Status = fulfillment is null ? financial : $"{financial ?? "unknown"}/{fulfillment}",
            Cancelled = InSalesFacts.IsCancelled(financial, fulfillment),
            Currency = InSalesFacts.IsoCurrency(order.Text(InSalesFacts.OrderCurrencyField)),
            Total = order.Decimal("total_price"),
            CreatedAt = order.Time("created_at"),
            UpdatedAt = order.Time("updated_at"),
            Customer = Buyer(order),
            Items = [.. order.Objects("order_lines").Select(line => new LineItem(
                ProductId: line.OptionalId("product_id"),
                Sku: line.Text("sku"),
                Name: line.Text("title"),
                Brand: null,
                Category: null,
                Quantity: line.Decimal("quantity"),
                Price: line.Decimal("sale_price")))],
        };
    }

    /// <summary>The order's <c>client</c> (contacts and name; consent comes from the client itself), plus the delivery phone.</summary>
    static CustomerRecord Buyer(PayloadObject order)
    {
        var client = order.Object("client");
        return new CustomerRecord
        {
            Source = Platforms.InSales,
            ExternalId = client?.OptionalId("id"),
            FirstName = client?.Text("name"),
            LastName = client?.Text("surname"),
            MiddleName = client?.Text("middlename"),
            Emails = Contacts(client?.Text("email")),
            Phones = Contacts(client?.Text("phone"), order.Object("shipping_address")?.Text("phone")),
            CreatedAt = client?.OptionalTime("created_at"),
            UpdatedAt = client?.OptionalTime("updated_at"),
        };
    }

    static IReadOnlyList<string> Contacts(params string?[] values)
        => [.. values.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
}
