using Hub.Messaging.Channels.Telegram;
using Hub.Messaging.Channels.Vk;
using Hub.Messaging.Channels.WhatsApp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Messaging.Channels;

internal static class MessengerRegistration
{
    /// <summary>Telegram, WhatsApp and VK community messages: each an <see cref="IChannelSender"/> and an <see cref="IProviderEventSource"/>.</summary>
    public static IServiceCollection AddMessengers(this IServiceCollection services, IConfiguration configuration) =>
        services.AddTelegram(configuration).AddWhatsApp(configuration).AddVkMessages(configuration);
}
