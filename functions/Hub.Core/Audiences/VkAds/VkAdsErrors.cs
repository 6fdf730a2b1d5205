using System.Text.Json;
using Polly;
using Refit;

namespace Hub.Audiences.VkAds;

/// <summary>
/// Turns whatever a VK Ads call threw into an <see cref="AdSystemException"/>: the HTTP status, VK's error code and
/// message when the body carries them (shape: <see cref="VkAdsFacts.ErrorProperty"/>, read leniently), else the start
/// of the raw body, and <c>Retry-After</c> for throttling answers.
/// </summary>
internal static class VkAdsErrors
{
    public const int ExcerptLength = 300;

    /// <summary>The translated exception, or null when <paramref name="exception"/> is not a failed call (a bug, a caller's cancellation).</summary>
    public static AdSystemException? From(Exception exception, TimeProvider time, CancellationToken cancellationToken) => exception switch
    {
        ApiException api => FromAnswer(api, time),
        HttpRequestException http => new(VkAdsClient.SystemId, (int?)http.StatusCode, null, $"request failed: {http.Message}", inner: http),
        ExecutionRejectedException rejected => new(VkAdsClient.SystemId, null, null, $"request not completed: {rejected.Message}", inner: rejected),
        OperationCanceledException timeout when !cancellationToken.IsCancellationRequested =>
            new(VkAdsClient.SystemId, null, null, $"request timed out: {timeout.Message}", inner: timeout),
        _ => null,
    };

    static AdSystemException FromAnswer(ApiException api, TimeProvider time)
    {
        var status = (int)api.StatusCode;
        if (status is >= 200 and < 300)
        {
            return new(VkAdsClient.SystemId, status, null, $"unexpected answer ({api.Message}): {Excerpt(api.Content)}", inner: api);
        }
        var (code, message) = Read(api.Content);
        message ??= string.IsNullOrWhiteSpace(api.Content) ? $"HTTP {status} {api.ReasonPhrase}" : Excerpt(api.Content);
        return new(VkAdsClient.SystemId, status, code, message, RetryAfter(api, time), api);
    }

    static TimeSpan? RetryAfter(ApiException api, TimeProvider time)
    {
        var header = api.Headers?.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>VK's error code and message: <c>{"error":{"code","message","fields"}}</c> or OAuth's <c>{"error":"…","error_description":"…"}</c>.</summary>
    static (string? Code, string? Message) Read(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(VkAdsFacts.ErrorProperty, out var error))
            {
                return (null, null);
            }
            if (error.ValueKind == JsonValueKind.String)
            {
                return (error.GetString(), Text(root, VkAdsFacts.OAuthErrorDescriptionProperty) ?? error.GetString());
            }
            if (error.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            var message = Text(error, VkAdsFacts.ErrorMessageProperty);
            if (message is not null && error.TryGetProperty(VkAdsFacts.ErrorFieldsProperty, out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                message = $"{message} (fields: {Excerpt(fields.GetRawText())})";
            }
            return (Text(error, VkAdsFacts.ErrorCodeProperty), message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    public static string Excerpt(string? text) =>
        text is null ? "" : text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
}
