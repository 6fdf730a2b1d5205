namespace Hub.Shops.Shopify;

// The GraphQL Admin API nodes the pull reads, with only the fields ShopifyQueries asks for. Everything is nullable
// here: ShopifyNodeMapping decides what a node cannot do without and names the field when it is missing.

/// <summary>A customer, also the <c>customer</c> of an order or checkout (with fewer fields asked for).</summary>
internal sealed record ShopifyCustomerNode(
    string? Id,
    string? LegacyResourceId,
    string? FirstName,
    string? LastName,
    IReadOnlyList<string>? Tags,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    ShopifyEmailAddress? DefaultEmailAddress,
    ShopifyPhoneNumber? DefaultPhoneNumber,
    ShopifyAddress? DefaultAddress);

internal sealed record ShopifyEmailAddress(string? EmailAddress, string? MarketingState, DateTimeOffset? MarketingUpdatedAt);

internal sealed record ShopifyPhoneNumber(string? PhoneNumber, string? MarketingState, DateTimeOffset? MarketingUpdatedAt);

internal sealed record ShopifyAddress(string? FirstName, string? LastName, string? Phone, string? City);

internal sealed record ShopifyOrderNode(
    string? Id,
    string? LegacyResourceId,
    string? Name,
    string? Email,
    string? Phone,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? CancelledAt,
    string? CurrencyCode,
    string? DisplayFinancialStatus,
    string? DisplayFulfillmentStatus,
    ShopifyMoneyBag? CurrentTotalPriceSet,
    ShopifyCustomerNode? Customer,
    ShopifyAddress? BillingAddress,
    ShopifyLineItems? LineItems);

internal sealed record ShopifyCheckoutNode(
    string? Id,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? CompletedAt,
    string? AbandonedCheckoutUrl,
    ShopifyMoneyBag? TotalPriceSet,
    ShopifyCustomerNode? Customer,
    ShopifyLineItems? LineItems);

/// <summary>An order's or a checkout's line items; <see cref="PageInfo"/> says whether more must be read.</summary>
internal sealed record ShopifyLineItems(IReadOnlyList<ShopifyLineItemNode>? Nodes, ShopifyPageInfo? PageInfo);

/// <summary>An order line item (<c>vendor</c>, <c>name</c>) or a checkout line item (vendor only on the product).</summary>
internal sealed record ShopifyLineItemNode(
    string? Sku,
    string? Title,
    string? Name,
    string? Vendor,
    decimal? Quantity,
    ShopifyMoneyBag? OriginalUnitPriceSet,
    ShopifyProduct? Product);

internal sealed record ShopifyProduct(string? LegacyResourceId, string? Vendor, string? ProductType);

/// <summary>A <c>MoneyBag</c>: the amount in the shop's currency (and the buyer's, which the hub does not use).</summary>
internal sealed record ShopifyMoneyBag(ShopifyMoney? ShopMoney);

/// <summary>Shopify's <c>Decimal</c> scalar is a string (<c>"1890.25"</c>); the hub's JSON options read numbers from strings.</summary>
internal sealed record ShopifyMoney(decimal? Amount, string? CurrencyCode);
