using System.Globalization;
using Hub.Shops.Sync;

namespace Hub.Shops.Shopify;

/// <summary>
/// What a 200 reply of the GraphQL Admin API can still say: <c>THROTTLED</c> (the cost bucket is empty) becomes a
/// <see cref="PlatformThrottledException"/> with the time the bucket needs to hold the query again; any other error
/// (<c>ACCESS_DENIED</c> for a missing scope, <c>MAX_COST_EXCEEDED</c>, a bad query) a <see cref="PlatformApiException"/>
/// naming the code, the field and the scope. The bucket's state after a good reply gives <see cref="PauseBefore"/>.
/// </summary>
internal static class ShopifyGraphQLFailures
{
    public static void ThrowIfFailed(ShopifyGraphQLReply reply, string what)
    {
        if (reply.Errors is not { Count: > 0 } errors)
        {
            if (reply.Data is null)
            {
                throw new PlatformApiException(Platforms.Shopify, 200, $"{what} answered without data or errors", transient: true);
            }
            return;
        }
        if (errors.Any(e => e.Code == ShopifyFacts.ThrottledCode))
        {
            if (reply.Cost is not { ThrottleStatus: { } status } cost)
            {
                throw new PlatformThrottledException(Platforms.Shopify, PlatformFailures.DefaultRetryAfter, $"{what} answered {ShopifyFacts.ThrottledCode} without cost details");
            }
            var wait = Wait(cost.RequestedQueryCost, status) ?? TimeSpan.Zero;
            throw new PlatformThrottledException(Platforms.Shopify, wait < ShopifyFacts.MinThrottleWait ? ShopifyFacts.MinThrottleWait : wait,
                string.Create(CultureInfo.InvariantCulture, $"{what} answered {ShopifyFacts.ThrottledCode} (requested cost {cost.RequestedQueryCost:0.#}, available {status.CurrentlyAvailable:0.#} of {status.MaximumAvailable:0.#}, restoring {status.RestoreRate:0.#}/s)"));
        }
        var first = errors[0];
        var others = errors.Count > 1 ? $" (and {errors.Count - 1} more error{(errors.Count > 2 ? "s" : "")})" : "";
        throw new PlatformApiException(Platforms.Shopify, 200, $"{what} failed: {Describe(first)}{others}",
            transient: errors.All(e => e.Code is { } code && ShopifyFacts.TransientCodes.Contains(code)));
    }

    /// <summary>How long the bucket needs, at its restore rate, until it holds <paramref name="requested"/> points again; null when it holds them now.</summary>
    public static TimeSpan? PauseBefore(decimal requested, ShopifyThrottleStatus? status) => status is null ? null : Wait(requested, status);

    static TimeSpan? Wait(decimal requested, ShopifyThrottleStatus status)
    {
        var missing = requested - status.CurrentlyAvailable;
        if (missing <= 0 || status.RestoreRate <= 0)
        {
            return null;
        }
        return TimeSpan.FromSeconds(Math.Ceiling((double)(missing / status.RestoreRate) * 1000) / 1000);
    }

    static string Describe(ShopifyGraphQLError error)
    {
        var code = error.Code ?? "error";
        var at = error.Field is { } field ? $" at '{field}'" : "";
        var message = string.IsNullOrWhiteSpace(error.Message) ? "" : $": {error.Message.Trim()}";
        var hint = code switch
        {
            ShopifyFacts.AccessDeniedCode => $"; grant the app {error.Extensions?.RequiredAccess?.Trim() ?? "the scope named"} (read_customers, read_orders, read_products; read_all_orders for orders older than {ShopifyFacts.OrderWindowWithoutReadAllOrdersDays} days) and, for names, emails and phones, Shopify's protected customer data access",
            ShopifyFacts.MaxCostExceededCode => $"; the page sizes in ShopifyFacts must ask for less than {ShopifyFacts.MaxQueryCost} points",
            _ => "",
        };
        return $"{code}{at}{message}{hint}";
    }
}
