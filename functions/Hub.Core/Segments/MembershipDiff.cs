using Azure.Data.Tables;

namespace Hub.Segments;

/// <summary>A customer entered or left a segment.</summary>
public sealed record SegmentChange(string SegmentId, string CustomerId, bool Entered);

/// <summary>
/// Turns a customer's placement and their stored memberships into the write that makes their member row match (at most
/// one: the row holds all their memberships), and the entered/left changes. A row whose memberships, details, spend and
/// reach are unchanged is not rewritten, so recomputing twice writes nothing the second time; an entered time survives
/// every recompute while the customer stays.
/// </summary>
public static class MembershipDiff
{
    public static void Apply(
        string shopId,
        Placement placement,
        IReadOnlyList<SegmentMember> stored,
        DateTimeOffset now,
        ICollection<TableTransactionAction> writes,
        ICollection<SegmentChange> changes)
    {
        var changed = stored.Count != placement.Memberships.Count;
        var rows = new SegmentMember[placement.Memberships.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var membership = placement.Memberships[i];
            var existing = Find(stored, membership.SegmentId);
            if (existing is null)
            {
                changes.Add(new SegmentChange(membership.SegmentId, placement.CustomerId, Entered: true));
                changed = true;
            }
            else if (existing.Spent != placement.Spent || existing.Detail != membership.Detail || existing.Reach != placement.Reach)
            {
                changed = true;
            }
            rows[i] = new SegmentMember(membership.SegmentId, placement.CustomerId, existing?.EnteredAt ?? now, placement.Spent, membership.Detail, placement.Reach);
        }
        foreach (var old in stored)
        {
            if (!placement.Memberships.Any(m => m.SegmentId == old.SegmentId))
            {
                changes.Add(new SegmentChange(old.SegmentId, placement.CustomerId, Entered: false));
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
