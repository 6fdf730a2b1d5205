using System.Text.Json;
using Refit;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// The RetailCRM API v5 calls the pull makes, relative to the account's address (<c>https://{account}.retailcrm.ru</c>);
/// the key travels in <see cref="RetailCrmFacts.ApiKeyHeader"/>. Replies are read as JSON documents and mapped field by
/// field, so one malformed entity never loses the rest of a page. History is read by <c>sinceId</c> or by
/// <c>startDate</c> and never paged: since 15.05.2023 <c>page</c> together with <c>filter[sinceId]</c> is refused with
/// HTTP 400, so no method here can send both.
/// </summary>
internal interface IRetailCrmApi
{
    /// <summary><c>GET /api/v5/{customers|orders}/history?filter[sinceId]=</c>: entries with a larger id, oldest first.</summary>
    [Get("/api/v5/{entities}/history")]
    Task<JsonDocument> HistorySinceAsync(string entities, [AliasAs("filter[sinceId]")] long sinceId, int limit, CancellationToken cancellationToken);

    /// <summary><c>GET /api/v5/{customers|orders}/history?filter[startDate]=</c> (account time, <c>Y-m-d H:i:s</c>): the first call of a history walk.</summary>
    [Get("/api/v5/{entities}/history")]
    Task<JsonDocument> HistoryFromAsync(string entities, [AliasAs("filter[startDate]")] string startDate, int limit, CancellationToken cancellationToken);

    /// <summary>One customer's history, paged (no <c>sinceId</c> here): its last entry dates the customer.</summary>
    [Get("/api/v5/customers/history")]
    Task<JsonDocument> CustomerHistoryAsync([AliasAs("filter[customerId]")] string customerId, int limit, int page, CancellationToken cancellationToken);

    /// <summary>One order's history, paged (no <c>sinceId</c> here): its last entry dates the order.</summary>
    [Get("/api/v5/orders/history")]
    Task<JsonDocument> OrderHistoryAsync([AliasAs("filter[orderId]")] string orderId, int limit, int page, CancellationToken cancellationToken);

    /// <summary><c>GET /api/v5/{customers|orders}?limit=&amp;page=</c>: the list a backfill walks.</summary>
    [Get("/api/v5/{entities}")]
    Task<JsonDocument> ListAsync(string entities, int limit, int page, CancellationToken cancellationToken);

    /// <summary><c>GET /api/v5/{customers|orders}?filter[ids][]=…</c>: the entities a history page touched, in one call.</summary>
    [Get("/api/v5/{entities}")]
    Task<JsonDocument> ByIdsAsync(string entities, [Query(CollectionFormat.Multi)][AliasAs("filter[ids][]")] IEnumerable<string> ids, int limit, CancellationToken cancellationToken);

    /// <summary><c>GET /api/v5/customer-interaction/{site}/cart/{customerId}?by=id&amp;siteBy=code</c>: the customer's cart on one site.</summary>
    [Get("/api/v5/customer-interaction/{site}/cart/{customerId}")]
    Task<JsonDocument> CartAsync(string site, string customerId, string by, string siteBy, CancellationToken cancellationToken);
}
