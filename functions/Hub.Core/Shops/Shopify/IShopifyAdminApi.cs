using Refit;

namespace Hub.Shops.Shopify;

/// <summary>
/// Shopify's GraphQL Admin API: one call, <c>POST {ApiUrl}/admin/api/{version}/graphql.json</c> with
/// <c>{query, variables}</c>, answered 200 with <c>{data, errors, extensions.cost}</c> even when throttled; other statuses
/// (401, 402, 404, 429, 5xx) carry no GraphQL body. The token goes in <see cref="ShopifyFacts.AccessTokenHeader"/>,
/// set per shop by <see cref="ShopifyPullSource"/>.
/// </summary>
internal interface IShopifyAdminApi
{
    [Post("/admin/api/{version}/graphql.json")]
    Task<ShopifyGraphQLReply> QueryAsync(string version, [Body] ShopifyGraphQLRequest request, CancellationToken cancellationToken);
}

internal sealed record ShopifyGraphQLRequest(string Query, IReadOnlyDictionary<string, object?> Variables);
