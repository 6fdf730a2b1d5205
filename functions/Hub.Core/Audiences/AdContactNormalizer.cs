using Hub.Customers;

namespace Hub.Audiences;

/// <summary>
/// Writes a contact the way an ad system hashes it. Stored contacts are already normalised (E.164 phones, trimmed
/// lower-case emails), which takes the fast path; anything else goes through <see cref="ContactNormalizer"/> first, so
/// <c>8 (999) 555-11-11</c> becomes <c>79995551111</c> (Yandex, VK) or <c>+79995551111</c> (Google) and
/// <c> Name@Yandex.RU </c> becomes <c>name@yandex.ru</c>. Null when the value is not a usable contact.
/// </summary>
public sealed class AdContactNormalizer(string region = ContactNormalizer.DefaultRegion)
{
    readonly ContactNormalizer contacts = new(region);

    public static string? Email(string raw)
    {
        var trimmed = raw.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }
        var lower = trimmed.ToLowerInvariant();
        var at = lower.IndexOf('@');
        if (at > 0 && at == lower.LastIndexOf('@') && at < lower.Length - 1 && lower.AsSpan().IndexOfAny(" \t,;<>\"") < 0)
        {
            return lower;
        }
        var normalised = ContactNormalizer.Email(raw);
        return normalised.Valid ? normalised.Value : null;
    }

    public string? Phone(string raw, PhoneStyle style)
    {
        var e164 = IsE164(raw) ? raw : contacts.Phone(raw) is { Valid: true } parsed ? parsed.Value : null;
        return e164 is null ? null : style == PhoneStyle.E164 ? e164 : e164[1..];
    }

    static bool IsE164(string value) =>
        value.Length is >= 9 and <= 16 && value[0] == '+' && value[1] != '0' && !value.AsSpan(1).ContainsAnyExceptInRange('0', '9');
}
