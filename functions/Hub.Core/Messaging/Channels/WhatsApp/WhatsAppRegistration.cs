using Hub.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Messaging.Channels.WhatsApp;

internal static class WhatsAppRegistration
{
    /// <summary>
    /// Registers the WhatsApp Cloud API as an <see cref="IChannelSender"/> and an <see cref="IProviderEventSource"/>
    /// (provider <c>whatsapp</c>). Base address from <c>Channels:WhatsApp:BaseUrl</c> (default https://graph.facebook.com);
    /// per shop <c>Shops:{shop}:WhatsAppToken</c>, <c>…:WhatsAppPhoneNumberId</c>, <c>…:WhatsAppAppSecret</c>,
    /// <c>…:WhatsAppVerifyToken</c>. <paramref name="resilience"/> adjusts the standard resilience handler.
    /// </summary>
    public static IServiceCollection AddWhatsApp(this IServiceCollection services, IConfiguration configuration,
        Action<HttpStandardResilienceOptions>? resilience = null)
    {
        if (services.Any(d => d.ServiceType == typeof(IWhatsAppCloudApi)))
        {
            return services; // already registered: a second HTTP pipeline would stack its handlers
        }
        services.AddHttpApi<IWhatsAppCloudApi>(
                _ => HttpApis.BaseAddress(configuration[WhatsAppCloud.BaseUrlKey], WhatsAppCloud.DefaultBaseUrl),
                resilience: SendResilience.Configure(resilience))
            .RedactLoggedHeaders(["Authorization"]);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new WhatsAppSettings(configuration));
        services.TryAddSingleton<WhatsAppRateLimits>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, WhatsAppSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderEventSource, WhatsAppEventSource>());
        return services;
    }
}
