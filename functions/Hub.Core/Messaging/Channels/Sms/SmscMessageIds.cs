using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMSC's <c>id</c> for one of our messages. SMSC takes the client's own id only as a number from 1 to 2,147,483,647,
/// so it is derived from our <see cref="OutboundMessage.MessageId"/>: SHA-256 of its UTF-8, the first four bytes as a
/// number, folded into that range. The same message always gets the same id, across retries and instances.
/// </summary>
/// <remarks>
/// Mapping back: SMSC's status callbacks and <c>status.php</c> carry this number (with the phone), not our MessageId.
/// The sender returns it as <see cref="SendOutcome.ProviderMessageId"/>, so the ledger, which keeps the provider id,
/// finds the message from a callback. Two messages may share a number (31 bits); SMSC keys a message by id and phone,
/// so only two messages to the same phone with the same number could be confused.
/// </remarks>
internal static class SmscMessageIds
{
    const uint Range = int.MaxValue; // 2,147,483,647 values: 1 … 2,147,483,647

    public static int For(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(messageId), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % Range) + 1;
    }

    public static string Text(string messageId) => For(messageId).ToString(CultureInfo.InvariantCulture);
}
