using Hub.Messaging.Channels.Sms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Messaging.Channels.Viber;

internal static class ViberRegistration
{
    /// <summary>
    /// Registers <see cref="ViberSender"/> (<c>viber</c>): Viber Business Messages through SMS Aero
    /// (<c>Channels:SmsAero:BaseUrl</c>; <c>Shops:{shop}:SmsAeroEmail</c>, <c>…:SmsAeroApiKey</c>, <c>…:ViberSign</c>, and
    /// <c>…:SmsAeroSign</c> for the SMS fallback). Safe to call more than once, and together with <see cref="SmsRegistration.AddSms"/>.
    /// </summary>
    public static IServiceCollection AddViber(this IServiceCollection services, IConfiguration configuration, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSmsAero(configuration, resilience);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, ViberSender>());
        return services;
    }
}
