using System.Text.Json;
using Refit;

namespace Hub.Shops.Ecwid;

/// <summary>
/// The Ecwid REST v3 calls the pull uses, under the shop's <c>https://app.ecwid.com/api/v3/{storeId}</c> with
/// <c>Authorization: Bearer secret_…</c>. Searches answer <see cref="EcwidPage"/>; times are UNIX timestamps (the
/// reference accepts them or date strings). Items arrive as JSON documents so one malformed item does not lose its page.
/// </summary>
internal interface IEcwidApi
{
    [Get("/customers")]
    Task<EcwidPage> CustomersAsync(long? updatedFrom, long updatedTo, int offset, int limit, string sortBy, CancellationToken cancellationToken);

    [Get("/orders")]
    Task<EcwidPage> OrdersAsync(long? updatedFrom, long updatedTo, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Abandoned carts.</summary>
    [Get("/carts")]
    Task<EcwidPage> CartsAsync(long? updatedFrom, long updatedTo, int offset, int limit, CancellationToken cancellationToken);

    [Get("/customers/{id}")]
    Task<JsonDocument> CustomerAsync(string id, CancellationToken cancellationToken);

    [Get("/orders/{id}")]
    Task<JsonDocument> OrderAsync(string id, CancellationToken cancellationToken);

    [Get("/carts/{id}")]
    Task<JsonDocument> CartAsync(string id, CancellationToken cancellationToken);
}

/// <summary>A search reply: <c>{total, count, offset, limit, items}</c>; <see cref="Total"/> counts every match, not this page.</summary>
internal sealed record EcwidPage(long Total, int Count, int Offset, int Limit, JsonDocument?[]? Items);
