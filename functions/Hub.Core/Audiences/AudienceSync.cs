namespace Hub.Audiences;

/// <summary>How one sync ended (kebab-case in tables, CLI and JSON).</summary>
public enum AudienceSyncStatus
{
    /// <summary>Fewer unique contacts than the system takes: nothing was uploaded.</summary>
    TooSmall,
    /// <summary>The file is the one the system already has: nothing was uploaded.</summary>
    Unchanged,
    /// <summary>The quota ledger or the system's 429 said not now; the sync runs again at <see cref="AudienceSync.RetryAt"/>.</summary>
    Deferred,
    /// <summary>Uploaded; the system is matching it.</summary>
    Processing,
    /// <summary>The system matched it and it can be used.</summary>
    Ready,
    /// <summary>Uploaded, but the system matched too few of its contacts to use it (Yandex few_data: under 100 matched IDs).</summary>
    FewData,
    /// <summary>The system failed to process the upload; the next sync uploads again.</summary>
    Failed,
    /// <summary>The call to the system failed; the message says why.</summary>
    Error,
}

/// <summary>One sync of one audience, as kept in AudienceSyncs (newest first).</summary>
public sealed record AudienceSync
{
    public required string SyncId { get; init; }
    public required string AudienceId { get; init; }
    public required string System { get; init; }
    public required AudienceSyncStatus Status { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Members { get; init; }
    public long UniqueContacts { get; init; }
    public long Emails { get; init; }
    public long Phones { get; init; }
    public IReadOnlyDictionary<AudienceExclusion, long> Excluded { get; init; } = new Dictionary<AudienceExclusion, long>();
    public string? ContentHash { get; init; }
    /// <summary>True when the upload replaced the data of an existing remote audience.</summary>
    public bool Replaced { get; init; }
    public string? RemoteId { get; init; }
    public string? RemoteStatus { get; init; }
    public long? Matched { get; init; }
    public DateTimeOffset? RetryAt { get; init; }
}
