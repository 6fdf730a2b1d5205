using Hub.Shops.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Shops.RetailCrm;

internal static class RetailCrmRegistration
{
    /// <summary>
    /// RetailCRM's pull (customers and orders through the history API, carts on trigger hints) over the shop's
    /// <c>ApiUrl</c> with its <c>Shops__{id}__ApiToken</c> (the API key), paced to the account's rate limit.
    /// </summary>
    public static IServiceCollection AddRetailCrmPull(this IServiceCollection services)
    {
        ShopApiClients.Register(services, Platforms.RetailCrm).AddHttpMessageHandler(() => new RetailCrmPacing());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPullSource, RetailCrmPull>());
        return services;
    }
}
