using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Storage;

/// <summary>
/// Makes any outside value (an email, an external id, a delivery id) safe as a PartitionKey or RowKey.
/// Table keys may not hold <c>/ \ # ?</c> or control characters (U+0000–U+001F, U+007F–U+009F);
/// <c>%</c> and <c>+</c> break URL-encoded lookups; <c>|</c> separates our composite keys. Each of these,
/// and the escape character <c>~</c> itself, becomes <c>~XX</c> (two hex digits), so encoding is
/// reversible and an ordinary email stays readable. Values longer than <see cref="MaxRawLength"/>
/// become a SHA-256 digest so a key never exceeds the 1 KiB limit.
/// </summary>
public static class KeyEncoder
{
    public const int MaxRawLength = 400;
    const char Escape = '~';
    static readonly SearchValues<char> Special = SearchValues.Create(BuildSpecial());

    static string BuildSpecial()
    {
        var sb = new StringBuilder("/\\#?%+|~");
        for (var c = '\u0000'; c <= '\u001F'; c++) sb.Append(c);
        for (var c = '\u007F'; c <= '\u009F'; c++) sb.Append(c);
        return sb.ToString();
    }

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxRawLength)
        {
            return "sha256~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        }
        var span = value.AsSpan();
        var first = span.IndexOfAny(Special);
        if (first < 0)
        {
            return value;
        }
        var sb = new StringBuilder(value.Length + 8);
        sb.Append(span[..first]);
        foreach (var c in span[first..])
        {
            if (Special.Contains(c))
            {
                sb.Append(Escape).Append(((int)c).ToString("X2"));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains(Escape) || key.StartsWith("sha256~", StringComparison.Ordinal))
        {
            return key;
        }
        var sb = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == Escape && i + 2 < key.Length)
            {
                sb.Append((char)Convert.ToInt32(key.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                sb.Append(key[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>Joins already-safe parts into a composite key, e.g. <c>shop|07</c>.</summary>
    public static string Join(params ReadOnlySpan<string> parts) => string.Join('|', parts);
}
