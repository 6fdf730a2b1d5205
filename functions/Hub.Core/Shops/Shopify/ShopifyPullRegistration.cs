using Hub.Shops.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Shops.Shopify;

internal static class ShopifyPullRegistration
{
    /// <summary>
    /// Registers Shopify's <see cref="IPullSource"/> and its per-shop Admin API client. Each shop needs
    /// <see cref="Shop.ApiUrl"/> <c>https://{shop}.myshopify.com</c> and <c>Shops__{id}__ApiToken</c> (the Admin API access token).
    /// </summary>
    public static IServiceCollection AddShopifyPull(this IServiceCollection services)
    {
        ShopApiClients.Register(services, Platforms.Shopify);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPullSource, ShopifyPullSource>());
        return services;
    }
}
