using System.Net.Mail;
using PhoneNumbers;

namespace Hub.Customers;

/// <summary>
/// Turns contacts as people type them into one form. Phones go through libphonenumber with the
/// shop's default region (RU unless configured): <c>8 (999) 555-11-11</c>, <c>+7 999 555 11 11</c>,
/// <c>89995551111</c>, <c>9995551111</c> and <c>7-999-555-11-11</c> are all <c>+79995551111</c>.
/// Emails are trimmed, lower-cased and syntax-checked. Invalid input is kept with the reason.
/// </summary>
public sealed class ContactNormalizer(string defaultRegion = ContactNormalizer.DefaultRegion)
{
    public const string DefaultRegion = "RU";
    static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public string Region { get; } = defaultRegion.ToUpperInvariant();

    public ContactPoint Phone(string raw)
    {
        var trimmed = raw.Trim();
        if (trimmed.Length == 0)
        {
            return new ContactPoint(trimmed, false, "empty phone");
        }
        PhoneNumber number;
        try
        {
            number = Phones.Parse(trimmed, Region);
        }
        catch (NumberParseException e)
        {
            return new ContactPoint(trimmed, false, $"not a phone number ({e.ErrorType})");
        }
        if (!Phones.IsValidNumber(number))
        {
            // "7-999-…" without a plus in a region whose trunk prefix is 8: try it as international.
            if (!trimmed.StartsWith('+') && TryInternational(trimmed, out var international))
            {
                number = international;
            }
            else
            {
                return new ContactPoint(trimmed, false, $"not a valid phone number for region {Region}");
            }
        }
        return new ContactPoint(Phones.Format(number, PhoneNumberFormat.E164), true);
    }

    static bool TryInternational(string raw, out PhoneNumber number)
    {
        number = null!;
        try
        {
            number = Phones.Parse("+" + raw, null);
            return Phones.IsValidNumber(number);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    public static ContactPoint Email(string raw)
    {
        var value = raw.Trim().ToLowerInvariant();
        if (value.Length == 0)
        {
            return new ContactPoint(value, false, "empty email");
        }
        if (value.Length > 254)
        {
            return new ContactPoint(value, false, "email longer than 254 characters");
        }
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return new ContactPoint(value, false, "email needs exactly one '@' with text on both sides");
        }
        if (value.AsSpan().IndexOfAny(" \t,;<>()[]\"\\") >= 0)
        {
            return new ContactPoint(value, false, "email contains a space or a character not allowed in an address");
        }
        var domain = value[(at + 1)..];
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains(".."))
        {
            return new ContactPoint(value, false, $"email domain '{domain}' is not a valid domain");
        }
        if (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value)
        {
            return new ContactPoint(value, false, "email is not a valid address");
        }
        return new ContactPoint(value, true);
    }
}
