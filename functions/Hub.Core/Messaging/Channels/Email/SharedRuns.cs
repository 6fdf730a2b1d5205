namespace Hub.Messaging.Channels.Email;

/// <summary>
/// Chooses the literal stretches of a reference text that one request shares, and so the holes (substitution tags)
/// between them: a literal is a run of pieces no member changed, with no member inserting inside it. Short runs are
/// folded into the holes around them (<see cref="SendGridMail.MinSharedRun"/>), and only the longest runs are kept
/// when the holes would outnumber the tags allowed.
/// </summary>
internal static class SharedRuns
{
    /// <summary>The holes as reference piece ranges [Start, End): empty when an insertion is all that differs there.</summary>
    public static IReadOnlyList<(int Start, int End)> Holes(bool[] unstable, bool[] cut, int[] offsets, int maxHoles)
    {
        var count = unstable.Length;
        var runs = Runs(unstable, cut);
        if (runs.Count == 1 && runs[0] == (0, count) && !cut[0] && !cut[count])
        {
            return [];
        }
        var kept = runs.Where(r => offsets[r.End] - offsets[r.Start] >= SendGridMail.MinSharedRun).ToList();
        if (HoleCount(kept, count, cut) > maxHoles)
        {
            // n runs leave at most n + 1 holes.
            kept = kept.OrderByDescending(r => offsets[r.End] - offsets[r.Start]).Take(Math.Max(0, maxHoles - 1)).OrderBy(r => r.Start).ToList();
        }
        var result = new List<(int, int)>(kept.Count + 1);
        var previousEnd = 0;
        foreach (var (start, end) in kept)
        {
            if (start > previousEnd || cut[start])
            {
                result.Add((previousEnd, start));
            }
            previousEnd = end;
        }
        if (previousEnd < count || cut[count])
        {
            result.Add((previousEnd, count));
        }
        return result;
    }

    static List<(int Start, int End)> Runs(bool[] unstable, bool[] cut)
    {
        var runs = new List<(int, int)>();
        var k = 0;
        while (k < unstable.Length)
        {
            if (unstable[k])
            {
                k++;
                continue;
            }
            var start = k++;
            while (k < unstable.Length && !unstable[k] && !cut[k])
            {
                k++;
            }
            runs.Add((start, k));
        }
        return runs;
    }

    static int HoleCount(List<(int Start, int End)> runs, int count, bool[] cut)
    {
        if (runs.Count == 0)
        {
            return count > 0 || cut[0] ? 1 : 0;
        }
        var previousEnd = 0;
        var holes = 0;
        foreach (var (start, end) in runs)
        {
            holes += start > previousEnd || cut[start] ? 1 : 0;
            previousEnd = end;
        }
        return holes + (previousEnd < count || cut[count] ? 1 : 0);
    }
}
