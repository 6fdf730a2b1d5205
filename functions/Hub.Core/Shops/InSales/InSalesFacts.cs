using Hub.Customers;

namespace Hub.Shops.InSales;

/// <summary>
/// What the InSales client relies on (shared/specs/shop-platforms.md §4), in one place. Items marked unconfirmed are
/// guesses from a third-party mirror of InSales objects or none at all: a correction is one edit here.
/// </summary>
internal static class InSalesFacts
{
    /// <summary>
    /// Items per list request (<c>per_page</c>). Unconfirmed: 250 is what a third-party sync uses; the documented
    /// maximum is unknown. Paging does not depend on it: a run ends on an empty batch, so a lower server cap only
    /// means more requests.
    /// </summary>
    public const int PageSize = 250;

    /// <summary>How often an incremental run is due for clients and orders (webhooks carry changes in between).</summary>
    public static readonly TimeSpan PullInterval = TimeSpan.FromMinutes(15);

    /// <summary>The start of history for a backfill: <c>updated_since</c> from the epoch (the filter is what orders the list).</summary>
    public const string EpochSince = "1970-01-01 00:00:00 +00:00";

    /// <summary>Every reply says <c>API-Usage-Limit: n/500</c>: requests used in the current window of the shop and app.</summary>
    public const string UsageHeader = "API-Usage-Limit";

    /// <summary>500 requests per shop per app, counted from the first request of a 5-minute series.</summary>
    public const int UsageCeiling = 500;

    public static readonly TimeSpan UsageWindow = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Our choice: requests left untouched by the pulls, for webhook re-fetches and the CLI, which share the
    /// shop's budget.
    /// </summary>
    public const int UsageReserve = 50;

    /// <summary>Over the limit InSales answers 503 with Retry-After; the official gem waits 150 s when it is absent.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(150);

    /// <summary>
    /// The channel the client's <c>subscribe</c> flag grants or denies. Unconfirmed: the flag is "subscribed to the
    /// newsletter" in the shop's admin, taken to be email marketing; InSales documents no SMS consent.
    /// </summary>
    public const Channel SubscribeChannel = Channel.Email;

    /// <summary>The order's currency field. Unconfirmed: no source names it; when absent the shop's currency applies.</summary>
    public const string OrderCurrencyField = "currency_code";

    /// <summary>
    /// InSales has long written the rouble as RUR (the pre-1998 ISO code); the hub keeps ISO 4217 codes.
    /// </summary>
    public static string? IsoCurrency(string? code) => code?.ToUpperInvariant() switch
    {
        null => null,
        "RUR" => "RUB",
        var iso => iso,
    };

    /// <summary>
    /// When an order does not count as a purchase. Unconfirmed: the status words are InSales' system statuses as
    /// seen in third-party integrations (<c>fulfillment_status</c> declined or returned, <c>financial_status</c>
    /// refunded); shops with custom statuses map them onto these.
    /// </summary>
    public static bool IsCancelled(string? financialStatus, string? fulfillmentStatus)
        => fulfillmentStatus?.ToLowerInvariant() is "declined" or "returned"
           || financialStatus?.ToLowerInvariant() is "refunded";
}
