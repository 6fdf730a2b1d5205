using Hub.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Messaging.Channels.Vk;

internal static class VkMessagingRegistration
{
    /// <summary>
    /// Registers VK community messages as an <see cref="IChannelSender"/> and an <see cref="IProviderEventSource"/>
    /// (provider <c>vk</c>). Base address from <c>Channels:Vk:BaseUrl</c> (default https://api.vk.com); per shop
    /// <c>Shops:{shop}:VkCommunityToken</c>, <c>…:VkGroupId</c>, <c>…:VkCallbackSecret</c>, <c>…:VkConfirmation</c>.
    /// <paramref name="resilience"/> adjusts the standard resilience handler.
    /// </summary>
    public static IServiceCollection AddVkMessages(this IServiceCollection services, IConfiguration configuration,
        Action<HttpStandardResilienceOptions>? resilience = null)
    {
        if (services.Any(d => d.ServiceType == typeof(IVkMessagesApi)))
        {
            return services; // already registered: a second HTTP pipeline would stack its handlers
        }
        services.AddHttpApi<IVkMessagesApi>(
                _ => HttpApis.BaseAddress(configuration[VkMessaging.BaseUrlKey], VkMessaging.DefaultBaseUrl),
                resilience: SendResilience.Configure(resilience))
            .RedactLoggedHeaders(["Authorization"]);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new VkMessagingSettings(configuration));
        services.TryAddSingleton<VkRateLimits>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, VkSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderEventSource, VkEventSource>());
        return services;
    }
}
