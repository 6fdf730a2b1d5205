using System.Globalization;

namespace Hub.Audiences.VkAds;

/// <summary>
/// What the sync stores as a VK audience's remote id: <c>"{segmentId}:{listId}"</c>. Campaigns target the segment,
/// whose id never changes; the list behind it is replaced on every refresh, so the list id part changes.
/// </summary>
internal readonly record struct VkAdsRemoteId(long SegmentId, long ListId)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SegmentId}:{ListId}");

    public static VkAdsRemoteId Parse(string remoteId)
    {
        var parts = remoteId.Split(':');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var list))
        {
            return new(segment, list);
        }
        throw new ArgumentException($"VK remote id '{remoteId}' is not '{{segmentId}}:{{listId}}' (two numbers joined by ':').", nameof(remoteId));
    }
}
