using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(raw body, App Secret)&gt;</c> (WhatsApp-Nodejs-SDK
/// <c>generateXHub256Sig</c>), checked in constant time.
/// </summary>
internal static class WhatsAppSignature
{
    public static string Sign(ReadOnlySpan<byte> body, string appSecret) =>
        WhatsAppCloud.SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    public static bool Matches(ReadOnlySpan<byte> body, string? header, string appSecret)
    {
        var value = header.AsSpan().Trim();
        if (!value.StartsWith(WhatsAppCloud.SignaturePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(value[WhatsAppCloud.SignaturePrefix.Length..], given, out var consumed, out var written) != OperationStatus.Done
            || written != given.Length || consumed != value.Length - WhatsAppCloud.SignaturePrefix.Length)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
