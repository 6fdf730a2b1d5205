using System.Globalization;
using System.Text.Json;
using Refit;
using static Hub.Messaging.Channels.Vk.VkMessaging.Codes;

namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// What the hub does after VK's answer to <c>messages.send</c> (channels.md §6), by <c>error_code</c>:
/// <list type="table">
/// <item><term>response</term><description>Sent, the provider id is the message id</description></item>
/// <item><term>6</term><description>Retry after <see cref="VkMessaging.TooManyRequestsRetryAfter"/></description></item>
/// <item><term>10</term><description>Retry after <see cref="VkMessaging.ServerErrorRetryAfter"/></description></item>
/// <item><term>9, 29</term><description>Retry after <see cref="VkMessaging.QuotaRetryAfter"/> (flood control, method quota)</description></item>
/// <item><term>900, 901, 902</term><description>OptOut: blacklisted us, gave no permission, privacy settings</description></item>
/// <item><term>914, anything else</term><description>Failed with VK's message</description></item>
/// </list>
/// VK answers errors with HTTP 200; a non-200 comes from in between and is judged by its status (5xx, 429 Retry).
/// </summary>
internal static class VkAnswers
{
    public static SendOutcome ToOutcome(string messageId, IApiResponse<VkReply> response)
    {
        if (response.IsSuccessStatusCode && response.Content is { } reply)
        {
            if (reply.Error is { } error)
            {
                return ForCode(messageId, error.ErrorCode, $"vk {error.ErrorCode}: {error.ErrorMsg?.Trim() ?? "no description"}");
            }
            return reply.Response is { ValueKind: JsonValueKind.Number } id
                ? new SendOutcome(messageId, SendResult.Sent, id.GetRawText())
                : new SendOutcome(messageId, SendResult.Sent, Error: "vk accepted the message, but its answer names no message id");
        }
        var status = response.StatusCode is { } code ? (int)code : 0;
        var text = response.IsSuccessStatusCode
            ? "vk sent an answer that could not be read"
            : $"vk answered HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}".TrimEnd();
        return status switch
        {
            // The same random_id makes a repeat harmless: VK drops it if the first one went through.
            >= 200 and < 300 => new SendOutcome(messageId, SendResult.Retry, Error: text, RetryAfter: VkMessaging.ServerErrorRetryAfter),
            429 => new SendOutcome(messageId, SendResult.Retry, Error: text, RetryAfter: VkMessaging.TooManyRequestsRetryAfter),
            >= 500 => new SendOutcome(messageId, SendResult.Retry, Error: text, RetryAfter: VkMessaging.ServerErrorRetryAfter),
            _ => new SendOutcome(messageId, SendResult.Failed, Error: text),
        };
    }

    public static SendOutcome ForCode(string messageId, int code, string error) => code switch
    {
        TooManyRequestsPerSecond => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: VkMessaging.TooManyRequestsRetryAfter),
        InternalServerError => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: VkMessaging.ServerErrorRetryAfter),
        FloodControl or RateLimitReached => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: VkMessaging.QuotaRetryAfter),
        RecipientBlacklisted or NoPermission or PrivacySettings => new SendOutcome(messageId, SendResult.OptOut, Error: error),
        _ => new SendOutcome(messageId, SendResult.Failed, Error: error),
    };
}
