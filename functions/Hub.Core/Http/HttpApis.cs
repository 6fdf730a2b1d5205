using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Refit;

namespace Hub.Http;

/// <summary>
/// The one way the hub registers an external HTTP API: a Refit interface, a base address from settings and the
/// standard resilience handler (retries with backoff that honour <c>Retry-After</c>, circuit breaker, timeouts).
/// Retries are off for POST/PUT/PATCH/DELETE unless the API says the call is idempotent: a retried create could make
/// a second remote object. Every client sends <see cref="UserAgent"/>.
/// </summary>
public static class HttpApis
{
    public const string UserAgent = "Hub/1.0 (+https://github.com/hub-crm)";

    /// <summary>Snake_case JSON, as most of the APIs we call speak; an interface uses <c>[JsonPropertyName]</c> where one differs.</summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IHttpClientBuilder AddHttpApi<TApi>(
        this IServiceCollection services,
        Func<IServiceProvider, Uri> baseAddress,
        JsonSerializerOptions? json = null,
        Action<HttpStandardResilienceOptions>? resilience = null,
        bool retryUnsafeMethods = false)
        where TApi : class
    {
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(json ?? SnakeCase));
        var builder = services.AddRefitGeneratedClient<TApi>(settings)
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = baseAddress(sp);
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            });
        builder.AddStandardResilienceHandler(options =>
        {
            if (!retryUnsafeMethods)
            {
                options.Retry.DisableForUnsafeHttpMethods();
            }
            resilience?.Invoke(options);
        });
        return builder;
    }

    /// <summary>A base address from settings, without a trailing slash: Refit appends each method's path (which starts with '/') to it.</summary>
    public static Uri BaseAddress(string? configured, string fallback) =>
        new((string.IsNullOrWhiteSpace(configured) ? fallback : configured.Trim()).TrimEnd('/'));
}
