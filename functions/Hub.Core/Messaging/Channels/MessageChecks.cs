using Hub.Customers;

namespace Hub.Messaging.Channels;

/// <summary>What a sender may assume about each message it is handed; a message that breaks it is a programming error.</summary>
internal static class MessageChecks
{
    public static void Require(OutboundMessage message, string shopId, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Channel != channel)
        {
            throw new ArgumentException($"Message {message.MessageId} is for {message.Channel}, not {channel}.", nameof(message));
        }
        if (!string.Equals(message.ShopId, shopId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Message {message.MessageId} belongs to shop '{message.ShopId}', not '{shopId}'.", nameof(message));
        }
        if (string.IsNullOrWhiteSpace(message.Address))
        {
            throw new ArgumentException($"Message {message.MessageId} has no address.", nameof(message));
        }
    }
}
