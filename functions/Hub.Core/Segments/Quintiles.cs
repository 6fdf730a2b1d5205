namespace Hub.Segments;

/// <summary>
/// Scores 1–5 by quintiles within a shop, higher value → higher score, equal values → equal score:
/// <c>score(v) = 1 + ⌊5 · #{values &lt; v} / n⌋</c>. Kept as the four values the score steps over, so a value that
/// was not in the population (a customer changed since) is scored consistently with it.
/// </summary>
/// <param name="Thresholds">For score s = 2..5, the value a score of s must exceed (index s − 2).</param>
public sealed record Quintiles(IReadOnlyList<decimal> Thresholds)
{
    public static readonly Quintiles Empty = new([]);

    /// <summary>From the whole population; <paramref name="values"/> is sorted in place.</summary>
    public static Quintiles From(List<decimal> values)
    {
        if (values.Count == 0)
        {
            return Empty;
        }
        values.Sort();
        var n = values.Count;
        var thresholds = new decimal[4];
        for (var s = 2; s <= 5; s++)
        {
            // score ≥ s ⇔ #{values < v} ≥ m ⇔ v > values[m − 1], with m = ⌈(s − 1)·n / 5⌉.
            var m = ((s - 1) * n + 4) / 5;
            thresholds[s - 2] = values[m - 1];
        }
        return new Quintiles(thresholds);
    }

    public int Score(decimal value)
    {
        var score = 1;
        foreach (var threshold in Thresholds)
        {
            if (value > threshold)
            {
                score++;
            }
        }
        return score;
    }
}
