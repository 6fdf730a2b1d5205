using System.Text.Json.Nodes;

namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// <c>sendMessage</c>'s body: <c>chat_id</c> (a number for a user or group, <c>@name</c> for a channel), <c>text</c>
/// sent as plain text, and an inline keyboard of URL buttons when the message has buttons.
/// </summary>
internal sealed record TelegramSendMessage(JsonNode ChatId, string Text, TelegramInlineKeyboard? ReplyMarkup)
{
    public static TelegramSendMessage For(OutboundMessage message) => new(
        ChatIdOf(message.Address),
        message.Content.Text,
        message.Content.Buttons.Count == 0 ? null : new TelegramInlineKeyboard(
            message.Content.Buttons.Select(b => (IReadOnlyList<TelegramUrlButton>)[new TelegramUrlButton(b.Text, b.Url)]).ToList()));

    static JsonNode ChatIdOf(string address) =>
        long.TryParse(address.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? JsonValue.Create(id)
            : JsonValue.Create(address.Trim());
}

/// <summary><c>{"inline_keyboard":[[button], …]}</c>: one button per row.</summary>
internal sealed record TelegramInlineKeyboard(IReadOnlyList<IReadOnlyList<TelegramUrlButton>> InlineKeyboard);

internal sealed record TelegramUrlButton(string Text, string Url);

/// <summary>Every Bot API answer.</summary>
internal sealed record TelegramReply<T>(bool Ok, T? Result = default, int? ErrorCode = null, string? Description = null, TelegramResponseParameters? Parameters = null);

/// <summary><c>retry_after</c>: seconds left to wait before the request can be repeated.</summary>
internal sealed record TelegramResponseParameters(int? RetryAfter = null, long? MigrateToChatId = null);

internal sealed record TelegramMessage(long MessageId);
