using System.Globalization;
using Hub.Customers;

namespace Hub.Shops.Csv;

/// <summary>How cell text of Excel and 1C exports becomes numbers, dates, genders and consents.</summary>
internal static class CsvValues
{
    public const string DateFormats = "dd.MM.yyyy or yyyy-MM-dd";
    public const string MomentFormats = "dd.MM.yyyy [HH:mm[:ss]] or yyyy-MM-dd[THH:mm[:ss][+03:00]]";

    private static readonly string[] LocalFormats =
    [
        "d.M.yyyy", "d.M.yyyy H:mm", "d.M.yyyy H:mm:ss",
        "yyyy-M-d", "yyyy-M-d'T'H:mm", "yyyy-M-d'T'H:mm:ss", "yyyy-M-d'T'H:mm:ss.FFFFFFF",
        "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss", "yyyy-M-d H:mm:ss.FFFFFFF",
    ];

    private static readonly string[] OffsetFormats =
    [
        "yyyy-M-d'T'H:mmK", "yyyy-M-d'T'H:mm:ssK", "yyyy-M-d'T'H:mm:ss.FFFFFFFK",
        "yyyy-M-d H:mmK", "yyyy-M-d H:mm:ssK", "yyyy-M-d H:mm:ss.FFFFFFFK",
    ];

    /// <summary>Currency marks Excel writes after a money-formatted number.</summary>
    private static readonly string[] CurrencySuffixes = ["₽", "руб.", "руб", "р."];

    private static readonly HashSet<string> Male = new(["м", "муж", "мужской", "male", "m"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Female = new(["ж", "жен", "женский", "female", "f"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Yes = new(["да", "д", "yes", "y", "1", "true", "+"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> No = new(["нет", "н", "no", "n", "0", "false", "-"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Statuses that mean the order did not happen (compared with ё written as е).</summary>
    private static readonly HashSet<string> CancelledStatuses =
        new(["отменен", "cancelled", "canceled", "refunded", "возврат"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A number with a decimal comma or dot and spaces, NBSP or the other separator as thousands separators:
    /// <c>1 234,50</c>, <c>1234.5</c>, <c>1.234,50</c>, <c>1,234.50</c>, <c>1 234,50 ₽</c>.
    /// </summary>
    public static bool TryDecimal(string text, out decimal value)
    {
        var s = text.Trim();
        foreach (var suffix in CurrencySuffixes)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^suffix.Length];
                break;
            }
        }
        s = string.Concat(s.Where(c => !char.IsWhiteSpace(c) && c is not ('\u00A0' or '\u202F' or '\'')));

        var lastComma = s.LastIndexOf(',');
        var lastDot = s.LastIndexOf('.');
        var (thousands, point) = lastComma > lastDot ? ('.', ',') : (',', '.');
        if (s.Count(c => c == point) > 1 && !s.Contains(thousands))
        {
            // "1.234.567": the only separator repeats, so it groups thousands.
            (thousands, point) = (point, thousands);
        }
        var pointAt = s.IndexOf(point);
        var whole = pointAt < 0 ? s : s[..pointAt];
        if (whole.Contains(thousands))
        {
            var groups = whole.TrimStart('-', '+').Split(thousands);
            if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3))
            {
                value = 0;
                return false;
            }
        }
        s = s.Replace(thousands.ToString(), "").Replace(point, '.');
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A calendar date: <c>dd.MM.yyyy</c> or <c>yyyy-MM-dd</c> (a time after it, as Excel adds, is dropped).</summary>
    public static bool TryDate(string text, out DateOnly value)
    {
        var ok = DateTime.TryParseExact(text.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed);
        value = DateOnly.FromDateTime(parsed);
        return ok;
    }

    /// <summary>
    /// A point in time in UTC: with an offset (<c>2024-03-01T10:00:00+03:00</c>, <c>…Z</c>) as written,
    /// without one (<c>01.03.2024 10:00</c>, <c>2024-03-01</c>) as a local time in <paramref name="zone"/>.
    /// </summary>
    public static bool TryMoment(string text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        var s = text.Trim();
        if (HasOffset(s))
        {
            var ok = DateTimeOffset.TryParseExact(s, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
            value = value.ToUniversalTime();
            return ok;
        }
        if (!DateTime.TryParseExact(s, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = default;
            return false;
        }
        // A local time skipped by a clock change has no offset of its own: the zone's standard one is taken.
        var offset = zone.IsInvalidTime(local) ? zone.BaseUtcOffset : zone.GetUtcOffset(local);
        value = new DateTimeOffset(local, offset).ToUniversalTime();
        return true;
    }

    private static bool HasOffset(string s)
    {
        var time = s.IndexOfAny(['T', ' '], Math.Min(s.Length, 8));
        return time > 0 && (s.EndsWith('Z') || s.EndsWith('z') || s.IndexOfAny(['+', '-'], time) > 0);
    }

    public static Gender? GenderOf(string text) => text.Trim() switch
    {
        var s when Male.Contains(s) => Gender.Male,
        var s when Female.Contains(s) => Gender.Female,
        _ => null,
    };

    /// <summary>да/нет, yes/no, 1/0, true/false; null for anything else (no consent is recorded from it).</summary>
    public static ConsentState? ConsentOf(string text) => text.Trim() switch
    {
        var s when Yes.Contains(s) => ConsentState.Granted,
        var s when No.Contains(s) => ConsentState.Denied,
        _ => null,
    };

    /// <summary>An ISO currency code; the rouble as Russian exports write it becomes RUB.</summary>
    public static string CurrencyOf(string text) => text.Trim().ToUpperInvariant() switch
    {
        "РУБ" or "РУБ." or "Р." or "₽" or "RUR" => "RUB",
        var code => code,
    };

    public static bool IsCancelled(string? status) =>
        status is not null && CancelledStatuses.Contains(status.Trim().Replace('ё', 'е').Replace('Ё', 'Е'));

    /// <summary>
    /// Several emails or phones in one cell, separated by <c>,</c> or <c>;</c>. Inside a parsed cell the file's
    /// delimiter can only have been quoted, so it separates contacts too. Placeholders such as "-" are dropped.
    /// </summary>
    public static IEnumerable<string> Contacts(string text) => text
        .Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Where(s => s.Any(char.IsLetterOrDigit));

    /// <summary>Just enough to tell a contact from a placeholder; the normaliser validates them for real.</summary>
    public static bool LooksLikeEmail(string email) => email.IndexOf('@') is > 0 and var at && at < email.Length - 1;

    public const int MinPhoneDigits = 5;

    public static bool LooksLikePhone(string phone) => phone.Count(char.IsAsciiDigit) >= MinPhoneDigits;
}
