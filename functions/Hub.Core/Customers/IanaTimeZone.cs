using System.Diagnostics.CodeAnalysis;

namespace Hub.Customers;

/// <summary>
/// Time zones named by IANA id (<c>Europe/Moscow</c>, <c>Asia/Vladivostok</c>), as customers' profiles keep them.
/// Matching ignores case and surrounding spaces; Windows ids ("Russian Standard Time") are not IANA ids and are refused.
/// </summary>
public static class IanaTimeZone
{
    public const string Examples = "e.g. Europe/Moscow, Asia/Vladivostok";

    /// <summary>
    /// Every IANA zone by id, ignoring case. The system lookup alone is case-sensitive on Linux (it opens
    /// /usr/share/zoneinfo/{id}) unless the zone happens to be cached already, so a lower-case id would pass or fail
    /// depending on what ran before.
    /// </summary>
    static readonly Lazy<Dictionary<string, string>> Ids = new(() => TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.HasIanaId)
        .Select(z => z.Id)
        .Concat(TryIanaIds())
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase));

    /// <summary>Zone files the system list leaves out (links such as Europe/Kiev), from the zoneinfo folder where there is one.</summary>
    static IEnumerable<string> TryIanaIds()
    {
        const string root = "/usr/share/zoneinfo";
        if (!Directory.Exists(root))
        {
            return [];
        }
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(id => id.Contains('/') && char.IsUpper(id[0]) && !id.StartsWith("posix/", StringComparison.Ordinal) && !id.StartsWith("right/", StringComparison.Ordinal));
    }

    /// <summary>The zone <paramref name="id"/> names, with its canonical spelling in <see cref="TimeZoneInfo.Id"/>.</summary>
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        var trimmed = id?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out var found)
            && !(Ids.Value.TryGetValue(trimmed, out var spelled) && TimeZoneInfo.TryFindSystemTimeZoneById(spelled, out found)))
        {
            return false;
        }
        if (!found.HasIanaId)
        {
            return false;
        }
        zone = found;
        return true;
    }
}
