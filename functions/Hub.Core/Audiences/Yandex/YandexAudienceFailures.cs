using System.Net.Http.Headers;
using Polly;
using Refit;

namespace Hub.Audiences.Yandex;

/// <summary>
/// Turns whatever a Yandex call throws into an <see cref="AdSystemException"/>: the HTTP status, Yandex's error type and
/// message, and for quota answers the Retry-After. Refit's exceptions are not kept as the inner exception: they hold the
/// request, whose <c>Authorization</c> header a property-walking logger would write out.
/// </summary>
internal sealed class YandexAudienceFailures(TimeProvider time)
{
    public async Task<T> Translate<T>(Func<Task<T>> call, CancellationToken cancellationToken, string? context = null)
    {
        try
        {
            return await call();
        }
        catch (ApiException e)
        {
            throw FromAnswer(e, context);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unreachable(e) is { } cause)
        {
            throw new AdSystemException(YandexAudience.SystemId, null, null,
                With($"Yandex Audience did not answer: {Reason(cause)}", context), inner: cause);
        }
        catch (ApiRequestException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    AdSystemException FromAnswer(ApiException e, string? context)
    {
        var status = (int)e.StatusCode;
        if (status is >= 200 and < 300)
        {
            return new AdSystemException(YandexAudience.SystemId, status, null, With("Yandex Audience sent an answer that could not be read.", context));
        }
        var reply = YandexErrorReply.Parse(e.Content);
        var message = reply?.Describe() ?? $"HTTP {status} {e.ReasonPhrase}".TrimEnd();
        return new AdSystemException(YandexAudience.SystemId, status, reply?.ErrorType, With(message, context), RetryAfter(e.Headers?.RetryAfter));
    }

    TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>A failure before any answer: no connection, a timeout, an open circuit. Refit wraps these in <see cref="ApiRequestException"/>.</summary>
    static Exception? Unreachable(Exception e) => e switch
    {
        ApiRequestException wrapped => wrapped.InnerException is { } inner ? Unreachable(inner) ?? inner : null,
        HttpRequestException or ExecutionRejectedException or OperationCanceledException => e,
        _ => null,
    };

    static string Reason(Exception cause) => cause switch
    {
        Polly.Timeout.TimeoutRejectedException => "no answer in time",
        Polly.CircuitBreaker.BrokenCircuitException => "too many recent failures, calls are paused for a moment",
        OperationCanceledException => "no answer in time",
        _ => cause.Message,
    };

    static string With(string message, string? context) => context is null ? message : $"{message} ({context})";
}
