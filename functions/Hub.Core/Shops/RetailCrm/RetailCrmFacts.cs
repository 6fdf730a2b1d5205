using Hub.Customers;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// What the RetailCRM connector assumes about API v5 (shared/specs/shop-platforms.md §2). Confirmed facts are marked ✅;
/// the others are guesses kept here, one constant or one table each, so a correction is one edit.
/// </summary>
internal static class RetailCrmFacts
{
    /// <summary>✅ The header that carries the API key (the query parameter <c>apiKey</c> also works; we never put the key in URLs).</summary>
    public const string ApiKeyHeader = "X-API-KEY";

    /// <summary>✅ <c>limit</c> is one of 20, 50, 100 for history and list methods; 100 is the largest everywhere.</summary>
    public const int PageSize = 100;

    /// <summary>
    /// ⚠️ Only the official PHP client's example says "10 requests per second"; the documented limit text was not found.
    /// Our own calls are paced to this per account, per process.
    /// </summary>
    public const int RequestsPerSecond = 10;

    /// <summary>
    /// ⚠️ The official client treats HTTP 503 as "slow down" and sleeps about 1 s; ❓ whether a Retry-After comes with it.
    /// This is the wait when none does.
    /// </summary>
    public static readonly TimeSpan ThrottleWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// ⚠️ Order status codes that mean the order did not happen: the default statuses of RetailCRM's "cancel" group
    /// (spelled as RetailCRM spells them, <c>delyvery</c> included) and the default return status. An account with its
    /// own cancel statuses adds them here (or a later version reads <c>GET /api/v5/reference/statuses</c> and its groups).
    /// </summary>
    public static readonly IReadOnlySet<string> CancelledStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "cancel-other", "no-call", "no-product", "already-buyed", "delyvery-did-not-suit", "prices-did-not-suit", "return",
    };

    /// <summary>
    /// ❓ <c>customerSubscriptions[].subscription.channel</c> values and our channel for each. Only <c>email</c> and
    /// <c>sms</c> are plausible from the docs; the messenger names are guesses. Unknown channels are skipped.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Channel> SubscriptionChannels = new Dictionary<string, Channel>(StringComparer.OrdinalIgnoreCase)
    {
        ["email"] = Channel.Email,
        ["sms"] = Channel.Sms,
        ["waba"] = Channel.WhatsApp,
        ["whatsapp"] = Channel.WhatsApp,
        ["telegram"] = Channel.Telegram,
        ["viber"] = Channel.Viber,
        ["vk"] = Channel.Vk,
    };

    /// <summary>❓ Whether a cart's <c>link</c> opens the filled cart for the buyer (a recovery URL) rather than a plain shop page.</summary>
    public const bool CartLinkIsRecoveryUrl = true;

    /// <summary>
    /// Not a RetailCRM fact but our margin for one: a backfill's history phase starts this long before the backfill
    /// started, so a few minutes of difference between the shop's time zone setting and the account's clock (or a
    /// mistaken DST rule) cannot open a gap between the list phase and the history phase. Overlap is harmless.
    /// </summary>
    public static readonly TimeSpan BackfillHistoryOverlap = TimeSpan.FromHours(1);
}
