using System.Globalization;
using System.Text.Json.Nodes;

namespace Hub.Tests.Shops.Shopify;

/// <summary>
/// GraphQL Admin API nodes as Shopify writes them (2026-01 field names, GIDs, <c>legacyResourceId</c> and money amounts as
/// strings), written by hand rather than with the client's records. Optional parts are filled by the <c>with</c> actions.
/// </summary>
static class ShopifyFakeNodes
{
    public static readonly DateTimeOffset Base = new(2025, 3, 15, 10, 0, 0, TimeSpan.Zero);

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Customer(long id, DateTimeOffset updatedAt, string? email = null, string emailState = "NOT_SUBSCRIBED",
        string? phone = null, string phoneState = "NOT_SUBSCRIBED", Action<JsonObject>? with = null)
    {
        var node = new JsonObject
        {
            ["id"] = $"gid://shopify/Customer/{id}",
            ["legacyResourceId"] = id.ToString(CultureInfo.InvariantCulture),
            ["firstName"] = "Anna",
            ["lastName"] = "Smirnova",
            ["tags"] = new JsonArray(),
            ["createdAt"] = Time(updatedAt.AddDays(-30)),
            ["updatedAt"] = Time(updatedAt),
            ["defaultEmailAddress"] = email is null ? null : new JsonObject { ["emailAddress"] = email, ["marketingState"] = emailState, ["marketingUpdatedAt"] = null },
            ["defaultPhoneNumber"] = phone is null ? null : new JsonObject { ["phoneNumber"] = phone, ["marketingState"] = phoneState, ["marketingUpdatedAt"] = null },
            ["defaultAddress"] = null,
        };
        with?.Invoke(node);
        return node;
    }

    public static JsonObject Order(long id, DateTimeOffset updatedAt, JsonObject? customer = null, int lineItems = 1, Action<JsonObject>? with = null)
    {
        var node = new JsonObject
        {
            ["id"] = $"gid://shopify/Order/{id}",
            ["legacyResourceId"] = id.ToString(CultureInfo.InvariantCulture),
            ["name"] = $"#{1000 + id % 1000}",
            ["email"] = "anna.smirnova@example.com",
            ["phone"] = null,
            ["createdAt"] = Time(updatedAt.AddMinutes(-2)),
            ["updatedAt"] = Time(updatedAt),
            ["cancelledAt"] = null,
            ["currencyCode"] = "RUB",
            ["displayFinancialStatus"] = "PAID",
            ["displayFulfillmentStatus"] = "UNFULFILLED",
            ["currentTotalPriceSet"] = Money("1890.25"),
            ["customer"] = customer,
            ["billingAddress"] = new JsonObject { ["firstName"] = "Anna", ["lastName"] = "Smirnova", ["phone"] = "+7 916 123-45-67", ["city"] = "Moscow" },
            ["lineItems"] = LineItems(Enumerable.Range(1, lineItems).Select(i => OrderLineItem($"SKU-{i}", quantity: i))),
        };
        with?.Invoke(node);
        return node;
    }

    /// <summary>An order's <c>customer</c>: what the orders query asks for.</summary>
    public static JsonObject Buyer(long id, DateTimeOffset updatedAt) => new()
    {
        ["legacyResourceId"] = id.ToString(CultureInfo.InvariantCulture),
        ["firstName"] = "Anna",
        ["lastName"] = "Smirnova",
        ["createdAt"] = Time(updatedAt.AddDays(-30)),
        ["updatedAt"] = Time(updatedAt),
    };

    public static JsonObject OrderLineItem(string sku, decimal quantity = 1, string price = "1890.25", string? vendor = "La Roche-Posay",
        string? productType = "Serum", long? productId = 8123456789012, string title = "Hydrating Serum") => new()
    {
        ["sku"] = sku,
        ["title"] = title,
        ["name"] = $"{title} - 30 ml",
        ["vendor"] = vendor,
        ["quantity"] = quantity,
        ["originalUnitPriceSet"] = Money(price),
        ["product"] = productId is null ? null : new JsonObject
        {
            ["legacyResourceId"] = productId.Value.ToString(CultureInfo.InvariantCulture),
            ["productType"] = productType,
        },
    };

    public static JsonObject Checkout(long id, DateTimeOffset updatedAt, JsonObject? customer = null, int lineItems = 1, Action<JsonObject>? with = null)
    {
        var node = new JsonObject
        {
            ["id"] = $"gid://shopify/AbandonedCheckout/{id}",
            ["createdAt"] = Time(updatedAt.AddMinutes(-3)),
            ["updatedAt"] = Time(updatedAt),
            ["completedAt"] = null,
            ["abandonedCheckoutUrl"] = $"https://hub-demo.myshopify.com/65432/checkouts/ac/{id:x}/recover?key=5f3c",
            ["totalPriceSet"] = Money("3899.97", "RUB"),
            ["customer"] = customer,
            ["lineItems"] = LineItems(Enumerable.Range(1, lineItems).Select(i => CheckoutLineItem($"SUN-{i}"))),
        };
        with?.Invoke(node);
        return node;
    }

    /// <summary>A checkout's <c>customer</c>: with the email and phone the checkout itself does not carry in GraphQL.</summary>
    public static JsonObject CheckoutBuyer(long id, string? email, string? phone = null) => new()
    {
        ["legacyResourceId"] = id.ToString(CultureInfo.InvariantCulture),
        ["firstName"] = "Ivan",
        ["lastName"] = "Petrov",
        ["createdAt"] = "2024-11-02T14:00:00Z",
        ["updatedAt"] = "2025-03-18T17:14:29Z",
        ["defaultEmailAddress"] = email is null ? null : new JsonObject { ["emailAddress"] = email },
        ["defaultPhoneNumber"] = phone is null ? null : new JsonObject { ["phoneNumber"] = phone },
    };

    public static JsonObject CheckoutLineItem(string sku, decimal quantity = 3, string price = "1299.99") => new()
    {
        ["sku"] = sku,
        ["title"] = "Sunscreen SPF 50",
        ["quantity"] = quantity,
        ["originalUnitPriceSet"] = Money(price),
        ["product"] = new JsonObject { ["legacyResourceId"] = "8123456789014", ["vendor"] = "Bioderma", ["productType"] = "Sun care" },
    };

    public static JsonObject LineItems(IEnumerable<JsonObject> items) => new()
    {
        ["nodes"] = new JsonArray([.. items]),
        ["pageInfo"] = new JsonObject { ["hasNextPage"] = false, ["endCursor"] = null },
    };

    public static JsonObject Money(string amount, string? currency = null)
    {
        var money = new JsonObject { ["amount"] = amount };
        if (currency is not null)
        {
            money["currencyCode"] = currency;
        }
        return new JsonObject { ["shopMoney"] = money };
    }
}
