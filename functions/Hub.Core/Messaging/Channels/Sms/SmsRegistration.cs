using Hub.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Messaging.Channels.Sms;

internal static class SmsRegistration
{
    /// <summary>
    /// Registers SMS: <see cref="SmscSender"/> (<c>smsc</c>) and <see cref="SmsAeroSender"/> (<c>smsaero</c>) as
    /// <see cref="IChannelSender"/>s, their delivery callbacks as <see cref="IProviderEventSource"/>s, and
    /// <see cref="SmsProviderChoice"/> (<c>Shops:{shop}:SmsProvider</c>). Base addresses from <c>Channels:Smsc:BaseUrl</c>
    /// and <c>Channels:SmsAero:BaseUrl</c>; credentials per shop (<see cref="SmscAccounts"/>, <see cref="SmsAeroAccounts"/>).
    /// Sends are POSTs and never retried by the HTTP pipeline: the dispatcher retries on <see cref="SendResult.Retry"/>.
    /// Safe to call more than once, and together with <see cref="Viber.ViberRegistration.AddViber"/>.
    /// </summary>
    public static IServiceCollection AddSms(this IServiceCollection services, IConfiguration configuration, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!services.Any(d => d.ServiceType == typeof(ISmscApi)))
        {
            services.AddHttpApi<ISmscApi>(_ => HttpApis.BaseAddress(configuration[Smsc.BaseUrlKey], Smsc.DefaultBaseUrl), resilience: resilience);
        }
        services.AddSmsAero(configuration, resilience);
        services.TryAddSingleton(new SmscAccounts(configuration));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, SmscSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, SmsAeroSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderEventSource, SmscCallbackEventSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderEventSource, SmsAeroCallbackEventSource>());
        services.TryAddSingleton(sp => new SmsProviderChoice(configuration, sp.GetServices<IChannelSender>()));
        return services;
    }

    /// <summary>SMS Aero's API client and what its senders share; registered once for SMS and Viber.</summary>
    internal static IServiceCollection AddSmsAero(this IServiceCollection services, IConfiguration configuration, Action<HttpStandardResilienceOptions>? resilience)
    {
        if (!services.Any(d => d.ServiceType == typeof(ISmsAeroApi)))
        {
            services.AddHttpApi<ISmsAeroApi>(_ => HttpApis.BaseAddress(configuration[SmsAero.BaseUrlKey], SmsAero.DefaultBaseUrl),
                    json: SmsAero.Json, resilience: resilience)
                .RedactLoggedHeaders(["Authorization"]);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new SmsAeroAccounts(configuration));
        services.TryAddSingleton(new SmsCallbacks(configuration));
        services.TryAddSingleton<SmsAeroAnswers>();
        return services;
    }
}
