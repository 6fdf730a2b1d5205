using Hub.Shops.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Shops.InSales;

internal static class InSalesRegistration
{
    /// <summary>
    /// Registers the InSales pull source: the named <c>shop-api:insales</c> client (standard resilience, 429/503 left to
    /// the sync engine) and <see cref="InSalesPullSource"/> among the <see cref="IPullSource"/>s.
    /// </summary>
    public static IServiceCollection AddInSalesPull(this IServiceCollection services)
    {
        ShopApiClients.Register(services, Platforms.InSales);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPullSource, InSalesPullSource>());
        return services;
    }
}
