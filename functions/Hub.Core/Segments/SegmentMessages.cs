namespace Hub.Segments;

/// <summary>A segment-jobs message: a shop's run (<see cref="RunType"/>, bucket ignored) or one bucket of a run.</summary>
public sealed record SegmentJob(string ShopId, string? RunId = null, int Bucket = 0)
{
    public const string RunType = "segment-run";
    public const string BucketType = "segment-bucket";
}

/// <summary>A customer-changes message: ingestion changed this customer; recompute their segments.</summary>
public sealed record CustomerChanged(string ShopId, string CustomerId)
{
    public const string Type = "customer-changed";
}

/// <summary>A segment-changes message: these customers entered (or left) the segment at <paramref name="At"/>.</summary>
public sealed record SegmentChanges(string ShopId, string SegmentId, string Change, DateTimeOffset At, IReadOnlyList<string> CustomerIds)
{
    public const string Type = "segment-changes";
}

/// <summary>What a whole run did: the figures it learned and the membership changes it made.</summary>
public sealed record SegmentRunResult(ShopSegmentStats Stats, int Customers, int Entered, int Left, int Writes);
