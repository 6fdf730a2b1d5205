using Hub.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Audiences.VkAds;

public static class VkAdsRegistration
{
    /// <summary>The API's base address; <see cref="VkAdsFacts.DefaultBaseUrl"/> when not set (tests point it at a fake).</summary>
    public const string BaseUrlKey = "Audiences:VkAds:BaseUrl";

    /// <summary>How long one attempt may take: an upload of up to 128 MB on a slow link. Applies to every VK call (one client).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Registers the VK Ads client as one more <see cref="Audiences.IAdSystemClient"/> (system <c>vk</c>).
    /// <paramref name="resilience"/> adjusts the standard resilience options after ours (tests drop the retry delays).
    /// </summary>
    public static IServiceCollection AddVkAds(this IServiceCollection services, IConfiguration configuration, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpApi<IVkAdsApi>(_ => HttpApis.BaseAddress(configuration[BaseUrlKey], VkAdsFacts.DefaultBaseUrl), resilience: options =>
            {
                options.AttemptTimeout.Timeout = AttemptTimeout;
                options.TotalRequestTimeout.Timeout = 3 * AttemptTimeout;
                options.CircuitBreaker.SamplingDuration = 2 * AttemptTimeout; // the options' validation asks for at least twice the attempt timeout
                resilience?.Invoke(options);
            })
            // HttpClient's own 100 s default would cut an upload short; the resilience timeouts above govern instead.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(new VkAdsCredentials(configuration));
        services.TryAddSingleton<VkAdsTokens>();
        services.AddSingleton<IAdSystemClient, VkAdsClient>();
        return services;
    }
}
