using System.Globalization;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// Quiet hours as local wall-clock times: quiet from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive);
/// Start &gt; End spans midnight (21:00–09:00); Start == End means none.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public static readonly QuietHours None = new(TimeOnly.MinValue, TimeOnly.MinValue);

    private static readonly string[] TimeFormats = ["H:mm", "H:mm:ss"];
    private static readonly char[] Dashes = ['-', '–', '—'];

    public bool IsNone => Start == End;

    public bool IsQuiet(DateTimeOffset at, TimeZoneInfo zone) => IsQuiet(TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(at, zone).TimeOfDay));

    /// <summary>Whether a local wall-clock time falls in the quiet window.</summary>
    public bool IsQuiet(TimeOnly local) => Start < End
        ? local >= Start && local < End
        : Start > End && (local >= Start || local < End);

    /// <summary>
    /// The earliest instant &gt;= <paramref name="at"/> whose local time in <paramref name="zone"/> is outside quiet hours
    /// (<paramref name="at"/> itself when already allowed), in the zone's offset. A window ending in a clock change's gap
    /// ends when the clocks jump past it; a window ending in a repeated hour ends at the first of the two times that
    /// is not before <paramref name="at"/>; a clock turned back to before the window's start ends it at the change.
    /// </summary>
    public DateTimeOffset NextAllowed(DateTimeOffset at, TimeZoneInfo zone)
    {
        if (!IsQuiet(at, zone))
        {
            return at;
        }
        var from = at.ToUniversalTime();
        while (true)
        {
            // While the offset stays as it is now, local time runs evenly: the window ends at its End wall time.
            var offset = zone.GetUtcOffset(from);
            var local = from.DateTime + offset;
            var day = DateOnly.FromDateTime(local);
            if (Start > End && TimeOnly.FromDateTime(local) >= Start)
            {
                day = day.AddDays(1);
            }
            var end = new DateTimeOffset(day.ToDateTime(End) - offset, TimeSpan.Zero);
            if (zone.GetUtcOffset(end) == offset)
            {
                return TimeZoneInfo.ConvertTime(end, zone);
            }
            // The clocks change before then: from the change on, local time is another one.
            var change = FirstWithOtherOffset(zone, from, end, offset);
            if (!IsQuiet(change, zone))
            {
                return TimeZoneInfo.ConvertTime(change, zone);
            }
            from = change;
        }
    }

    /// <summary>The first instant in (<paramref name="from"/>, <paramref name="to"/>] whose offset is not <paramref name="offset"/> (the one at <paramref name="from"/>; the one at <paramref name="to"/> differs).</summary>
    private static DateTimeOffset FirstWithOtherOffset(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to, TimeSpan offset)
    {
        long low = from.UtcTicks, high = to.UtcTicks;
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (zone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) == offset)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return new DateTimeOffset(high, TimeSpan.Zero);
    }

    /// <summary>
    /// <c>21:00-09:00</c> (an en or em dash also separates; <c>H:mm</c> or <c>H:mm:ss</c>; <c>24:00</c> is midnight) or
    /// <c>none</c>. Anything else is a <see cref="FormatException"/> naming the part at fault.
    /// </summary>
    public static QuietHours Parse(string text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new FormatException("quiet hours are empty (expected e.g. 21:00-09:00, or none)");
        }
        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }
        var parts = trimmed.Split(Dashes);
        if (parts.Length != 2)
        {
            throw new FormatException($"quiet hours '{trimmed}' must be a start and an end separated by '-', e.g. 21:00-09:00, or none");
        }
        var hours = new QuietHours(TimeOf(trimmed, "start", parts[0]), TimeOf(trimmed, "end", parts[1]));
        return hours.IsNone ? None : hours;
    }

    private static TimeOnly TimeOf(string text, string which, string part)
    {
        var value = part.Trim();
        if (value == "24:00")
        {
            return TimeOnly.MinValue;
        }
        if (value.Length == 0)
        {
            throw new FormatException($"quiet hours '{text}': the {which} time is missing (expected HH:mm, e.g. 21:00-09:00)");
        }
        return TimeOnly.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"quiet hours '{text}': {which} '{value}' is not a time of day (expected HH:mm, e.g. 21:00-09:00)");
    }

    /// <summary><c>21:00-09:00</c>, with seconds only when there are any; <c>none</c> when there are no quiet hours.</summary>
    public override string ToString() => IsNone ? "none" : $"{Format(Start)}-{Format(End)}";

    private static string Format(TimeOnly time) =>
        time.ToString(time.Ticks % TimeSpan.TicksPerMinute == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);
}
