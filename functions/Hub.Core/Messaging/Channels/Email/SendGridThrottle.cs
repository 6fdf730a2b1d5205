using System.Collections.Concurrent;

namespace Hub.Messaging.Channels.Email;

/// <summary>
/// What the last answers for one API key said about sending more: an exhausted rate limit (a 429, or
/// <c>X-RateLimit-Remaining: 0</c>) holds every send until <c>X-RateLimit-Reset</c>; server errors in a row double the
/// wait before the next try. Kept per process (each instance learns from its own answers).
/// </summary>
internal sealed class SendGridThrottle(TimeProvider time)
{
    readonly ConcurrentDictionary<string, DateTimeOffset> heldUntil = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, int> serverFailures = new(StringComparer.Ordinal);

    /// <summary>How long sends with <paramref name="apiKey"/> must still wait, or null when they may go now.</summary>
    public TimeSpan? Wait(string apiKey)
    {
        if (heldUntil.TryGetValue(apiKey, out var until))
        {
            var left = until - time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                return left;
            }
            heldUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(apiKey, until));
        }
        return null;
    }

    /// <summary>
    /// Holds sends until <paramref name="until"/> (at least a second, as clocks differ; <see cref="SendGridMail.DefaultRateLimitWait"/>
    /// when SendGrid named no time) and says how long that is.
    /// </summary>
    public TimeSpan Hold(string apiKey, DateTimeOffset? until)
    {
        var now = time.GetUtcNow();
        var end = until is { } reset
            ? (reset > now + SendGridMail.MinRateLimitWait ? reset : now + SendGridMail.MinRateLimitWait)
            : now + SendGridMail.DefaultRateLimitWait;
        heldUntil.AddOrUpdate(apiKey, end, (_, existing) => existing > end ? existing : end);
        return end - now;
    }

    /// <summary>Records a server error or timeout and says how long to wait before trying again.</summary>
    public TimeSpan ServerFailed(string apiKey)
    {
        var failures = serverFailures.AddOrUpdate(apiKey, 1, (_, n) => Math.Min(n + 1, 16));
        var wait = SendGridMail.ServerErrorWait * Math.Pow(2, failures - 1);
        return wait < SendGridMail.MaxServerErrorWait ? wait : SendGridMail.MaxServerErrorWait;
    }

    /// <summary>An answer that was not a server error: the next one starts the backoff afresh.</summary>
    public void Answered(string apiKey) => serverFailures.TryRemove(apiKey, out _);
}
