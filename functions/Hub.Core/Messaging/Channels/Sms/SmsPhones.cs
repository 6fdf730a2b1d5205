using System.Text.RegularExpressions;

namespace Hub.Messaging.Channels.Sms;

/// <summary>SMS gateways take a phone as digits with the country code and no '+': <c>+79991234567</c> → <c>79991234567</c>.</summary>
internal static partial class SmsPhones
{
    /// <summary>The digits of an E.164 address (8 to 15 digits, '+' optional), or null when it is not one.</summary>
    public static string? Digits(string? address)
    {
        var value = address?.Trim() ?? "";
        var digits = value.StartsWith('+') ? value[1..] : value;
        return digits.Length is >= 8 and <= 15 && digits[0] != '0' && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>A provider's words with any phone-like run of digits hidden, for logs (providers may quote the number).</summary>
    public static string? Scrub(string? words) => words is null ? null : PhoneLike().Replace(words, "***");

    [GeneratedRegex(@"\+?\d[\d\- ]{5,}\d")]
    private static partial Regex PhoneLike();

    public static SendOutcome NotAPhone(OutboundMessage message) => new(message.MessageId, SendResult.Unreachable,
        Error: $"The address of message '{message.MessageId}' is not an E.164 phone number (like +79991234567).");
}
