using Hub.Customers;

namespace Hub.Shops.Shopify;

/// <summary>
/// Shopify's marketing states, as webhooks (<c>subscribed</c>) and GraphQL (<c>SUBSCRIBED</c>) write them, in hub terms:
/// subscribed → granted; unsubscribed, not_subscribed → denied; pending (double opt-in not confirmed) → pending;
/// redacted and invalid say nothing about consent (null: no consent change).
/// </summary>
internal static class ShopifyMarketingStates
{
    public static ConsentState? ToConsent(string? state) => state?.Trim().ToLowerInvariant() switch
    {
        "subscribed" => ConsentState.Granted,
        "unsubscribed" or "not_subscribed" => ConsentState.Denied,
        "pending" => ConsentState.Pending,
        _ => null,
    };
}
