using Hub.Customers;

namespace Hub.Shops.Shopify;

/// <summary>
/// GraphQL Admin API nodes as canonical records, keyed exactly as <see cref="ShopifyWebhooks"/> keys the same entities
/// (the REST ids: <c>legacyResourceId</c>, or the number at the end of a GID) so a person seen by a webhook and by a pull
/// is one customer. A node missing what a record cannot do without throws <see cref="ShopifyNodeException"/> naming the field.
/// </summary>
internal static class ShopifyNodeMapping
{
    public static CustomerRecord Customer(ShopifyCustomerNode customer)
    {
        var updatedAt = customer.UpdatedAt ?? throw Missing("updatedAt");
        var consents = new Dictionary<Channel, Consent>();
        AddConsent(consents, Channel.Email, customer.DefaultEmailAddress?.MarketingState, customer.DefaultEmailAddress?.MarketingUpdatedAt, updatedAt);
        AddConsent(consents, Channel.Sms, customer.DefaultPhoneNumber?.MarketingState, customer.DefaultPhoneNumber?.MarketingUpdatedAt, updatedAt);
        return new CustomerRecord
        {
            Source = Platforms.Shopify,
            ExternalId = ShopifyIds.Rest(customer.LegacyResourceId, customer.Id) ?? throw Missing("legacyResourceId"),
            FirstName = Clean(customer.FirstName),
            LastName = Clean(customer.LastName),
            Emails = Contacts(customer.DefaultEmailAddress?.EmailAddress),
            Phones = Contacts(customer.DefaultPhoneNumber?.PhoneNumber, customer.DefaultAddress?.Phone),
            City = Clean(customer.DefaultAddress?.City),
            Tags = [.. (customer.Tags ?? []).Select(Clean).OfType<string>()],
            Consents = consents,
            CreatedAt = customer.CreatedAt,
            UpdatedAt = updatedAt,
        };
    }

    /// <summary>An order with all its line items (<paramref name="items"/>: the node's own plus any read after it).</summary>
    public static OrderRecord Order(ShopifyOrderNode order, IReadOnlyList<ShopifyLineItemNode> items)
    {
        var financial = Clean(order.DisplayFinancialStatus)?.ToLowerInvariant();
        var fulfillment = Fulfillment(order.DisplayFulfillmentStatus);
        return new OrderRecord
        {
            Source = Platforms.Shopify,
            ExternalId = ShopifyIds.Rest(order.LegacyResourceId, order.Id) ?? throw Missing("legacyResourceId"),
            Number = Clean(order.Name),
            // The webhook's shape ({financial_status}/{fulfillment_status}), which OrderStages reads.
            Status = fulfillment is null ? financial : $"{financial ?? "unknown"}/{fulfillment}",
            Cancelled = order.CancelledAt is not null,
            Currency = Clean(order.CurrencyCode) ?? throw Missing("currencyCode"),
            Total = order.CurrentTotalPriceSet?.ShopMoney?.Amount ?? throw Missing("currentTotalPriceSet.shopMoney.amount"),
            CreatedAt = order.CreatedAt ?? throw Missing("createdAt"),
            UpdatedAt = order.UpdatedAt ?? throw Missing("updatedAt"),
            Customer = Buyer(order.Customer, order.Email, order.Phone, order.BillingAddress),
            Items = Items(items, "lineItems"),
        };
    }

    public static CartRecord Cart(ShopifyCheckoutNode checkout, IReadOnlyList<ShopifyLineItemNode> items)
    {
        var total = checkout.TotalPriceSet?.ShopMoney;
        return new CartRecord
        {
            Source = Platforms.Shopify,
            ExternalId = ShopifyIds.Rest(null, checkout.Id) ?? throw Missing("id"),
            // GraphQL's checkout has no email or phone of its own (the webhook's has): the customer's are used.
            Customer = Buyer(checkout.Customer, null, null, null),
            Items = Items(items, "lineItems"),
            Total = total?.Amount ?? throw Missing("totalPriceSet.shopMoney.amount"),
            Currency = Clean(total?.CurrencyCode),
            RecoveryUrl = Clean(checkout.AbandonedCheckoutUrl),
            UpdatedAt = checkout.UpdatedAt ?? throw Missing("updatedAt"),
            Converted = checkout.CompletedAt is not null,
        };
    }

    /// <summary>The buyer as an order or checkout names them: the customer (null for guests) plus the order's own contacts and billing name.</summary>
    static CustomerRecord Buyer(ShopifyCustomerNode? customer, string? email, string? phone, ShopifyAddress? billing) => new()
    {
        Source = Platforms.Shopify,
        ExternalId = customer is null ? null : ShopifyIds.Rest(customer.LegacyResourceId, customer.Id),
        FirstName = Clean(customer?.FirstName) ?? Clean(billing?.FirstName),
        LastName = Clean(customer?.LastName) ?? Clean(billing?.LastName),
        Emails = Contacts(email, customer?.DefaultEmailAddress?.EmailAddress),
        Phones = Contacts(phone, customer?.DefaultPhoneNumber?.PhoneNumber, billing?.Phone),
        City = Clean(customer?.DefaultAddress?.City) ?? Clean(billing?.City),
        CreatedAt = customer?.CreatedAt,
        UpdatedAt = customer?.UpdatedAt,
    };

    /// <summary>Vendor is Shopify's stand-in for a brand (the line item's, else the product's); the product type is the category.</summary>
    static IReadOnlyList<LineItem> Items(IReadOnlyList<ShopifyLineItemNode> items, string field)
        => [.. items.Select((item, index) => new LineItem(
            ProductId: Clean(item.Product?.LegacyResourceId),
            Sku: Clean(item.Sku),
            Name: Clean(item.Title) ?? Clean(item.Name),
            Brand: Clean(item.Vendor) ?? Clean(item.Product?.Vendor),
            Category: Clean(item.Product?.ProductType),
            Quantity: item.Quantity ?? throw Missing($"{field}[{index}].quantity"),
            Price: item.OriginalUnitPriceSet?.ShopMoney?.Amount ?? throw Missing($"{field}[{index}].originalUnitPriceSet.shopMoney.amount")))];

    static string? Fulfillment(string? status) => Clean(status) is not { } value
        ? null
        : ShopifyFacts.FulfillmentStatuses.TryGetValue(value, out var rest) ? rest : value.ToLowerInvariant();

    /// <summary>The consent time is Shopify's <c>marketingUpdatedAt</c>, else the customer's own <c>updatedAt</c>.</summary>
    static void AddConsent(Dictionary<Channel, Consent> consents, Channel channel, string? state, DateTimeOffset? at, DateTimeOffset updatedAt)
    {
        if (ShopifyMarketingStates.ToConsent(state) is { } known)
        {
            consents[channel] = new Consent(known, Platforms.Shopify, at ?? updatedAt);
        }
    }

    static IReadOnlyList<string> Contacts(params string?[] values)
        => [.. values.Select(Clean).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Trimmed; empty reads as absent, as in webhook payloads.</summary>
    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static ShopifyNodeException Missing(string field) => new($"field '{field}' is missing");
}

/// <summary>A node that cannot become a record; the message names the field and never its value.</summary>
internal sealed class ShopifyNodeException(string message) : Exception(message);
