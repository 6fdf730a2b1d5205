using Hub.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Messaging.Channels.Telegram;

internal static class TelegramRegistration
{
    /// <summary>
    /// Registers Telegram as an <see cref="IChannelSender"/> and an <see cref="IProviderEventSource"/> (provider
    /// <c>telegram</c>). Base address from <c>Channels:Telegram:BaseUrl</c> (default https://api.telegram.org); per shop
    /// <c>Shops:{shop}:TelegramBotToken</c> and <c>Shops:{shop}:TelegramWebhookSecret</c>. <paramref name="resilience"/>
    /// adjusts the standard resilience handler (tests shorten its timeouts).
    /// </summary>
    public static IServiceCollection AddTelegram(this IServiceCollection services, IConfiguration configuration,
        Action<HttpStandardResilienceOptions>? resilience = null)
    {
        if (services.Any(d => d.ServiceType == typeof(ITelegramBotApi)))
        {
            return services; // already registered: a second HTTP pipeline would stack its handlers
        }
        services.AddHttpApi<ITelegramBotApi>(
                _ => HttpApis.BaseAddress(configuration[TelegramBot.BaseUrlKey], TelegramBot.DefaultBaseUrl),
                resilience: SendResilience.Configure(resilience))
            .AddHttpMessageHandler(() => new TelegramTokenPath())
            // The bot token is part of every URL: the factory's request logging would write it out.
            .RemoveAllLoggers();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new TelegramSettings(configuration));
        services.TryAddSingleton<TelegramRateLimits>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, TelegramSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderEventSource, TelegramEventSource>());
        return services;
    }
}
