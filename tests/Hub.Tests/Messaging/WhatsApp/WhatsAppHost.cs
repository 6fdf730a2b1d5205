using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.WhatsApp;

namespace Hub.Tests.Messaging.WhatsApp;

/// <summary>The WhatsApp channel registered by <see cref="WhatsAppRegistration.AddWhatsApp"/> over the given settings.</summary>
static class WhatsAppHost
{
    public const string Shop = "shop-1";
    public const string Token = "EAAGm0PX4ZCpsBAKtoken";
    public const string PhoneNumberId = "106540352242922";
    public const string AppSecret = "app-secret-0f3c";
    public const string VerifyToken = "verify-me-42";
    public const string Phone = "+79995551111";

    public static MessagingHost Start(IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider? time = null) =>
        new(settings, (services, configuration, resilience) => services.AddWhatsApp(configuration, resilience), time);

    public static IChannelSender Sender(this MessagingHost host) => host.Sender(WhatsAppCloud.Provider);
    public static IProviderEventSource Webhook(this MessagingHost host) => host.Events(WhatsAppCloud.Provider);

    /// <summary>A message inside the 24-hour window (free text).</summary>
    public static OutboundMessage InWindow(string messageId = "msg-1", IReadOnlyList<MessageButton>? buttons = null) =>
        Outbound.Message(Channel.WhatsApp, Phone, messageId, buttons: buttons) with { InServiceWindow = true };

    /// <summary>A message outside the window, with the approved template <paramref name="template"/> (none when null).</summary>
    public static OutboundMessage OutsideWindow(string? template = "cart_reminder", string? language = "ru", string messageId = "msg-1", params string[] parameters)
    {
        var message = Outbound.Message(Channel.WhatsApp, Phone, messageId);
        return message with
        {
            Content = message.Content with { WhatsAppTemplate = template, WhatsAppTemplateLanguage = language, TemplateParameters = parameters },
        };
    }
}
