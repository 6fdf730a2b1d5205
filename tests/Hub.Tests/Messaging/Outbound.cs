using Hub.Customers;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging;

/// <summary>Messages as the dispatcher hands them to a sender.</summary>
static class Outbound
{
    public static OutboundMessage Message(Channel channel, string address, string messageId = "msg-1", string shopId = "shop-1",
        string text = "Привет! Ваша корзина ждёт", IReadOnlyList<MessageButton>? buttons = null) =>
        new(messageId, shopId, "customer-1", channel, address, MessageKind.Marketing,
            new MessageContent { Text = text, Buttons = buttons ?? [] });
}
