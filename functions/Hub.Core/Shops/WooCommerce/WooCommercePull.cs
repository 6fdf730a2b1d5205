using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Shops.WooCommerce;

/// <summary>
/// The WooCommerce REST v3 pull (shared/specs/shop-platforms.md §3): orders by modification time every
/// <see cref="OrdersInterval"/>, and a full customer scan every <see cref="CustomersInterval"/> because customers cannot
/// be asked for by modification time. Core WooCommerce has no carts, so carts are not pulled. Items map through
/// <see cref="WooCommerceMapping"/>, the same mapping as webhooks. Core has no rate limit and no usage signal; a host's
/// 429/503 becomes <see cref="PlatformThrottledException"/> with its Retry-After.
/// </summary>
internal sealed class WooCommercePull(ShopApiClients clients, ShopSecrets secrets) : IPullSource
{
    public static readonly TimeSpan OrdersInterval = TimeSpan.FromMinutes(15);
    /// <summary>A scan reads every customer, so it runs less often than the orders.</summary>
    public static readonly TimeSpan CustomersInterval = TimeSpan.FromHours(6);

    public string Platform => Platforms.WooCommerce;

    public IReadOnlyDictionary<SyncResource, TimeSpan> Resources { get; } = new Dictionary<SyncResource, TimeSpan>
    {
        [SyncResource.Customers] = CustomersInterval,
        [SyncResource.Orders] = OrdersInterval,
    };

    public Task<PullPage> PullAsync(Shop shop, SyncResource resource, string? cursor, CancellationToken cancellationToken = default) => resource switch
    {
        SyncResource.Orders => WooCommerceOrderPages.ReadAsync(Connect(shop), cursor, cancellationToken),
        SyncResource.Customers => WooCommerceCustomerPages.ReadAsync(Connect(shop), cursor, cancellationToken),
        _ => throw NotPulled(resource),
    };

    /// <summary><c>GET /orders/{id}</c> or <c>/customers/{id}</c>; one the site no longer has gives no changes.</summary>
    public async Task<IReadOnlyList<ShopChange>> FetchAsync(Shop shop, SyncResource resource, string id, CancellationToken cancellationToken = default)
    {
        if (resource is not (SyncResource.Orders or SyncResource.Customers))
        {
            throw NotPulled(resource);
        }
        if (id.Length is 0 or > 20 || !id.All(char.IsAsciiDigit))
        {
            throw new PlatformApiException(Platform, null, $"'{id}' is not a WooCommerce {Singular(resource)} id (a positive integer)", transient: false);
        }
        var site = Connect(shop);
        var item = resource == SyncResource.Orders
            ? await site.GetAsync($"GET orders/{id}", (api, ct) => api.OrderAsync(id, ct), cancellationToken)
            : await site.GetAsync($"GET customers/{id}", (api, ct) => api.CustomerAsync(id, ct), cancellationToken);
        return item is { } found ? [WooCommerceMapping.Change(resource, found, 0)] : [];
    }

    WooCommerceSite Connect(Shop shop) => WooCommerceSite.Connect(shop, clients, secrets);

    PlatformApiException NotPulled(SyncResource resource) => new(Platform, null,
        $"{resource.ToString().ToLowerInvariant()} are not pulled from WooCommerce (pulls: customers, orders); core WooCommerce keeps no carts, plugins do",
        transient: false);

    static string Singular(SyncResource resource) => resource == SyncResource.Orders ? "order" : "customer";
}
