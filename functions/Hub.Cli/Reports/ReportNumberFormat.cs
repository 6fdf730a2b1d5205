using System.Globalization;

namespace Hub.Cli.Reports;

/// <summary>
/// How the segments report writes numbers: invariant culture, thousands grouped by a narrow no-break
/// space (U+202F, `1 234`, which never wraps), money in whole units with the currency code after it.
/// </summary>
internal static class ReportNumberFormat
{
    const string NarrowNoBreakSpace = "\u202F";

    static readonly NumberFormatInfo Grouped = CreateGrouped();

    public static string Count(long value) => value.ToString("N0", Grouped);

    /// <summary>`1 234 568 RUB`: rounded to whole currency units.</summary>
    public static string Money(decimal amount, string currency) => $"{amount.ToString("N0", Grouped)} {currency}";

    /// <summary>`950 RUB`, `4.57k RUB`, `45.6k RUB`, `457k RUB`, `1.23M RUB`: three significant digits at most.</summary>
    public static string CompactMoney(decimal amount, string currency)
    {
        var magnitude = Math.Abs(amount);
        string[] suffixes = ["", "k", "M", "B"];
        var tier = 0;
        var scaled = magnitude;
        while (tier < suffixes.Length - 1 && Math.Round(scaled, 0, MidpointRounding.AwayFromZero) >= 1000m)
        {
            scaled /= 1000m;
            tier++;
        }
        var digits = tier == 0 || scaled >= 100m ? 0 : scaled >= 10m ? 1 : 2;
        var rounded = Math.Round(scaled, digits, MidpointRounding.AwayFromZero);
        var text = tier == 0 ? rounded.ToString("N0", Grouped) : rounded.ToString("0.##", CultureInfo.InvariantCulture);
        return $"{(amount < 0 ? "-" : "")}{text}{suffixes[tier]} {currency}";
    }

    /// <summary>`17.35 RUB`, `1 234.50 RUB`: to the cent (kopeck), for prices and costs per message or order.</summary>
    public static string MoneyWithCents(decimal amount, string currency) => $"{amount.ToString("N2", Grouped)} {currency}";

    /// <summary>A 0..1 share as `37.5%`; a share too small to show as 0.1% but above zero reads `<0.1%`.</summary>
    public static string Share(double share) => Percent(Math.Min(share, 1));

    /// <summary>
    /// <paramref name="part"/> as a share of <paramref name="whole"/> like <see cref="Share"/>, but not capped at 100%
    /// (more clicks than tracked opens is a fact worth seeing); `–` when there is no whole to be a share of.
    /// </summary>
    public static string ShareOf(long part, long whole) => whole <= 0 ? "–" : Percent((double)part / whole);

    /// <summary>`3 d`, `1 d 12 h`, `2 h 30 min`, `45 min`; whole minutes (less than one reads `<1 min`), `none` for zero.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
            return "none";
        if (span < TimeSpan.FromMinutes(1))
            return "<1 min";
        var parts = new List<string>(3);
        if (span.Days > 0)
            parts.Add($"{span.Days.ToString("N0", Grouped)} d");
        if (span.Hours > 0)
            parts.Add($"{span.Hours} h");
        if (span.Minutes > 0)
            parts.Add($"{span.Minutes} min");
        return string.Join(" ", parts);
    }

    /// <summary>`2025-06-01 09:30 UTC`, or the offset the time was given in (`UTC+03:00`).</summary>
    public static string Time(DateTimeOffset time)
    {
        var offset = time.Offset == TimeSpan.Zero
            ? "UTC"
            : "UTC" + (time.Offset < TimeSpan.Zero ? "-" : "+") + time.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + offset;
    }

    static string Percent(double share)
    {
        if (double.IsNaN(share) || share <= 0)
            return "0.0%";
        var percent = Math.Round(share * 100, 1, MidpointRounding.AwayFromZero);
        return percent == 0 ? "<0.1%" : percent.ToString("#,0.0", Grouped) + "%";
    }

    static NumberFormatInfo CreateGrouped()
    {
        var format = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        format.NumberGroupSeparator = NarrowNoBreakSpace;
        return NumberFormatInfo.ReadOnly(format);
    }
}
