using System.Buffers;

namespace Hub.Messaging.Templates;

public enum SmsEncoding { Gsm7, Ucs2 }

/// <summary>
/// How long an SMS is: <see cref="Characters"/> in the units its encoding counts (GSM-7 septets, where the extension
/// characters take two; UCS-2 code units, where an emoji takes two), the <see cref="Parts"/> it is sent and billed as,
/// and the <see cref="Encoding"/>.
/// </summary>
public sealed record SmsSize(int Characters, int Parts, SmsEncoding Encoding)
{
    public override string ToString() => $"{Characters} characters, {Parts} part{(Parts == 1 ? "" : "s")} ({(Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2")})";
}

/// <summary>
/// SMS length by 3GPP TS 23.038: a text made only of the GSM 7-bit default alphabet and its extension table is sent
/// as GSM-7 — 160 septets in one part, 153 a part when concatenated (the user data header takes the rest), and
/// <c>^ { } \ [ ~ ] | €</c> take two septets (an escape and the character). Anything else, Cyrillic included, makes the
/// whole text UCS-2: 70 code units in one part, 67 a part. A two-unit character (an escape pair, a surrogate pair) is
/// never split between parts, so a part can hold one unit less than the maximum.
/// </summary>
public static class SmsLength
{
    public const int Gsm7Single = 160;
    public const int Gsm7PerPart = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2PerPart = 67;

    /// <summary>The GSM 03.38 default alphabet, one septet each (the escape 0x1B itself excluded).</summary>
    static readonly SearchValues<char> Basic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    /// <summary>The extension table: an escape and the character, two septets each.</summary>
    static readonly SearchValues<char> Extension = SearchValues.Create("\f^{}\\[~]|€");

    public static SmsSize Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsGsm7(text) ? Gsm7(text) : Ucs2(text);
    }

    static bool IsGsm7(string text)
    {
        foreach (var c in text)
        {
            if (!Basic.Contains(c) && !Extension.Contains(c))
            {
                return false;
            }
        }
        return true;
    }

    static SmsSize Gsm7(string text)
    {
        var units = new List<int>(text.Length);
        foreach (var c in text)
        {
            units.Add(Extension.Contains(c) ? 2 : 1);
        }
        return Count(units, SmsEncoding.Gsm7, Gsm7Single, Gsm7PerPart);
    }

    static SmsSize Ucs2(string text)
    {
        var units = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            units.Add(pair ? 2 : 1);
            i += pair ? 1 : 0;
        }
        return Count(units, SmsEncoding.Ucs2, Ucs2Single, Ucs2PerPart);
    }

    /// <summary>Fills parts in order, moving a character that does not fit whole to the next part.</summary>
    static SmsSize Count(List<int> units, SmsEncoding encoding, int single, int perPart)
    {
        var total = units.Sum();
        if (total == 0)
        {
            return new SmsSize(0, 0, encoding);
        }
        if (total <= single)
        {
            return new SmsSize(total, 1, encoding);
        }
        var parts = 1;
        var used = 0;
        foreach (var size in units)
        {
            if (used + size > perPart)
            {
                parts++;
                used = 0;
            }
            used += size;
        }
        return new SmsSize(total, parts, encoding);
    }
}
