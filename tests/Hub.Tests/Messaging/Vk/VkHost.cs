using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Vk;

namespace Hub.Tests.Messaging.Vk;

/// <summary>VK community messages registered by <see cref="VkMessagingRegistration.AddVkMessages"/> over the given settings.</summary>
static class VkHost
{
    public const string Shop = "shop-1";
    public const string Token = "vk1.a.community-token";
    public const string GroupId = "218000001";
    public const string Secret = "cb-Secret-9";
    public const string Confirmation = "a1b2c3d4";
    public const string UserId = "123456789";

    public static MessagingHost Start(IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider? time = null, TimeSpan? attemptTimeout = null) =>
        new(settings, (services, configuration, resilience) => services.AddVkMessages(configuration, resilience), time, attemptTimeout);

    public static IChannelSender Sender(this MessagingHost host) => host.Sender(VkMessaging.Provider);
    public static IProviderEventSource Webhook(this MessagingHost host) => host.Events(VkMessaging.Provider);

    public static OutboundMessage Message(string messageId = "msg-1", string address = UserId, IReadOnlyList<MessageButton>? buttons = null) =>
        Outbound.Message(Channel.Vk, address, messageId, buttons: buttons);
}
