using Azure.Data.Tables;

namespace Hub.Segments;

/// <summary>
/// A customer entered or left a segment at <paramref name="At"/>. <paramref name="Again"/>: an entry an earlier attempt
/// of the same run wrote, announced again (it may have died before it published).
/// </summary>
public sealed record SegmentChange(string SegmentId, string CustomerId, bool Entered, DateTimeOffset At, bool Again = false);

/// <summary>
/// Turns a customer's placement and their stored memberships into the write that makes their member row match (at most
/// one: the row holds all their memberships), and the entered/left changes. A row whose memberships, details, spend and
/// reach are unchanged is not rewritten, so recomputing twice writes nothing the second time; an entered time survives
/// every recompute while the customer stays. Given <c>announceSince</c> (the start of a full run), an unchanged
/// membership entered since then is an entry an earlier attempt of the run wrote: it is announced again with its own
/// time, because that attempt may have died before it published (campaigns start one run per day of entry, so a
/// repeat sends nothing twice).
/// </summary>
public static class MembershipDiff
{
    public static void Apply(
        string shopId,
        Placement placement,
        IReadOnlyList<SegmentMember> stored,
        DateTimeOffset now,
        ICollection<TableTransactionAction> writes,
        ICollection<SegmentChange> changes,
        DateTimeOffset? announceSince = null)
    {
        var changed = stored.Count != placement.Memberships.Count;
        var rows = new SegmentMember[placement.Memberships.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var membership = placement.Memberships[i];
            var existing = Find(stored, membership.SegmentId);
            if (existing is null)
            {
                changes.Add(new SegmentChange(membership.SegmentId, placement.CustomerId, Entered: true, now));
                changed = true;
            }
            else
            {
                if (existing.EnteredAt >= announceSince)
                {
                    changes.Add(new SegmentChange(membership.SegmentId, placement.CustomerId, Entered: true, existing.EnteredAt, Again: true));
                }
                changed |= existing.Spent != placement.Spent || existing.Detail != membership.Detail || existing.Reach != placement.Reach;
            }
            rows[i] = new SegmentMember(membership.SegmentId, placement.CustomerId, existing?.EnteredAt ?? now, placement.Spent, membership.Detail, placement.Reach);
        }
        foreach (var old in stored)
        {
            if (!placement.Memberships.Any(m => m.SegmentId == old.SegmentId))
            {
                changes.Add(new SegmentChange(old.SegmentId, placement.CustomerId, Entered: false, now));
                changed = true;
            }
        }
        if (changed)
        {
            writes.Add(SegmentMemberStore.Write(shopId, placement.CustomerId, placement.Spent, placement.Reach, rows));
        }
    }

    static SegmentMember? Find(IReadOnlyList<SegmentMember> stored, string segmentId)
    {
        foreach (var s in stored)
        {
            if (s.SegmentId == segmentId)
            {
                return s;
            }
        }
        return null;
    }
}
