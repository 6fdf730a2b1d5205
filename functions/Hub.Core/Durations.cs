using System.Globalization;
using System.Text.RegularExpressions;

namespace Hub;

/// <summary>Durations as people write them in files and options: <c>30m</c> (or <c>30min</c>), <c>48h</c>, <c>7d</c>, <c>2w</c>, <c>1d12h</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^\s*(?:(\d+)\s*w)?\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var match = text is null ? null : Pattern().Match(text);
        if (match is null || !match.Success || !(match.Groups[1].Success || match.Groups[2].Success || match.Groups[3].Success || match.Groups[4].Success))
        {
            return false;
        }
        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        duration = TimeSpan.FromDays(7 * Part(1) + Part(2)) + TimeSpan.FromHours(Part(3)) + TimeSpan.FromMinutes(Part(4));
        return true;
    }

    /// <summary>The duration, or a FormatException that names the text and the expected form.</summary>
    public static TimeSpan Parse(string text) => TryParse(text, out var duration)
        ? duration
        : throw new FormatException($"'{text}' is not a duration; write it like 30m, 48h, 7d or 1d12h");

    public static string Format(TimeSpan duration)
    {
        var parts = new List<string>();
        if (duration.Days > 0) parts.Add($"{duration.Days}d");
        if (duration.Hours > 0) parts.Add($"{duration.Hours}h");
        if (duration.Minutes > 0) parts.Add($"{duration.Minutes}m");
        return parts.Count == 0 ? "0m" : string.Concat(parts);
    }
}
