using System.Security.Cryptography;
using System.Text;

namespace Hub.Messaging.Channels;

/// <summary>Compares a secret a webhook request carries with the configured one in constant time (length included).</summary>
internal static class SecretTokens
{
    public static bool Match(string? given, string expected)
    {
        if (given is null)
        {
            return false;
        }
        // Hashing first makes both sides 32 bytes, so the comparison's time tells nothing, not even the length.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
