using Hub.Customers;

namespace Hub.Shops.Ecwid;

/// <summary>
/// What the Ecwid client relies on (shop-platforms.md §5 and the REST v3 reference), in one place. Items marked
/// unconfirmed are not in Ecwid's documentation: a correction is one edit here.
/// </summary>
internal static class EcwidFacts
{
    /// <summary>The documented maximum (and default) <c>limit</c> of the search endpoints.</summary>
    public const int PageSize = 100;

    /// <summary>How often an incremental run is due for customers, orders and abandoned carts.</summary>
    public static readonly TimeSpan PullInterval = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Our choice: a run reads the window <c>[updatedFrom, now − SettleTime]</c>, so an update Ecwid stamps or indexes a
    /// little late still falls into a window not read yet (the next run starts where this one's window ended).
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMinutes(1);

    /// <summary>Customers can be sorted by update (<c>sortBy</c>); orders and carts document no sort order.</summary>
    public const string CustomerSort = "UPDATED_DATE_ASC";

    /// <summary>600 requests per minute per token; a 429 without Retry-After waits out one such minute.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMinutes(1);

    public const string SignatureHeader = "X-Ecwid-Webhook-Signature";

    /// <summary>The channel <c>acceptMarketing</c> speaks for: email promotions.</summary>
    public const Channel MarketingChannel = Channel.Email;

    /// <summary>
    /// What a missing or null <c>acceptMarketing</c> means. Unconfirmed: the order reference says "true or null: you
    /// can use their email for promotions", the customer reference only mentions true.
    /// </summary>
    public const ConsentState AcceptMarketingUnset = ConsentState.Granted;

    /// <summary>
    /// The order's (and cart's) currency field. Unconfirmed: the reference names none (totals are in the store's
    /// currency, <c>usdTotal</c> converts them); when absent the shop's currency applies.
    /// </summary>
    public const string CurrencyField = "currency";

    /// <summary>The abandoned cart's recovery link. Unconfirmed: no such field is documented, so none is read (null).</summary>
    public static readonly string? CartRecoveryUrlField = null;

    /// <summary>
    /// Item attribute whose value is the product's brand (<c>items[].attributes[]{name, value}</c>). Unconfirmed: Ecwid's
    /// default product type names its brand attribute "Brand"; shops may rename it.
    /// </summary>
    public const string BrandAttribute = "Brand";

    /// <summary>An order in this payment status is an unfinished sale (an abandoned cart), not a purchase.</summary>
    public const string UnfinishedPaymentStatus = "INCOMPLETE";

    /// <summary>When an order does not count as a purchase: payment cancelled or refunded, or not to be delivered or returned.</summary>
    public static bool IsCancelled(string? paymentStatus, string? fulfillmentStatus)
        => paymentStatus?.ToUpperInvariant() is "CANCELLED" or "REFUNDED"
           || fulfillmentStatus?.ToUpperInvariant() is "WILL_NOT_DELIVER" or "RETURNED";
}
