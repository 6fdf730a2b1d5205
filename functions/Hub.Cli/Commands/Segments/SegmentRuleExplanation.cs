using System.Globalization;
using Hub.Cli.Reports;
using Hub.Segments;

namespace Hub.Cli.Commands;

/// <summary>
/// One line saying what puts a customer in a built-in segment, with the shop's parameters as they are now: its
/// segment settings and the figures learned by the last compute (null before the first one).
/// </summary>
static class SegmentRuleExplanation
{
    public static string Of(string segmentId, SegmentSettings s, ShopSegmentStats? stats)
    {
        var notLapsed = $"and not lapsed (no order for more than {Days(stats ?? ShopSegmentStats.Empty(s))})";
        return segmentId switch
        {
            SegmentIds.Leads => "no order yet, and at least one valid email or phone",
            SegmentIds.New => $"first order within {Days(s.NewWithinDays)}",
            SegmentIds.OneTime => $"exactly one order, placed more than {Days(s.NewWithinDays)} ago, {notLapsed}",
            SegmentIds.Repeat => $"two or more orders, the first more than {Days(s.NewWithinDays)} ago, {notLapsed}",
            SegmentIds.Lapsed => $"no order for more than {Days(stats ?? ShopSegmentStats.Empty(s))} ({LapsedBasis(stats, s)}){LapsedChange(stats, s)}",
            SegmentIds.AbandonedCart => $"a cart with items, not converted, untouched for at least {Duration(s.AbandonedCartDelay)} and at most {Days(s.AbandonedCartMaxAgeDays)}, and no order since",
            SegmentIds.BirthdaySoon => s.BirthdayWithinDays == 0
                ? "birthday today, in the shop's time zone"
                : $"birthday today or within the next {Days(s.BirthdayWithinDays)}, in the shop's time zone",
            SegmentIds.ReplenishmentDue => Replenishment(s, stats),
            SegmentIds.Female or SegmentIds.Male =>
                $"gender {(segmentId == SegmentIds.Female ? "female" : "male")} in the customer's data{(s.GuessGenderFromName ? ", or guessed from a Russian patronymic or surname" : "")}",
            _ when RfmGrid.Segments.Any(r => r.Id == segmentId) => Rfm(segmentId),
            _ => throw new ArgumentOutOfRangeException(nameof(segmentId), segmentId, "not a built-in segment"),
        };
    }

    /// <summary>Where the lapsed threshold in force came from.</summary>
    public static string LapsedBasis(ShopSegmentStats? stats, SegmentSettings s)
    {
        if (stats is null)
        {
            return s.LapsedAfterDays is null
                ? $"the default until the first compute learns the shop's typical repurchase interval from at least {s.LapsedMinSample} repeat buyers"
                : "fixed in the shop's segment settings";
        }
        var repeatBuyers = stats.Repurchase?.Customers ?? 0;
        return stats.LapsedBasis switch
        {
            Hub.Segments.LapsedBasis.Learned when stats.Repurchase is { MedianDays: > 0 } typical =>
                $"{(stats.LapsedAfterDays / typical.MedianDays).ToString("0.0", CultureInfo.InvariantCulture)} × the shop's typical {typical.MedianDays.ToString("0", CultureInfo.InvariantCulture)}-day repurchase interval, learned from {ReportNumberFormat.Count(repeatBuyers)} repeat buyers",
            Hub.Segments.LapsedBasis.Fixed => "fixed in the shop's segment settings",
            _ => $"the default until the shop has {s.LapsedMinSample} repeat buyers to learn from; it had {ReportNumberFormat.Count(repeatBuyers)} at the last compute",
        };
    }

    /// <summary>The threshold is learned by a compute: say so when the settings changed it since the last one.</summary>
    static string LapsedChange(ShopSegmentStats? stats, SegmentSettings s) => stats is null ? ""
        : s.LapsedAfterDays is { } days && (stats.LapsedBasis != Hub.Segments.LapsedBasis.Fixed || stats.LapsedAfterDays != days)
            ? $"; the next compute uses {Days(days)}, fixed in the shop's segment settings"
        : s.LapsedAfterDays is null && stats.LapsedBasis == Hub.Segments.LapsedBasis.Fixed
            ? "; the next compute learns it from the shop's repeat buyers again"
        : "";

    static string Replenishment(SegmentSettings s, ShopSegmentStats? stats)
    {
        var scope = s.ConsumableCategories.Count == 0
            ? "any product with a learned interval counts"
            : $"only categories {string.Join(", ", s.ConsumableCategories)}, which fall back to {Days(s.ReplenishmentDefaultDays)} without enough history";
        var learned = stats is null
            ? "nothing learned yet"
            : $"{ReportNumberFormat.Count(stats.Products.Count)} product and {ReportNumberFormat.Count(stats.Categories.Count)} category intervals learned";
        return $"a product's next purchase is expected between {Days(s.ReplenishmentOverdueDays)} ago and {Days(s.ReplenishmentWithinDays)} ahead: "
            + $"its last purchase plus the product's repurchase interval (else its category's), learned from at least {s.ReplenishmentMinSample} repeat buyers; {scope}; {learned}";
    }

    static string Rfm(string segmentId)
    {
        var cells = new List<string>();
        for (var r = 5; r >= 1; r--)
        {
            for (var f = 1; f <= 5; f++)
            {
                if (RfmGrid.Of(r, f).Id == segmentId)
                {
                    cells.Add($"R{r}F{f}");
                }
            }
        }
        return $"RFM cell{(cells.Count == 1 ? "" : "s")} {string.Join(", ", cells)} (R recency, F frequency: 1–5 by the shop's quintiles, 5 the most recent or the most orders)";
    }

    /// <summary>Days are whole: "more than 80.5 days" and "more than 80 days" pick the same customers.</summary>
    static string Days(ShopSegmentStats stats) => Days((int)Math.Floor(stats.LapsedAfterDays));

    static string Days(int days) => days == 1 ? "1 day" : $"{ReportNumberFormat.Count(days)} days";

    static string Duration(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 && span >= TimeSpan.FromDays(1) ? Days((int)span.TotalDays)
        : span.Ticks % TimeSpan.TicksPerHour == 0 && span >= TimeSpan.FromHours(1) ? (span.TotalHours == 1 ? "1 hour" : $"{span.TotalHours:0} hours")
        : span.TotalMinutes == 1 ? "1 minute" : $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} minutes";
}
