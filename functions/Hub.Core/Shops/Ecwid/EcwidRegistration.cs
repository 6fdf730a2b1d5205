using Hub.Shops.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Shops.Ecwid;

internal static class EcwidRegistration
{
    /// <summary>
    /// Registers the Ecwid pull source: the named <c>shop-api:ecwid</c> client (standard resilience, 429 left to the
    /// sync engine) and <see cref="EcwidPullSource"/> among the <see cref="IPullSource"/>s.
    /// </summary>
    public static IServiceCollection AddEcwidPull(this IServiceCollection services)
    {
        ShopApiClients.Register(services, Platforms.Ecwid);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPullSource, EcwidPullSource>());
        return services;
    }
}
