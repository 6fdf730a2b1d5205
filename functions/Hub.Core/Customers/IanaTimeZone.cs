using System.Diagnostics.CodeAnalysis;

namespace Hub.Customers;

/// <summary>
/// Time zones named by IANA id (<c>Europe/Moscow</c>, <c>Asia/Vladivostok</c>), as customers' profiles keep them.
/// Matching ignores case and surrounding spaces; Windows ids ("Russian Standard Time") are not IANA ids and are refused.
/// </summary>
public static class IanaTimeZone
{
    public const string Examples = "e.g. Europe/Moscow, Asia/Vladivostok";

    /// <summary>The zone <paramref name="id"/> names, with its canonical spelling in <see cref="TimeZoneInfo.Id"/>.</summary>
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        var trimmed = id?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out var found) || !found.HasIanaId)
        {
            return false;
        }
        zone = found;
        return true;
    }
}
