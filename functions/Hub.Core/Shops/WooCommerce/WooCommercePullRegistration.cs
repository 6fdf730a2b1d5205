using Hub.Shops.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Shops.WooCommerce;

internal static class WooCommercePullRegistration
{
    /// <summary>
    /// Registers the WooCommerce pull as one of the <see cref="IPullSource"/>s, with its per-shop HTTP client. A shop
    /// needs <c>ApiUrl</c> (the site's https address), <c>Shops__{id}__ApiLogin</c> (consumer key, <c>ck_…</c>) and
    /// <c>Shops__{id}__ApiToken</c> (consumer secret, <c>cs_…</c>) of a key with Read access.
    /// </summary>
    public static IServiceCollection AddWooCommercePull(this IServiceCollection services)
    {
        ShopApiClients.Register(services, Platforms.WooCommerce);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPullSource, WooCommercePull>());
        return services;
    }
}
