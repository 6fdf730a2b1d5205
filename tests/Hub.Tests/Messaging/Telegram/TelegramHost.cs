using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Telegram;

namespace Hub.Tests.Messaging.Telegram;

/// <summary>The Telegram channel registered by <see cref="TelegramRegistration.AddTelegram"/> over the given settings.</summary>
static class TelegramHost
{
    public const string Shop = "shop-1";
    public const string Token = "123456:ABC-DEF_ghIkl";
    public const string Secret = "hook-Secret_1";

    public static MessagingHost Start(IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider? time = null, TimeSpan? attemptTimeout = null) =>
        new(settings, (services, configuration, resilience) => services.AddTelegram(configuration, resilience), time, attemptTimeout);

    public static IChannelSender Sender(this MessagingHost host) => host.Sender(TelegramBot.Provider);
    public static IProviderEventSource Webhook(this MessagingHost host) => host.Events(TelegramBot.Provider);
}
