using System.Text.RegularExpressions;

namespace Hub.Audiences;

/// <summary>What the ad system uses the audience for; it changes nothing in the file, it tells the marketer why it exists.</summary>
public enum AudiencePurpose { Seed, Retargeting, Exclusion }

/// <summary>
/// A segment (optionally minus an exclusion segment) bound to an ad system, refreshed on a schedule. The remote id,
/// the hash of the last file the system accepted and the timing of the next sync and status poll are kept on the same
/// row, so a retry never creates a second remote audience and an unchanged file is never uploaded again.
/// </summary>
public sealed record Audience
{
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromHours(24);

    public required string Id { get; init; }
    public required string ShopId { get; init; }
    public required string SegmentId { get; init; }
    public string? ExcludeSegmentId { get; init; }
    public required string System { get; init; }
    public AudiencePurpose Purpose { get; init; } = AudiencePurpose.Seed;
    public string? Name { get; init; }
    public TimeSpan RefreshEvery { get; init; } = DefaultRefresh;
    public AdsConsentRule Consent { get; init; } = AdsConsentRule.Granted;
    public bool Paused { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The audience on the ad system, once created.</summary>
    public string? RemoteId { get; init; }
    /// <summary>SHA-256 of the last file the ad system accepted.</summary>
    public string? UploadedHash { get; init; }
    public DateTimeOffset? NextSyncAt { get; init; }
    /// <summary>The sync whose remote processing is still awaited, and when to ask next.</summary>
    public string? PendingSyncId { get; init; }
    public DateTimeOffset? NextPollAt { get; init; }
    public int PollAttempts { get; init; }
    /// <summary>Consecutive syncs deferred by quota: the backoff doubles with each.</summary>
    public int Deferrals { get; init; }

    /// <summary>The name the ad system shows: the shop, the purpose and the segment, unless the marketer named it.</summary>
    public string RemoteName => Name ?? $"{ShopId} · {Purpose.ToString().ToLowerInvariant()} · {SegmentId}{(ExcludeSegmentId is null ? "" : $" − {ExcludeSegmentId}")}";
}

public static partial class AudienceIds
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex Pattern();

    public static string? Problem(string id) => Pattern().IsMatch(id)
        ? null
        : $"audience id '{id}' must be 2–63 lower-case letters, digits or dashes, starting with a letter or digit";
}
