using System.Text.Json;

namespace Hub.Shops.Shopify;

/// <summary>
/// A GraphQL Admin API reply. <see cref="Data"/> stays raw: each node of a page is read on its own
/// (<see cref="ShopifyNodes"/>), so one malformed node cannot lose the rest of the page.
/// </summary>
internal sealed record ShopifyGraphQLReply(JsonElement? Data, IReadOnlyList<ShopifyGraphQLError>? Errors, ShopifyReplyExtensions? Extensions)
{
    public ShopifyQueryCost? Cost => Extensions?.Cost;
}

/// <summary><c>{message, path, extensions:{code, requiredAccess, documentation}}</c>.</summary>
internal sealed record ShopifyGraphQLError(string? Message, IReadOnlyList<JsonElement>? Path, ShopifyErrorExtensions? Extensions)
{
    public string? Code => Extensions?.Code;

    /// <summary>The field the error is about, as Shopify's <c>path</c> names it (<c>orders.nodes.0.lineItems</c>).</summary>
    public string? Field => Path is { Count: > 0 } path ? string.Join('.', path.Select(p => p.ToString())) : null;
}

internal sealed record ShopifyErrorExtensions(string? Code, string? RequiredAccess, string? Documentation);

internal sealed record ShopifyReplyExtensions(ShopifyQueryCost? Cost);

/// <summary>
/// <c>extensions.cost</c>: what the query was charged before running (<see cref="RequestedQueryCost"/>, the worst case),
/// what it really cost (null when it did not run), and the app's bucket for this shop after it.
/// </summary>
internal sealed record ShopifyQueryCost(decimal RequestedQueryCost, decimal? ActualQueryCost, ShopifyThrottleStatus? ThrottleStatus);

internal sealed record ShopifyThrottleStatus(decimal MaximumAvailable, decimal CurrentlyAvailable, decimal RestoreRate);

/// <summary>A connection: <c>{nodes, pageInfo{hasNextPage, endCursor}}</c>; nodes stay raw until each is read.</summary>
internal sealed record ShopifyConnection(IReadOnlyList<JsonElement>? Nodes, ShopifyPageInfo? PageInfo);

internal sealed record ShopifyPageInfo(bool HasNextPage, string? EndCursor);

/// <summary><c>customersCount</c>, <c>ordersCount</c>, <c>abandonedCheckoutsCount</c>: <c>{count, precision: EXACT|AT_LEAST}</c>.</summary>
internal sealed record ShopifyCount(long Count, string? Precision);
