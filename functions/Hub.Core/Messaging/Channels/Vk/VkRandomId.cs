using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// <c>random_id</c>, VK's key for dropping a repeated send: derived from our message id, so a retry of the same message
/// carries the same one — the first four bytes of its SHA-256 as a positive 32-bit number (never 0).
/// </summary>
internal static class VkRandomId
{
    public static int For(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(messageId), hash);
        var id = BinaryPrimitives.ReadInt32BigEndian(hash) & int.MaxValue;
        return id == 0 ? 1 : id;
    }
}
