using System.Net.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace Hub.Messaging.Channels;

/// <summary>
/// A send that got no answer from the provider. When the request surely never left (no connection, TLS failed, the
/// circuit is open) it is <see cref="SendResult.Retry"/>. When it may have reached the provider (timed out, the
/// connection dropped mid-answer) it is Retry only for a provider that drops repeats by our id (VK's
/// <c>random_id</c>); for the others (Telegram, WhatsApp: no idempotency key) it is <see cref="SendResult.Failed"/>,
/// because a second send could reach the person twice.
/// </summary>
internal static class TransportFailure
{
    /// <summary>How long to wait before trying again after the provider could not be reached.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public static SendOutcome Outcome(string messageId, string provider, Exception error, bool providerDropsRepeats)
    {
        var cause = Unwrap(error);
        var reason = Reason(cause);
        if (NeverSent(cause) is { } after)
        {
            return new SendOutcome(messageId, SendResult.Retry, Error: $"{provider} could not be reached: {reason}", RetryAfter: after);
        }
        return providerDropsRepeats
            ? new SendOutcome(messageId, SendResult.Retry, Error: $"{provider} did not answer: {reason}", RetryAfter: RetryAfter)
            : new SendOutcome(messageId, SendResult.Failed,
                Error: $"{provider} did not answer ({reason}); the message may have been delivered, so it is not sent again");
    }

    static Exception Unwrap(Exception error) => error is ApiRequestException { InnerException: { } inner } ? inner : error;

    /// <summary>When the request never reached the provider, how long to wait; else null.</summary>
    static TimeSpan? NeverSent(Exception cause) => cause switch
    {
        TimeoutRejectedException => null,
        ExecutionRejectedException => RetryAfter,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => RetryAfter,
        _ => null,
    };

    static string Reason(Exception cause) => cause switch
    {
        TimeoutRejectedException or OperationCanceledException => "no answer in time",
        BrokenCircuitException => "too many recent failures, calls are paused for a moment",
        _ => cause.Message,
    };
}
