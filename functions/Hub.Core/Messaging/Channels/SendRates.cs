using System.Threading.RateLimiting;

namespace Hub.Messaging.Channels;

/// <summary>
/// A provider's send rate for this process, as a token bucket of System.Threading.RateLimiting: at most
/// <c>perSecond</c> sends in each one-second step. A send waits in line for its turn up to <see cref="MaxWait"/>'s worth
/// of sends; one that finds the line full is answered <see cref="SendResult.Retry"/> after the limiter's estimate
/// (<see cref="RetryAfter"/>). The limits hold per Functions instance: scaled out, each instance paces itself.
/// </summary>
internal static class SendRates
{
    /// <summary>How long a send may wait in line for its turn before it is handed back as Retry.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public static TokenBucketRateLimiterOptions PerSecond(int perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = perSecond * (int)MaxWait.TotalSeconds,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }

    /// <summary>When a refused lease says the line frees up, else one second.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1);

    /// <summary>The outcome for a message the limiter did not let through.</summary>
    public static SendOutcome Throttled(string messageId, string provider, RateLimitLease lease) =>
        new(messageId, SendResult.Retry, Error: $"{provider}: too many messages waiting to be sent from this instance", RetryAfter: RetryAfter(lease));
}
