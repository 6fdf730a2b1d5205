using System.Globalization;
using System.Text.Json;
using Hub.Http;
using Refit;

namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// What the hub does after Telegram's answer to <c>sendMessage</c> (channels.md §3):
/// <list type="table">
/// <item><term>ok</term><description>Sent, the provider id is <c>message_id</c></description></item>
/// <item><term>429</term><description>Retry after <c>parameters.retry_after</c> seconds</description></item>
/// <item><term>403</term><description>OptOut: the user blocked the bot (or deleted the account)</description></item>
/// <item><term>400 chat not found</term><description>Unreachable</description></item>
/// <item><term>other 400, 401, 404</term><description>Failed (our mistake or a bad token)</description></item>
/// <item><term>5xx</term><description>Retry after <see cref="TelegramBot.ServerErrorRetryAfter"/></description></item>
/// </list>
/// </summary>
internal static class TelegramAnswers
{
    public static SendOutcome ToOutcome(string messageId, IApiResponse<TelegramReply<TelegramMessage>> response)
    {
        if (response.IsSuccessStatusCode)
        {
            return response.Content is { Ok: true, Result: { } sent }
                ? new SendOutcome(messageId, SendResult.Sent, sent.MessageId.ToString(CultureInfo.InvariantCulture))
                : response.Content is { Ok: false } refused
                    ? Refused(messageId, refused.ErrorCode ?? 400, refused)
                    // Accepted, but the answer could not be read: sending again could deliver it twice.
                    : new SendOutcome(messageId, SendResult.Sent, Error: "telegram accepted the message, but its answer could not be read");
        }
        var status = response.StatusCode is { } code ? (int)code : 0;
        var reply = Parse(response.HasResponseError(out var error) ? error.Content : null);
        return Refused(messageId, reply?.ErrorCode ?? status, reply ?? new TelegramReply<JsonElement>(false, Description: response.ReasonPhrase));
    }

    static SendOutcome Refused<T>(string messageId, int code, TelegramReply<T> reply)
    {
        var error = $"telegram {code}: {reply.Description?.Trim() ?? "no description"}";
        return code switch
        {
            429 => new SendOutcome(messageId, SendResult.Retry, Error: error,
                RetryAfter: reply.Parameters?.RetryAfter is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : TelegramBot.DefaultRetryAfter),
            403 => new SendOutcome(messageId, SendResult.OptOut, Error: error),
            400 when reply.Description?.Contains(TelegramBot.ChatNotFound, StringComparison.OrdinalIgnoreCase) == true
                => new SendOutcome(messageId, SendResult.Unreachable, Error: error),
            >= 500 => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: TelegramBot.ServerErrorRetryAfter),
            _ => new SendOutcome(messageId, SendResult.Failed, Error: error),
        };
    }

    static TelegramReply<JsonElement>? Parse(string? content)
    {
        if (string.IsNullOrWhiteSpace(content) || content.TrimStart()[0] != '{')
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<TelegramReply<JsonElement>>(content, HttpApis.SnakeCase);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
