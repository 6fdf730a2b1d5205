using System.Text.Json;
using Hub.Http;
using Refit;
using static Hub.Messaging.Channels.WhatsApp.WhatsAppCloud.Codes;

namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// What the hub does after the Cloud API's answer (channels.md §4), by <c>error.code</c>:
/// <list type="table">
/// <item><term>accepted</term><description>Sent, the provider id is the <c>wamid</c></description></item>
/// <item><term>131047</term><description>UseTemplate: the 24-hour window is closed</description></item>
/// <item><term>131050</term><description>OptOut: the person stopped promotions</description></item>
/// <item><term>130429, 131056</term><description>Retry: number throughput, pair rate (<see cref="WhatsAppCloud.ThroughputRetryAfter"/>, <see cref="WhatsAppCloud.PairRateRetryAfter"/>)</description></item>
/// <item><term>131049</term><description>Retry after <see cref="WhatsAppCloud.MarketingCapRetryAfter"/>: the per-user marketing cap</description></item>
/// <item><term>1, 2</term><description>Retry after <see cref="WhatsAppCloud.ServiceRetryAfter"/></description></item>
/// <item><term>131026</term><description>Unreachable: not deliverable to this number</description></item>
/// <item><term>131048, 368</term><description>Failed: the number is restricted (spam rate limit, policy block) — alert</description></item>
/// <item><term>100, anything else</term><description>Failed with Meta's message</description></item>
/// </list>
/// An answer without a readable error is judged by its HTTP status: 429 and 5xx Retry, the rest Failed.
/// </summary>
internal static class WhatsAppAnswers
{
    public static SendOutcome ToOutcome(string messageId, IApiResponse<WhatsAppSendReply> response)
    {
        if (response.IsSuccessStatusCode)
        {
            // Accepted even when the answer cannot be read: sending again could deliver it twice.
            return response.Content?.Messages?.FirstOrDefault()?.Id is { Length: > 0 } wamid
                ? new SendOutcome(messageId, SendResult.Sent, wamid)
                : new SendOutcome(messageId, SendResult.Sent, Error: "whatsapp accepted the message, but its answer names no message id");
        }
        var status = response.StatusCode is { } code ? (int)code : 0;
        if (Parse(response.HasResponseError(out var refusal) ? refusal.Content : null) is { Code: { } errorCode } error)
        {
            return ForCode(messageId, errorCode, $"whatsapp {errorCode}: {error.Describe()}");
        }
        var text = $"whatsapp answered HTTP {status} {response.ReasonPhrase}".TrimEnd();
        return status switch
        {
            429 => new SendOutcome(messageId, SendResult.Retry, Error: text, RetryAfter: WhatsAppCloud.ThroughputRetryAfter),
            >= 500 => new SendOutcome(messageId, SendResult.Retry, Error: text, RetryAfter: WhatsAppCloud.ServiceRetryAfter),
            _ => new SendOutcome(messageId, SendResult.Failed, Error: text),
        };
    }

    public static SendOutcome ForCode(string messageId, int code, string error) => code switch
    {
        ServiceWindowClosed => new SendOutcome(messageId, SendResult.UseTemplate, Error: error),
        StoppedPromotions => new SendOutcome(messageId, SendResult.OptOut, Error: error),
        ThroughputExceeded => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: WhatsAppCloud.ThroughputRetryAfter),
        PairRateLimit => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: WhatsAppCloud.PairRateRetryAfter),
        MarketingCap => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: WhatsAppCloud.MarketingCapRetryAfter),
        UnknownApiError or ServiceUnavailable => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: WhatsAppCloud.ServiceRetryAfter),
        Undeliverable => new SendOutcome(messageId, SendResult.Unreachable, Error: error),
        SpamRateLimit or PolicyBlocked => new SendOutcome(messageId, SendResult.Failed,
            Error: $"{error} (Meta restricts this number: check its quality rating and policy status before sending more)"),
        _ => new SendOutcome(messageId, SendResult.Failed, Error: error),
    };

    static WhatsAppError? Parse(string? content)
    {
        if (string.IsNullOrWhiteSpace(content) || content.TrimStart()[0] != '{')
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<WhatsAppErrorReply>(content, HttpApis.SnakeCase)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
