using System.Text.Json;
using Refit;

namespace Hub.Shops.InSales;

/// <summary>
/// The InSales admin API calls the pull uses (shop-platforms.md §4), under the shop's <c>https://{shop}.myinsales.ru</c>
/// with HTTP Basic (app identifier : password). Lists are bare JSON arrays, sorted by <c>updated_at</c> then
/// <c>id</c> when <c>updated_since</c> is given; every reply carries <c>API-Usage-Limit</c>, so the replies are
/// read with their headers. Items arrive as JSON documents so one malformed item does not lose its page.
/// </summary>
internal interface IInSalesApi
{
    [Get("/admin/clients.json")]
    Task<IApiResponse<JsonDocument[]>> ClientsAsync(
        [AliasAs("updated_since")] string updatedSince,
        [AliasAs("from_id")] long? fromId,
        [AliasAs("per_page")] int perPage,
        CancellationToken cancellationToken);

    [Get("/admin/orders.json")]
    Task<IApiResponse<JsonDocument[]>> OrdersAsync(
        [AliasAs("updated_since")] string updatedSince,
        [AliasAs("from_id")] long? fromId,
        [AliasAs("per_page")] int perPage,
        CancellationToken cancellationToken);

    [Get("/admin/clients/{id}.json")]
    Task<IApiResponse<JsonDocument>> ClientAsync(string id, CancellationToken cancellationToken);

    [Get("/admin/orders/{id}.json")]
    Task<IApiResponse<JsonDocument>> OrderAsync(string id, CancellationToken cancellationToken);
}
