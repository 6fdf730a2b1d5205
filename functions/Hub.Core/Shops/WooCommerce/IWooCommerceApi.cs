using Refit;

namespace Hub.Shops.WooCommerce;

/// <summary>
/// The REST v3 reads a pull needs (shared/specs/shop-platforms.md §3), against the site's address. Every call carries
/// the shop's consumer key and secret as HTTP Basic auth (set on the client by <see cref="WooCommerceSite"/>). Replies
/// stay raw: <see cref="WooCommerceSite"/> reads the status, the <c>X-WP-Total</c> header and the body, whose items are
/// the webhook payload shape, mapped item by item so one bad item does not lose its page.
/// </summary>
internal interface IWooCommerceApi
{
    /// <summary>
    /// Orders modified in a window, oldest first (WooCommerce adds the id as a second sort key). Times are GMT
    /// (<c>dates_are_gmt=true</c>) written as <see cref="WooCommerceFacts.QueryTimeFormat"/>; <paramref name="exclude"/>
    /// is a comma-separated id list.
    /// </summary>
    [Get(WooCommerceFacts.ApiRoot + "/orders?orderby=modified&order=asc&dates_are_gmt=true")]
    Task<HttpResponseMessage> OrdersAsync(
        [AliasAs("modified_after")] string? modifiedAfter,
        [AliasAs("modified_before")] string? modifiedBefore,
        string? exclude,
        [AliasAs("per_page")] int perPage,
        CancellationToken cancellationToken);

    /// <summary>Customers by id, oldest first, from the <paramref name="offset"/>-th (0 reads the first page).</summary>
    [Get(WooCommerceFacts.ApiRoot + "/customers?orderby=id&order=asc")]
    Task<HttpResponseMessage> CustomersAsync(
        string role,
        int offset,
        [AliasAs("per_page")] int perPage,
        CancellationToken cancellationToken);

    [Get(WooCommerceFacts.ApiRoot + "/orders/{id}")]
    Task<HttpResponseMessage> OrderAsync(string id, CancellationToken cancellationToken);

    [Get(WooCommerceFacts.ApiRoot + "/customers/{id}")]
    Task<HttpResponseMessage> CustomerAsync(string id, CancellationToken cancellationToken);
}
