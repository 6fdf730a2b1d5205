using Hub.Customers;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// The cap arithmetic over one customer's log, without storage. A send at <c>t</c> counts against a rule with window
/// <c>w</c> while <c>now &lt; t + w</c>; at <c>t + w</c> it has left the window.
/// </summary>
public static class CapArithmetic
{
    /// <summary>
    /// Entries a row keeps at least (for <see cref="ContactLog.RecentAsync"/>); more when a rule allows more, since a
    /// rule with Max <c>m</c> needs the newest <c>m</c> of its sends to decide and to say when a slot frees.
    /// </summary>
    public const int MinKept = 50;

    /// <summary>
    /// Null when a send on <paramref name="channel"/> fits every rule now; else the earliest instant it fits all of
    /// them, and the rule that frees last. A rule with Max <c>m</c> holding <c>c ≥ m</c> sends in its window frees
    /// when the <c>(c − m + 1)</c>-th oldest leaves it. Sends only ever leave the window as time passes, so each rule
    /// stays satisfied from its free time on, and the latest free time is the first instant all rules allow.
    /// </summary>
    public static (DateTimeOffset NotBefore, CapRule Rule)? Blocked(IReadOnlyList<ContactLogEntry> log, Channel channel, IReadOnlyList<CapRule> rules, DateTimeOffset now)
    {
        (DateTimeOffset NotBefore, CapRule Rule)? latest = null;
        foreach (var rule in rules)
        {
            if (!rule.Covers(channel))
            {
                continue;
            }
            var counted = log.Where(e => rule.Covers(e.Channel) && e.At + rule.Window > now).Select(e => e.At).Order().ToArray();
            var leaving = counted.Length - rule.Max + 1;
            if (leaving <= 0)
            {
                continue;
            }
            var free = counted[leaving - 1] + rule.Window;
            if (latest is null || free > latest.Value.NotBefore)
            {
                latest = (free, rule);
            }
        }
        return latest;
    }

    /// <summary>
    /// What a row keeps: sends still inside the longest window of <paramref name="rules"/>, the newest
    /// <c>max(</c><see cref="MinKept"/><c>, largest Max)</c> of them, oldest first. Every rule's decision and free time
    /// depend only on its newest Max sends, so trimming never changes a verdict.
    /// </summary>
    public static List<ContactLogEntry> Retained(IEnumerable<ContactLogEntry> log, IReadOnlyList<CapRule> rules, DateTimeOffset now)
    {
        if (rules.Count == 0)
        {
            return [];
        }
        var longest = rules.Max(r => r.Window);
        var keep = Math.Max(MinKept, rules.Max(r => r.Max));
        return log.Where(e => e.At + longest > now)
            .OrderByDescending(e => e.At)
            .Take(keep)
            .OrderBy(e => e.At)
            .ToList();
    }
}
