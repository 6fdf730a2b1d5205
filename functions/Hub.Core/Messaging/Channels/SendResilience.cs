using System.Net;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Messaging.Channels;

/// <summary>
/// The standard resilience handler as the messaging providers need it. One client serves every shop, so a 429 — one
/// bot or number over its own limit, answered Retry with the provider's wait — must not open the circuit for all
/// shops; only failures of the provider itself (5xx, timeouts, no connection) count towards breaking it.
/// Sends are POSTs and never retried by the handler (<see cref="Hub.Http.HttpApis"/>); the dispatcher retries.
/// </summary>
internal static class SendResilience
{
    public static Action<HttpStandardResilienceOptions> Configure(Action<HttpStandardResilienceOptions>? more) => options =>
    {
        var breaks = options.CircuitBreaker.ShouldHandle;
        options.CircuitBreaker.ShouldHandle = async args =>
            args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && await breaks(args);
        more?.Invoke(options);
    };
}
