namespace Hub.Shops.Shopify;

/// <summary>
/// Every <c>X-Shopify-Topic</c> value the hub maps, in one place, so a wrong guess is one edit
/// (shared/specs/shop-platforms.md §1).
/// </summary>
internal static class ShopifyTopics
{
    public const string CustomerCreate = "customers/create";
    public const string CustomerUpdate = "customers/update";
    public const string CustomerDelete = "customers/delete";
    /// <summary>Mandatory compliance topic: erase the person.</summary>
    public const string CustomerRedact = "customers/redact";

    // Consent topics. Unconfirmed: the GraphQL enum gives the first spelling, the 2025-01 changelog
    // the second; which one arrives in X-Shopify-Topic is to be checked with a test delivery.
    // Both are accepted until then.
    public const string EmailConsentUpdate = "customers_email_marketing_consent/update";
    public const string EmailConsentUpdateChangelogSpelling = "customers/email_marketing_consent_update";
    /// <summary>SMS consent (the enum calls it "marketing consent").</summary>
    public const string SmsConsentUpdate = "customers_marketing_consent/update";
    public const string SmsConsentUpdateChangelogSpelling = "customers/marketing_consent_update";

    public const string OrderCreate = "orders/create";
    public const string OrderUpdated = "orders/updated";
    public const string OrderPaid = "orders/paid";
    public const string OrderCancelled = "orders/cancelled";

    public const string CheckoutCreate = "checkouts/create";
    public const string CheckoutUpdate = "checkouts/update";
}
