using System.Security.Cryptography;
using System.Text;

namespace Hub.Webhooks;

/// <summary>Base64 HMAC-SHA256 signatures (Shopify, WooCommerce, Ecwid), compared in constant time.</summary>
public static class HmacSignature
{
    public static string Compute(ReadOnlySpan<byte> data, string secret)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    /// <summary>True when <paramref name="signatureBase64"/> is the HMAC of <paramref name="data"/> under any of the secrets.</summary>
    public static bool Matches(ReadOnlySpan<byte> data, string signatureBase64, IReadOnlyList<string> secrets)
    {
        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signatureBase64, given, out var length) || length != 32)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[32];
        var matched = false;
        foreach (var secret in secrets)
        {
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data, expected);
            // Check every secret so timing does not tell which one matched.
            matched |= CryptographicOperations.FixedTimeEquals(expected, given[..length]);
        }
        return matched;
    }
}
