namespace Hub.Audiences;

/// <summary>
/// What the audience sync needs from an ad system, whatever its API: create a remote audience from a file,
/// replace its contents from a new file of the same format, and read its processing state.
/// One implementation per system (Yandex/, VkAds/); the shop's credentials come from settings.
/// </summary>
public interface IAdSystemClient
{
    /// <summary>The system's id as used in settings, the CLI and the tables: <c>yandex</c>, <c>vk</c>.</summary>
    string System { get; }

    /// <summary>Uploads <paramref name="file"/> as a new remote audience named <paramref name="name"/> and saves it.</summary>
    Task<RemoteAudience> CreateAsync(string shopId, string name, Stream file, CancellationToken cancellationToken = default);

    /// <summary>Replaces all data of an existing remote audience with <paramref name="file"/> (same columns, same hashing).</summary>
    Task<RemoteAudience> ReplaceAsync(string shopId, string remoteId, Stream file, CancellationToken cancellationToken = default);

    /// <summary>The remote audience's current state, or null when the system no longer has it.</summary>
    Task<RemoteAudience?> GetAsync(string shopId, string remoteId, CancellationToken cancellationToken = default);
}

/// <summary>Where an uploaded audience stands on the ad system's side.</summary>
public enum RemoteStatus
{
    /// <summary>Uploaded, being matched or updated (Yandex <c>uploaded</c>, <c>is_processed</c>, <c>is_updated</c>).</summary>
    Processing,
    /// <summary>Matched and usable for ads (Yandex <c>processed</c>).</summary>
    Ready,
    /// <summary>Too few contacts were matched to use it (Yandex <c>few_data</c>: under 100 matched IDs).</summary>
    FewData,
    /// <summary>The system failed to process it (Yandex <c>processing_failed</c>); a new upload is needed.</summary>
    Failed,
}

/// <summary>
/// A remote audience: its id on the ad system (opaque to the sync; a system may pack more than one id into it),
/// the mapped status, the system's own status word, and the counts it reports.
/// </summary>
public sealed record RemoteAudience(string RemoteId, RemoteStatus Status, string RawStatus, long? Rows = null, long? Matched = null);

/// <summary>
/// An ad system refused or failed a call. Carries the HTTP status, the system's error type and message as it sent
/// them, and — for quota and throttling answers — when to try again.
/// </summary>
public sealed class AdSystemException(string system, int? httpStatus, string? errorType, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception($"{system}: {message}", inner)
{
    public string System { get; } = system;
    public int? HttpStatus { get; } = httpStatus;
    public string? ErrorType { get; } = errorType;
    public string SystemMessage { get; } = message;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    /// <summary>A quota or rate limit (HTTP 429): the same call will work later.</summary>
    public bool IsQuota => HttpStatus == 429;
    /// <summary>Worth retrying later: quota, throttling or a server-side error.</summary>
    public bool IsTransient => IsQuota || HttpStatus is >= 500 or null;
}
