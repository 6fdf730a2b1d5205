using Hub.Customers;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging.Sms;

/// <summary>Outbound messages for the SMS and Viber tests.</summary>
static class SmsMessages
{
    public const string Phone = "+79991234567";

    public static OutboundMessage To(string shopId, string text = "Скидка 20% на оправы до воскресенья", string messageId = "msg-1",
        string address = Phone, Channel channel = Channel.Sms, params MessageButton[] buttons) =>
        new(messageId, shopId, "cust-1", channel, address, MessageKind.Marketing, new MessageContent { Text = text, Buttons = buttons });
}
