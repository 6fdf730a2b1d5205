namespace Hub.Audiences.Yandex;

/// <summary>Yandex's segment status words (ad-systems.md §1.3) mapped to <see cref="RemoteStatus"/>.</summary>
internal static class YandexSegmentStatuses
{
    /// <summary>
    /// <c>uploaded</c>, <c>is_processed</c> and <c>is_updated</c> are Processing. Words not in the documented list
    /// (the UI also shows "too much data", whose API word is unknown) count as Processing too; the raw word is kept.
    /// </summary>
    public static RemoteStatus ToRemote(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "processed" => RemoteStatus.Ready,
        "few_data" => RemoteStatus.FewData,
        "processing_failed" => RemoteStatus.Failed,
        _ => RemoteStatus.Processing,
    };
}
