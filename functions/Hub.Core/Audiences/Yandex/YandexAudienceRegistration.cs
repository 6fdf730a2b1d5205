using System.Net;
using Hub.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Audiences.Yandex;

internal static class YandexAudienceRegistration
{
    /// <summary>
    /// Registers Yandex Audience as one of the <see cref="IAdSystemClient"/>s. Base address from
    /// <c>Audiences:Yandex:BaseUrl</c> (default the production API); tokens from <c>Shops:{shopId}:YandexAudienceToken</c>.
    /// </summary>
    public static IServiceCollection AddYandexAudience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpApi<IYandexAudienceApi>(
                _ => HttpApis.BaseAddress(configuration[YandexAudience.BaseUrlKey], YandexAudience.DefaultBaseUrl),
                resilience: Resilience)
            // The resilience handler's timeouts govern; HttpClient's own 100 s would cut big uploads short.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(["Authorization"]);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new YandexAudienceTokens(configuration));
        services.TryAddSingleton<YandexAudienceFailures>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdSystemClient, YandexAudienceClient>());
        return services;
    }

    /// <summary>
    /// Long attempts for big uploads. A 429 is not retried here even for reads: Yandex's quotas lift after a second at
    /// best and at midnight Moscow time at worst, and retries spend the same quota, so the caller gets
    /// <see cref="AdSystemException.IsQuota"/> with the Retry-After and reschedules. POSTs are never retried (HttpApis).
    /// </summary>
    static void Resilience(HttpStandardResilienceOptions options)
    {
        options.AttemptTimeout.Timeout = YandexAudience.AttemptTimeout;
        options.TotalRequestTimeout.Timeout = YandexAudience.TotalTimeout;
        options.CircuitBreaker.SamplingDuration = 2 * YandexAudience.AttemptTimeout;
        var retryable = options.Retry.ShouldHandle;
        options.Retry.ShouldHandle = async args =>
            args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && await retryable(args);
    }
}
