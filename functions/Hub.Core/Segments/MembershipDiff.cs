using Azure.Data.Tables;

namespace Hub.Segments;

/// <summary>A customer entered or left a segment.</summary>
public sealed record SegmentChange(string SegmentId, string CustomerId, bool Entered);

/// <summary>
/// Turns a customer's placement and their stored rows into the writes that make storage match, and the entered/left
/// changes. Rows whose detail, spend and reach are unchanged are not rewritten, so recomputing twice writes nothing the
/// second time; an entered time survives every recompute while the customer stays.
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
        foreach (var membership in placement.Memberships)
        {
            var existing = stored.FirstOrDefault(s => s.SegmentId == membership.SegmentId);
            if (existing is null)
            {
                writes.Add(SegmentMemberStore.Upsert(shopId, new SegmentMember(membership.SegmentId, placement.CustomerId, now, placement.Spent, membership.Detail, placement.Reach)));
                changes.Add(new SegmentChange(membership.SegmentId, placement.CustomerId, Entered: true));
            }
            else if (existing.Spent != placement.Spent || existing.Detail != membership.Detail || existing.Reach != placement.Reach)
            {
                writes.Add(SegmentMemberStore.Upsert(shopId, existing with { Spent = placement.Spent, Detail = membership.Detail, Reach = placement.Reach }));
            }
        }
        foreach (var old in stored)
        {
            if (!placement.Memberships.Any(m => m.SegmentId == old.SegmentId))
            {
                writes.Add(SegmentMemberStore.Delete(shopId, old.SegmentId, placement.CustomerId));
                changes.Add(new SegmentChange(old.SegmentId, placement.CustomerId, Entered: false));
            }
        }
    }
}
