using System.Net.Http.Headers;
using Polly;
using Refit;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// Calls that got no usable answer: no connection, a timeout, an open circuit, a 5xx or a 429. Each is a
/// <see cref="SendResult.Retry"/> after a wait. Refit's exceptions are never logged or kept: they hold the request.
/// </summary>
internal static class UnansweredCalls
{
    /// <summary>Our choice: the wait after a transport failure or a 5xx.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Our choice: the wait after a 429 that names no Retry-After.</summary>
    public static readonly TimeSpan ThrottledRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>Why a call got no answer, or null when <paramref name="e"/> is not a transport failure (a bug: let it throw).</summary>
    public static string? Reason(Exception e) => e switch
    {
        ApiRequestException wrapped => wrapped.InnerException is { } inner ? Reason(inner) ?? inner.Message : wrapped.Message,
        Polly.Timeout.TimeoutRejectedException => "no answer in time",
        Polly.CircuitBreaker.BrokenCircuitException => "too many recent failures, calls are paused for a moment",
        ExecutionRejectedException => e.Message,
        HttpRequestException http => http.Message,
        OperationCanceledException => "no answer in time",
        _ => null,
    };

    /// <summary>The wait a throttled or failing answer asks for: its Retry-After, else ours.</summary>
    public static TimeSpan Wait(HttpResponseHeaders? headers, TimeProvider time, bool throttled) => headers?.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => throttled ? ThrottledRetryAfter : RetryAfter,
    };

    /// <summary>
    /// Makes one provider call for one message and reads its answer with <paramref name="read"/>. A failure before any
    /// answer is <see cref="SendResult.Retry"/>; an answer that could not be read is <see cref="SendResult.Failed"/>
    /// (not retried: the message may have gone out).
    /// </summary>
    public static async Task<SendOutcome> Send<T>(
        string providerName,
        string messageId,
        Func<Task<IApiResponse<T>>> call,
        Func<IApiResponse<T>, SendOutcome> read,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await call();
            if (response.HasRequestError(out var failure))
            {
                cancellationToken.ThrowIfCancellationRequested();
                return NoAnswer(providerName, messageId, Reason(failure) ?? failure.Message);
            }
            return read(response);
        }
        catch (ApiException)
        {
            return new SendOutcome(messageId, SendResult.Failed, Error: Unreadable(providerName));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Reason(e) is { } reason)
        {
            return NoAnswer(providerName, messageId, reason);
        }
    }

    static SendOutcome NoAnswer(string providerName, string messageId, string reason) =>
        new(messageId, SendResult.Retry, Error: $"{providerName} did not answer: {reason}", RetryAfter: RetryAfter);

    public static string Unreadable(string providerName) =>
        $"{providerName} answered with something that could not be read; the message may have been sent.";

    /// <summary>True for answers worth another try later: 429, 5xx (and 408).</summary>
    public static bool IsTransient(int status) => status is 408 or 429 or >= 500;
}
