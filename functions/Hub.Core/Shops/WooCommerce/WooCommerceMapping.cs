using System.Text.Json;
using Hub.Customers;
using Hub.Shops.Sync;
using Hub.Webhooks;

namespace Hub.Shops.WooCommerce;

/// <summary>
/// The REST v3 representation of customers and orders (<c>/wc/v3/customers/{id}</c>, <c>/wc/v3/orders/{id}</c>) as
/// canonical records. Webhook payloads are that same representation built at send time, so webhooks
/// (<see cref="WooCommerceWebhooks"/>) and pulls (<see cref="WooCommercePull"/>) share this one mapping. A field that
/// cannot be read is a <see cref="WebhookFormatException"/> naming its path.
/// </summary>
internal static class WooCommerceMapping
{
    /// <summary>Order statuses after which the order does not count as a purchase.</summary>
    static readonly string[] CancelledStatuses = ["cancelled", "refunded", "failed"];

    /// <summary>
    /// One pulled or fetched item as a change. An item that cannot be read becomes an Ignore that names the item and
    /// the field (<c>order 728: field 'line_items[0].quantity' is missing</c>), so the rest of its page still maps.
    /// </summary>
    public static ShopChange Change(SyncResource resource, JsonElement item, int position)
    {
        var kind = resource == SyncResource.Orders ? "order" : "customer";
        var name = Id(item) is { } id ? $"{kind} {id}" : $"{kind} at position {position + 1} of the page";
        try
        {
            var root = PayloadObject.Root(item, name);
            return resource == SyncResource.Orders
                ? new ShopChange.UpsertOrder(Order(root))
                : new ShopChange.UpsertCustomer(Customer(root));
        }
        catch (WebhookFormatException e)
        {
            return new ShopChange.Ignore(e.Message);
        }
    }

    /// <summary>The item's numeric <c>id</c>, or null when it has none that can be read.</summary>
    public static long? Id(JsonElement item)
        => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value)
            ? value
            : null;

    /// <summary>
    /// WooCommerce writes <c>*_gmt</c> times without an offset; they are UTC. A customer never edited
    /// since registration may have no modification date: its creation date stands in.
    /// </summary>
    public static DateTimeOffset ModifiedAt(PayloadObject root)
        => root.OptionalTime("date_modified_gmt") ?? root.OptionalTime("date_created_gmt") ?? throw root.Missing("date_modified_gmt");

    public static CustomerRecord Customer(PayloadObject customer)
    {
        var billing = customer.Object("billing");
        return new CustomerRecord
        {
            Source = Platforms.WooCommerce,
            ExternalId = customer.Id("id"),
            FirstName = customer.Text("first_name") ?? billing?.Text("first_name"),
            LastName = customer.Text("last_name") ?? billing?.Text("last_name"),
            Emails = Contacts(customer.Text("email"), billing?.Text("email")),
            Phones = Contacts(billing?.Text("phone")),
            City = billing?.Text("city"),
            CreatedAt = customer.OptionalTime("date_created_gmt"),
            UpdatedAt = ModifiedAt(customer),
        };
    }

    public static OrderRecord Order(PayloadObject order)
    {
        var status = order.Text("status");
        var billing = order.Object("billing");
        var customerId = order.OptionalId("customer_id");
        return new OrderRecord
        {
            Source = Platforms.WooCommerce,
            ExternalId = order.Id("id"),
            Number = order.Text("number"),
            Status = status,
            Cancelled = status is not null && CancelledStatuses.Contains(status, StringComparer.OrdinalIgnoreCase),
            Currency = order.Text("currency") ?? throw order.Missing("currency"),
            Total = order.Decimal("total"),
            CreatedAt = order.Time("date_created_gmt"),
            UpdatedAt = order.Time("date_modified_gmt"),
            Customer = new CustomerRecord
            {
                Source = Platforms.WooCommerce,
                // customer_id 0 is a guest checkout.
                ExternalId = customerId is "0" ? null : customerId,
                FirstName = billing?.Text("first_name"),
                LastName = billing?.Text("last_name"),
                Emails = Contacts(billing?.Text("email")),
                Phones = Contacts(billing?.Text("phone")),
                City = billing?.Text("city"),
            },
            // Brand and category live on /products/{id}, not on the order.
            Items = [.. order.Objects("line_items").Select(item => new LineItem(
                ProductId: item.OptionalId("product_id") is { } productId and not "0" ? productId : null,
                Sku: item.Text("sku"),
                Name: item.Text("name"),
                Brand: null,
                Category: null,
                Quantity: item.Decimal("quantity"),
                Price: item.Decimal("price")))],
        };
    }

    static IReadOnlyList<string> Contacts(params string?[] values)
        => [.. values.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
}
