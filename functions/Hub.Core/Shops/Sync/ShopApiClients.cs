using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hub.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Refit;

namespace Hub.Shops.Sync;

/// <summary>
/// Refit clients for shop platforms, whose address differs per shop (<see cref="Shop.ApiUrl"/>): one named HttpClient
/// per platform with the standard resilience handler (<see cref="HttpApis"/>'s rules: no retried POSTs), given the
/// shop's base address and credentials per call. 429 and 503 are never retried inside the handler: they are the
/// platforms' throttling signals, and the sync engine reschedules the page instead of holding a worker while it waits.
/// </summary>
public sealed class ShopApiClients(IHttpClientFactory factory)
{
    public static string ClientName(string platform) => $"shop-api:{platform}";

    /// <summary>A client for one shop; <paramref name="configure"/> sets its credentials (headers).</summary>
    public TApi Create<TApi>(string platform, Uri baseAddress, JsonSerializerOptions json, Action<HttpRequestHeaders>? configure = null)
    {
        var client = factory.CreateClient(ClientName(platform));
        client.BaseAddress = new Uri(baseAddress.ToString().TrimEnd('/'));
        configure?.Invoke(client.DefaultRequestHeaders);
        return RestService.For<TApi>(client, new RefitSettings(new SystemTextJsonContentSerializer(json)));
    }

    /// <summary>Registers the named client of one platform (called by each platform's registration).</summary>
    public static IHttpClientBuilder Register(IServiceCollection services, string platform, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        services.AddHttpClient();
        var builder = services.AddHttpClient(ClientName(platform), client => client.DefaultRequestHeaders.UserAgent.ParseAdd(HttpApis.UserAgent));
        builder.AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();
            var retryable = options.Retry.ShouldHandle;
            options.Retry.ShouldHandle = async args =>
                args.Outcome.Result?.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) && await retryable(args);
            resilience?.Invoke(options);
        });
        builder.RedactLoggedHeaders(["Authorization", "X-API-KEY", "X-Shopify-Access-Token"]);
        return builder;
    }
}

/// <summary>How a platform's HTTP failures become the sync engine's two exceptions.</summary>
public static class PlatformFailures
{
    /// <summary>Used when a 429/503 carries no Retry-After.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Runs one call and translates a refusal; <paramref name="credentialSetting"/> names the setting a 401/403 points at.</summary>
    public static async Task<T> CallAsync<T>(string platform, string what, string credentialSetting, Func<Task<T>> call, TimeSpan? defaultRetryAfter = null)
    {
        try
        {
            return await call();
        }
        catch (ApiException e) when ((int)e.StatusCode is >= 200 and < 300)
        {
            // A 2xx whose body Refit could not deserialize: not a refusal.
            throw new PlatformApiException(platform, (int)e.StatusCode, $"{what} answered a body we cannot read: {e.InnerException?.Message ?? e.Message}", transient: false, e);
        }
        catch (ApiException e)
        {
            throw Translate(platform, what, credentialSetting, e.StatusCode, e.Headers, e.Content, e, defaultRetryAfter);
        }
        // Refit 16 wraps what HttpClient.SendAsync throws (no answer at all) in ApiRequestException.
        catch (ApiRequestException e) when (e.InnerException is Polly.Timeout.TimeoutRejectedException or TimeoutException or TaskCanceledException { InnerException: TimeoutException })
        {
            throw new PlatformApiException(platform, null, $"{what} timed out", transient: true, e);
        }
        catch (ApiRequestException e) when (e.InnerException is OperationCanceledException canceled)
        {
            // The caller gave up: cancellation, not a platform failure.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(canceled);
            throw;
        }
        catch (ApiRequestException e)
        {
            throw new PlatformApiException(platform, null, $"{what} failed: {e.InnerException?.Message ?? e.Message}", transient: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new PlatformApiException(platform, null, $"{what} failed: {e.Message}", transient: true, e);
        }
        catch (TimeoutException e)
        {
            throw new PlatformApiException(platform, null, $"{what} timed out", transient: true, e);
        }
        catch (Polly.Timeout.TimeoutRejectedException e)
        {
            throw new PlatformApiException(platform, null, $"{what} timed out", transient: true, e);
        }
        catch (JsonException e)
        {
            throw new PlatformApiException(platform, null, $"{what} answered JSON we cannot read: {e.Message}", transient: false, e);
        }
    }

    public static Exception Translate(string platform, string what, string credentialSetting, HttpStatusCode status, HttpResponseHeaders? headers, string? body, Exception? inner = null, TimeSpan? defaultRetryAfter = null)
    {
        var code = (int)status;
        var snippet = string.IsNullOrWhiteSpace(body) ? "" : $": {(body.Length > 300 ? body[..300] + "…" : body)}";
        return status switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable =>
                new PlatformThrottledException(platform, RetryAfter(headers) ?? defaultRetryAfter ?? DefaultRetryAfter, $"{what} answered {code}"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new PlatformApiException(platform, code, $"{what} was refused ({code}): check the credentials in {credentialSetting.Replace(":", "__")}{snippet}", transient: false, inner),
            HttpStatusCode.NotFound =>
                new PlatformApiException(platform, code, $"{what} answered 404: check the shop's API URL (hub shops add --api-url){snippet}", transient: false, inner),
            _ when code >= 500 => new PlatformApiException(platform, code, $"{what} failed with {code}{snippet}", transient: true, inner),
            _ => new PlatformApiException(platform, code, $"{what} was refused ({code}){snippet}", transient: false, inner),
        };
    }

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders? headers)
    {
        if (headers?.RetryAfter is not { } retry)
        {
            return null;
        }
        if (retry.Delta is { } delta)
        {
            return delta;
        }
        return retry.Date is { } date ? (date - DateTimeOffset.UtcNow) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero : null;
    }
}
